// Subscriptions: the newsletter's sign-up use cases (PRODUCT.md "subscriber"): subscribe with
// double opt-in, confirm, change preferences, unsubscribe (one click, RFC 8058), with consent
// recorded and abuse limits. Pages call it; it does no HTTP.
//
// Public answers never tell whether an address is known: subscribe() reports its outcome for
// logs and tests only, and the page shows "check your inbox" for every outcome.
//
// Abuse limits (all counted in the NewsletterStore, so they hold across nodes):
//  - per client IP (keyed hash): at most max_subscribes_per_ip subscribe calls per ip_window;
//    beyond that nothing is changed and no mail is queued (outcome rate_limited).
//  - per address: at most max_confirmations_per_address confirmation mails per address_window,
//    whoever asks: the form cannot be used to flood someone's inbox.
//  - the outbox refuses more than max_queued waiting mails (outcome outbox_full).
//
// Tokens (services/newsletter/newsletter_tokens.hpp): confirm tokens expire after confirm_ttl
// and are single-use (the nonce is cleared when used, atomically in the store); manage tokens
// (unsubscribe, preferences) do not expire and stop working when the subscriber re-subscribes
// after leaving (the nonce is rotated).
//
// Thread-safe if the store is; the composer is called from the request's thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "domain/clock.hpp"
#include "domain/result.hpp"
#include "domain/subscriber.hpp"
#include "services/newsletter/newsletter_tokens.hpp"
#include "storage/newsletter_store.hpp"

namespace barometer::newsletter {

struct SubscriptionOptions {
  // Public base URL of the site, no trailing slash ("https://monitor.example"); links in mails.
  // Required.
  std::string base_url;
  // The mailto: address of List-Unsubscribe ("unsubscribe@monitor.example"); "" = https only.
  std::string unsubscribe_mailbox;
  // Subscribe calls allowed per client IP within ip_window. Default 10 per hour.
  int max_subscribes_per_ip = 10;
  std::chrono::seconds ip_window = std::chrono::hours(1);
  // Confirmation mails allowed per address within address_window. Default 3 per 24 hours.
  int max_confirmations_per_address = 3;
  std::chrono::seconds address_window = std::chrono::hours(24);
  // How long a confirmation link works. Default 7 days.
  std::chrono::seconds confirm_ttl = std::chrono::hours(24 * 7);
  // Mails that may wait in the outbox; subscribe() queues nothing beyond. Default 10000.
  int max_queued = 10000;
  // How long after its confirmation link expired a never-confirmed subscriber is kept before
  // prune_unconfirmed() deletes it (time for a late "why did my link not work?"). Default 7 days.
  std::chrono::seconds prune_grace = std::chrono::hours(24 * 7);
};

// The configuration's sane ranges for the limits above (config/ checks its keys with the same
// numbers; create() refuses options outside them): per IP 1..10000 in a window of 1 minute to
// 7 days; per address 1..100 in 1 minute to 30 days; confirm_ttl 1 hour to 90 days; max_queued
// 1..1000000; prune_grace 0 to 365 days.

// What a confirmation mail needs; the composer turns it into an RFC 5322 message.
struct ConfirmationMail {
  std::string to;                 // stored (A-label) address, for the To: header
  std::string display_to;         // the same with U-labels, for text
  LangCode lang;                  // the mail's language
  std::string confirm_url;        // base_url/confirm/{token}: GET shows a "Confirm" button, POST confirms
  std::string preferences_url;    // language and topics
  std::string unsubscribe_url;    // https, for List-Unsubscribe and the visible link (RFC 8058 POST target)
  std::string list_unsubscribe;   // the whole List-Unsubscribe header value: <https://...>, <mailto:...>
  std::string list_unsubscribe_post = "List-Unsubscribe=One-Click";  // the List-Unsubscribe-Post value
};
// Returns the complete message (headers including List-Unsubscribe and List-Unsubscribe-Post,
// and body) or an error (then nothing is queued).
using ConfirmationComposer = std::function<Result<std::string>(const ConfirmationMail&)>;

// A stand-in composer until the MIME composer of services/newsletter/compose is wired: a short
// text/plain UTF-8 message in English, from `from` ("Monitor <news@monitor.example>").
ConfirmationComposer plain_confirmation_composer(std::string from);

struct SubscribeRequest {
  std::string email;          // as typed; checked with parse_email_address
  LangCode lang;              // a site language (the page checks it)
  std::vector<Id> topic_ids;  // empty = every topic
  std::string source;         // where the form was: "form:/en/"
  std::string ip;             // client IP as text; only its keyed hash is stored
};

enum class SubscribeOutcome {
  queued,             // a confirmation mail was queued
  already_confirmed,  // confirmed before: nothing changed, no mail
  address_limited,    // the per-address mail limit was reached: no mail
  rate_limited,       // the per-IP limit was reached: nothing changed
  outbox_full,        // the outbox bound was reached: no mail
};

class Subscriptions {
 public:
  // Loads (creating on first use) the site secret. Errors of the store.
  static Result<std::unique_ptr<Subscriptions>> create(NewsletterStore& store, const Clock& clock,
                                                       ConfirmationComposer composer, SubscriptionOptions options);

