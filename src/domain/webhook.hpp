// Webhook and WebhookDelivery: a receiver an admin registered for some events, and the ledger
// rows of what is owed to it (docs/decisions/0022-webhooks.md). Plain values; who may move a row
// from one state to another is WebhookStore's rule (storage/webhook_store.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.hpp"
#include "domain/topic.hpp"

namespace barometer {

// commentary.published: a commentary was published (also a re-publish of an edited one);
// commentary.unpublished: a published commentary went back to a draft; week.completed: a
// publish made every topic of its period published; digest.sent: a digest run finished.
enum class WebhookEvent { commentary_published, commentary_unpublished, week_completed, digest_sent };
inline constexpr std::array kWebhookEvents{WebhookEvent::commentary_published, WebhookEvent::commentary_unpublished,
                                           WebhookEvent::week_completed, WebhookEvent::digest_sent};

// "commentary.published", ...; parse returns nullopt for anything else.
std::string_view to_string(WebhookEvent event);
std::optional<WebhookEvent> parse_webhook_event(std::string_view text);

// queued: due at next_attempt_at (first try or a retry); sending: claimed by a worker whose lease
// has not expired; delivered: the receiver answered 2xx; failed: out of attempts (or refused for
// good, e.g. its address is not allowed).
enum class WebhookDeliveryState { queued, sending, delivered, failed };
std::string_view to_string(WebhookDeliveryState state);
std::optional<WebhookDeliveryState> parse_webhook_delivery_state(std::string_view text);

struct Webhook {
  Id id = 0;
  std::string url;                   // http(s), checked by webhook::parse_url at registration
  std::string secret;                // the HMAC key; the back office shows it once
  std::vector<WebhookEvent> events;  // at least one, no repeats, in kWebhookEvents order
  bool active = true;                // inactive: rows stay queued, nothing is sent
  Instant created_at{};
  Instant updated_at{};
};

// One ledger row; url and secret are the webhook's, read with the claim.
struct WebhookDelivery {
  Id id = 0;
  Id webhook_id = 0;
  std::string event;     // "commentary.published"
  std::string event_id;  // random; the same for every webhook's row of one event
  std::string payload;   // JSON
  WebhookDeliveryState state = WebhookDeliveryState::queued;
  int attempts = 0;      // claims so far (this one included when claimed)
  std::optional<Instant> next_attempt_at;
  Instant created_at{};
  std::optional<Instant> last_attempt_at;
  std::optional<Instant> delivered_at;
  std::optional<int> last_status;  // the receiver's HTTP status
  std::string last_response;       // the start of its body
  std::string last_error;          // what went wrong locally
  std::string url;                 // claim() only
  std::string secret;              // claim() only
};

// Ledger rows by state (/metrics).
struct WebhookReport {
  std::int64_t queued = 0;
  std::int64_t sending = 0;
  std::int64_t delivered = 0;
  std::int64_t failed = 0;
};

}  // namespace barometer
