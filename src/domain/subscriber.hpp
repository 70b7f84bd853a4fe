// Subscriber: a reader who asked for the weekly digest by email (PRODUCT.md "Domain"), the consent
// trail behind that, and the outbox rows that carry confirmation mails (docs/glossary.md).
//
// States: pending (asked, not yet confirmed) -> confirmed (double opt-in done) -> unsubscribed
// (left) | bounced (the address stopped working). Subscribing again from unsubscribed/bounced
// goes back to pending and needs a new confirmation.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.hpp"
#include "domain/site.hpp"
#include "domain/topic.hpp"

namespace barometer {

enum class SubscriberStatus { pending, confirmed, unsubscribed, bounced };
std::string_view to_string(SubscriberStatus status);
std::optional<SubscriberStatus> parse_subscriber_status(std::string_view text);

struct Subscriber {
  Id id = 0;
  std::string email;                       // unique; the stored form (lower-case, domain in A-labels)
  LangCode lang;                           // the language of the digest and every mail
  std::vector<Id> topic_ids;               // the topics wanted; empty = every topic
  SubscriberStatus status = SubscriberStatus::pending;
  Instant created_at{};
  std::optional<Instant> confirmed_at;     // last confirmation
  std::optional<Instant> unsubscribed_at;  // last unsubscription
  std::string consent_source;              // where the last subscribe came from ("form:/en/")
  std::string ip_hash;                     // keyed hash of the IP of the last subscribe; never the IP
  int bounce_count = 0;
  // Single-use secret inside the confirmation token; "" when no confirmation is outstanding.
  std::string confirm_nonce;
  // Secret inside unsubscribe/preferences tokens; rotated when someone re-subscribes after
  // leaving, so links from mails of an earlier subscription stop working.
  std::string manage_nonce;
};

// What happened to a subscription, kept as proof of consent (GDPR art. 7(1)).
enum class ConsentAction { subscribe, confirm, unsubscribe, preferences };
std::string_view to_string(ConsentAction action);
std::optional<ConsentAction> parse_consent_action(std::string_view text);

struct ConsentEvent {
  Id id = 0;
  Id subscriber_id = 0;
  Instant at{};
  ConsentAction action = ConsentAction::subscribe;
  std::string source;   // "form:/en/", "one-click", "page", ...
  std::string ip_hash;  // keyed hash of the client IP ("" when none: a mail provider's one-click POST)
};

// A transactional mail waiting in the outbox: queued -> sending (leased by one sender) -> sent |
// failed; a failed attempt that may be retried goes back to queued with a later next_attempt_at.
enum class OutboxState { queued, sending, sent, failed };
std::string_view to_string(OutboxState state);
std::optional<OutboxState> parse_outbox_state(std::string_view text);

struct OutboxMail {
  Id id = 0;
  std::string recipient;                // RCPT TO (A-label form)
  std::string message;                  // the complete RFC 5322 message
  OutboxState state = OutboxState::queued;
  int attempts = 0;                     // sending attempts so far
  Instant created_at{};
  Instant next_attempt_at{};            // not claimed before this
  std::optional<Instant> lease_until;   // while sending: another sender may take it after this
  std::string last_error;               // the last failed attempt's detail
};

}  // namespace barometer