  // invalid (message for logs) when the address is malformed; store errors otherwise.
  Result<SubscribeOutcome> subscribe(const SubscribeRequest& request);

  // Token checks without side effects, for the pages that show a button (a mail scanner's GET
  // changes nothing). Errors: invalid = malformed or forged; not_found = used, superseded or the
  // subscriber is gone; conflict = expired (confirm tokens only).
  Result<Subscriber> check_confirm(std::string_view token);
  Result<Subscriber> check_manage(std::string_view token);

  // Confirms (single use). Errors as check_confirm.
  Result<Subscriber> confirm(std::string_view token, const std::string& source, const std::string& ip);
  // Unsubscribes; idempotent (an unsubscribed subscriber stays so). Errors as check_manage.
  Result<Subscriber> unsubscribe(std::string_view token, const std::string& source, const std::string& ip);
  // Sets language and topics. invalid for an empty lang; errors as check_manage.
  Result<Subscriber> update_preferences(std::string_view token, const LangCode& lang, const std::vector<Id>& topic_ids,
                                        const std::string& ip);

  // Deletes the subscribers who never confirmed and whose last confirmation link expired more
  // than prune_grace ago (subscribed before now - confirm_ttl - prune_grace); their consent rows
  // go with them and only an anonymous count is kept (NewsletterStore::
  // prune_unconfirmed_subscribers, docs/decisions/0011-pruning-unconfirmed-subscribers.md).
  // Returns how many were deleted; store errors.
  Result<int> prune_unconfirmed();

  // Links of a subscriber (manage token), for mails and pages (PRODUCT.md's URL table):
  // base_url + "/unsubscribe/{token}" (also the RFC 8058 POST target) and
  // base_url + "/preferences/{token}". The confirmation link is base_url + "/confirm/{token}".
  // The pages take the language from the subscriber, so no URL carries one.
  std::string manage_token(const Subscriber& s) const;
  std::string unsubscribe_url(const Subscriber& s) const;
  std::string preferences_url(const Subscriber& s) const;
  // List-Unsubscribe's mailto target without "mailto:": unsubscribe_mailbox +
  // "?subject=unsubscribe%20{manage token}" (the https URL's token; `barometer unsubscribe-mail`
  // reads it back from the Subject). "" when no mailbox is configured.
  std::string unsubscribe_mailto(const Subscriber& s) const;

  const SubscriptionOptions& options() const { return options_; }

 private:
  Subscriptions(NewsletterStore& store, const Clock& clock, ConfirmationComposer composer, SubscriptionOptions options,
                TokenSigner signer)
      : store_(store), clock_(clock), composer_(std::move(composer)), options_(std::move(options)),
        signer_(std::move(signer)) {}

  Result<Subscriber> check(std::string_view token, TokenPurpose purpose);
  Result<SubscribeOutcome> send_confirmation(const Subscriber& s);
  Status consent(Id subscriber_id, ConsentAction action, const std::string& source, const std::string& ip);

  NewsletterStore& store_;
  const Clock& clock_;
  ConfirmationComposer composer_;
  SubscriptionOptions options_;
  TokenSigner signer_;
};

}  // namespace barometer::newsletter
