// DeliveryStore: the digest delivery ledger (migration 0006_delivery,
// docs/decisions/0006-delivery.md). One row per (digest, subscriber), unique, each with a
// Message-ID fixed at enqueue time. A separate interface from NewsletterStore so the ledger can
// evolve without touching subscriptions; it reads the `subscribers` table (migration
// 0005_newsletter) only in enqueue() and record() (bounce counting).
//
// Row life: queued --claim--> sending --record--> sent | failed | queued (retry) | uncertain.
// A `sending` row whose lease has expired (its sender died) is claimable again; so is an
// `uncertain` row whose retry time has come. Every record is accepted only from the sender that
// holds the lease (lease_owner matches and the row is still `sending`); otherwise it is skipped
// (conflict for the single-row helpers), because someone else now owns that row.
//
// Both backends: Database::deliveries(); the SQL is shared (storage/sql/delivery_sql.hpp).
// Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/digest.hpp"
#include "domain/result.hpp"

namespace barometer {

// What a sender learned about one claimed row. `released`: the sender gives the row back unsent
// (its lease is half gone, or it is stopping): queued again, due at `at`, and the claim's attempt
// is not counted; code and detail are ignored and the row keeps its previous ones.
struct DeliveryOutcome {
  enum class Kind { sent, retry, failed, uncertain, released };
  Id delivery_id = 0;
  Kind kind = Kind::retry;
  Instant at{};                          // when it happened (sent_at for `sent`)
  std::optional<Instant> next_attempt;   // retry / uncertain: when to try again; none = never
  int code = 0;                          // SMTP reply code, 0 when none
  std::string detail;                    // reply text or local error (kept, truncated to 500 bytes)
};

class DeliveryStore {
 public:
  virtual ~DeliveryStore() = default;

  // --- Digests. unique (period, lang).
  // The digest of (period, lang), created as a draft with `token` if it does not exist yet
  // (the stored token wins when it does). Safe to call concurrently from several processes.
  virtual Result<Digest> ensure_digest(const std::string& period, const std::string& lang,
                                       const std::string& token, Instant now) = 0;
  virtual Result<Digest> get_digest(Id id) = 0;
  virtual Result<Digest> find_digest(const std::string& period, const std::string& lang) = 0;
  virtual Result<std::vector<Digest>> list_digests(std::optional<DigestState> state) = 0;  // by id
  // draft -> ready (records ready_at). A digest past draft is left alone (not an error).
  virtual Status mark_ready(Id digest_id, Instant now) = 0;
  // Sets the state (ready/draft -> sending when enqueued; -> done with finished_at when nothing is
  // pending). not_found for an unknown id.
  virtual Status set_digest_state(Id digest_id, DigestState state, Instant now) = 0;

  // --- Ledger.
  // One queued row per confirmed subscriber whose language is the digest's, due at `now`, with
  // Message-ID "<TOKEN.SUBSCRIBER_ID@domain>". Rows that exist are left alone, so re-running it
  // after a crash or after new confirmations only adds the missing ones. Returns rows added.
  virtual Result<std::int64_t> enqueue(Id digest_id, const std::string& message_id_domain, Instant now) = 0;
  // Takes up to `limit` rows: queued or uncertain rows due at `now`, and sending rows whose lease
  // has expired; marks them sending, owned by `owner` until now + lease_seconds, attempts + 1.
  // Two claimers never get the same row. digest_id 0 = any digest in state sending.
  virtual Result<std::vector<Delivery>> claim(const std::string& owner, Instant now, int lease_seconds,
                                               int limit, Id digest_id) = 0;
  // Applies outcomes in one transaction, each only if `owner` still holds that row's lease.
  // A `failed` outcome adds one to the subscriber's bounce count and marks the subscriber bounced
  // when the count reaches bounce_limit (0 = never). Returns how many rows were updated.
  virtual Result<int> record(const std::string& owner, const std::vector<DeliveryOutcome>& outcomes,
                             int bounce_limit) = 0;
  // record(owner, outcomes, bounce_limit) and then claim(owner, now, lease_seconds, limit,
  // digest_id), in ONE transaction where the backend can (a single durable commit for both, the
  // sender's group commit). On error neither happened. The default runs the two calls.
  virtual Result<std::pair<int, std::vector<Delivery>>> record_and_claim(
      const std::string& owner, const std::vector<DeliveryOutcome>& outcomes, int bounce_limit, Instant now,
      int lease_seconds, int limit, Id digest_id);
  // Rows of the digest by state; digest_id 0 = the whole ledger (the /metrics gauges).
  virtual Result<DeliveryReport> report(Id digest_id) = 0;
  // The ledger row of one subscriber (tests, the admin page). not_found when there is none.
  virtual Result<Delivery> find_delivery(Id digest_id, Id subscriber_id) = 0;

  // Single-row helpers over record(): conflict when the owner no longer holds the lease.
  Status mark_sent(const std::string& owner, Id id, Instant at, int code, const std::string& detail);
  Status mark_retry(const std::string& owner, Id id, Instant at, Instant next, int code, const std::string& detail);
  Status mark_failed(const std::string& owner, Id id, Instant at, int code, const std::string& detail,
                     int bounce_limit);
  Status mark_uncertain(const std::string& owner, Id id, Instant at, std::optional<Instant> next,
                        const std::string& detail);
};

}  // namespace barometer
