// NewsletterStore: subscribers, their consent trail, rate-limit events, the site secret that signs
// newsletter tokens, and the outbox of confirmation mails (migration 0005_newsletter).
// A separate interface from Store, like StaffStore: none of this is content, so none of it moves
// Store::content_version() or invalidates cached pages.
//
// Both backends implement it with one SQL template (storage/sql/newsletter_sql.hpp) over the same
// database as their Store: Database::subscribers().
//
// Contract: thread-safe; expected failures are returned: not_found, conflict (duplicate email),
// invalid (a value the schema refuses), unavailable (database busy or unreachable), io.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "domain/subscriber.hpp"

namespace barometer {

// A search of the subscriber list (the admin's /admin/newsletter/subscribers/). Every criterion
// that is set must match; results are ordered by id.
struct SubscriberQuery {
  // A substring of the stored email (compared lower-case; % and _ are literal). Default "": any.
  std::string email_contains;
  // Only this status. Default: any.
  std::optional<SubscriberStatus> status;
  // Only this language code. Default "": any.
  std::string lang;
  // At most this many rows (search only; clamped to 1..10000). Default 50.
  int limit = 50;
  // Rows skipped before the first one returned (search only; negative = 0). Default 0.
  int offset = 0;
};

class NewsletterStore {
 public:
  virtual ~NewsletterStore() = default;

  // --- Subscribers. `email` is the stored form (parse_email_address().ascii).
  virtual Result<Id> add_subscriber(const Subscriber& subscriber) = 0;  // conflict on a duplicate email
  virtual Result<Subscriber> get_subscriber(Id id) = 0;
  virtual Result<Subscriber> find_subscriber(std::string_view email) = 0;
  // Replaces every field of subscriber.id's row but the email. not_found for an unknown id.
  virtual Status update_subscriber(const Subscriber& subscriber) = 0;
  // The single-use step of the double opt-in, atomic: when the row still holds `confirm_nonce`
  // (non-empty), sets status confirmed, confirmed_at = at, clears the nonce and returns true;
  // otherwise changes nothing and returns false (already used, rotated, or unknown id).
  virtual Result<bool> confirm_subscriber(Id id, std::string_view confirm_nonce, Instant at) = 0;
  // Subscribers in `status`, ordered by id (for the digest and the admin).
  virtual Result<std::vector<Subscriber>> list_subscribers(SubscriberStatus status) = 0;
  // The page of subscribers matching `query` (limit/offset), by id; and how many match in all.
  virtual Result<std::vector<Subscriber>> search_subscribers(const SubscriberQuery& query) = 0;
  virtual Result<std::int64_t> count_subscribers(const SubscriberQuery& query) = 0;

  // Deletes the subscribers that never confirmed (status pending, confirmed_at unset) and asked
  // nothing since `before`: created before it, and no consent event (a renewed subscribe) at or
  // after it. Their consent rows go with them (ON DELETE CASCADE). One anonymous row (when,
  // how many) is added to subscriber_prunes in the same transaction, so the count survives the
  // addresses (docs/decisions/0011-pruning-unconfirmed-subscribers.md). Returns how many were
  // deleted. A subscriber that was confirmed once and is pending again is kept.
  virtual Result<int> prune_unconfirmed_subscribers(Instant before, Instant now) = 0;
  // Subscribers removed by prune_unconfirmed_subscribers() since `since`, summed over its
  // anonymous records (for the admin and tests).
  virtual Result<std::int64_t> pruned_subscriber_count(Instant since) = 0;

  // --- Consent trail (append-only).
  virtual Status add_consent(const ConsentEvent& event) = 0;
  virtual Result<std::vector<ConsentEvent>> consent_events(Id subscriber_id) = 0;  // oldest first

  // --- Rate limiting: one row per counted event, per opaque key ("ip:<hash>", "mail:<email>").
  virtual Status record_rate_event(std::string_view key, Instant at) = 0;
  virtual Result<int> count_rate_events(std::string_view key, Instant since) = 0;
  virtual Result<int> prune_rate_events(Instant before) = 0;  // rows removed

  // --- The site secret: 32 random bytes shared by every node. Stores `candidate` when the
  // database has none yet and returns the stored one (so concurrent first calls agree).
  virtual Result<std::string> site_secret(const std::string& candidate) = 0;

  // --- The outbox of transactional mails.
  // Queues `mail` (state queued) and returns its id, unless `max_queued` or more mails are
  // already queued or sending: then nothing is added and the result is nullopt (outbox full).
  virtual Result<std::optional<Id>> enqueue_mail(const OutboxMail& mail, int max_queued) = 0;
  // Takes up to `limit` mails that are queued with next_attempt_at <= now, or sending with an
  // expired lease (a sender that died), marks them sending with lease_until = lease_until, adds
  // one attempt, and returns them. Several nodes claiming at once never get the same mail.
  virtual Result<std::vector<OutboxMail>> claim_mail(Instant now, Instant lease_until, int limit) = 0;
  virtual Status mark_mail_sent(Id id) = 0;
  // Back to queued for another attempt at `next_attempt_at`, keeping `error`.
  virtual Status retry_mail(Id id, Instant next_attempt_at, std::string_view error) = 0;
  virtual Status mark_mail_failed(Id id, std::string_view error) = 0;
  virtual Result<OutboxMail> get_mail(Id id) = 0;
  // Mails in `state`, oldest first (for tests and the admin).
  virtual Result<std::vector<OutboxMail>> list_mail(OutboxState state) = 0;
  // Removes sent and failed mails created before `before`; returns how many.
  virtual Result<int> prune_mail(Instant before) = 0;
};

}  // namespace barometer
