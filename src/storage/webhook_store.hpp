// WebhookStore: the webhooks admins registered and their delivery ledger (migration
// 0011_webhooks, docs/decisions/0022-webhooks.md), modelled on the mail ledger's leases
// (DeliveryStore, docs/decisions/0006-delivery.md).
//
// Row life: queued --claim--> sending --record--> delivered | failed | queued (retry at
// next_attempt_at). A `sending` row whose lease expired (its worker died, e.g. kill -9 in the
// middle of a POST) is claimable again, so an event is delivered at least once; receivers dedupe
// by the row id (the Barometer-Delivery header). Outcomes are accepted only from the worker that
// holds the lease (lease_owner matches and the row is still `sending`), else `conflict`.
//
// enqueue() is meant to run inside Database::transact with the change that caused the event
// (Facets::webhooks): the rows commit with the publish or not at all.
//
// Both backends: Database::webhooks(); the SQL is shared (storage/sql/webhook_sql.hpp). Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "domain/webhook.hpp"

namespace barometer {

// What a worker learned about one claimed row.
struct WebhookOutcome {
  enum class Kind { delivered, retry, failed, released };
  Id delivery_id = 0;
  Kind kind = Kind::retry;
  Instant at{};                         // when the attempt ended
  std::optional<Instant> next_attempt;  // retry: when to try again
  std::optional<int> status;            // the receiver's HTTP status, if one came
  std::string response;                 // the start of its body (kept, cut to 1000 bytes)
  std::string error;                    // local failure (kept, cut to 500 bytes)
};

class WebhookStore {
 public:
  virtual ~WebhookStore() = default;

  // --- Webhooks. The caller validates url and events (services/webhooks/webhook_admin.hpp).
  // The stored webhook with its id (created_at = updated_at = now).
  virtual Result<Webhook> add_webhook(const Webhook& webhook, Instant now) = 0;
  // Sets url, events, active. not_found for an unknown id.
  virtual Status update_webhook(const Webhook& webhook, Instant now) = 0;
  virtual Status set_webhook_secret(Id id, const std::string& secret, Instant now) = 0;
  // Deletes the webhook and its ledger rows. not_found for an unknown id.
  virtual Status delete_webhook(Id id) = 0;
  virtual Result<Webhook> get_webhook(Id id) = 0;
  virtual Result<std::vector<Webhook>> list_webhooks() = 0;  // by id

  // --- Ledger.
  // One queued row, due at `now`, per active webhook that wants `event`; the rows added.
  virtual Result<int> enqueue(WebhookEvent event, const std::string& event_id, const std::string& payload,
                              Instant now) = 0;
  // Up to `limit` rows of active webhooks: sending rows whose lease expired, then queued rows
  // due at `now`; marks them sending, owned by `owner` until now + lease_seconds, attempts + 1;
  // each with its webhook's url and secret. Two claimers never get the same row.
  virtual Result<std::vector<WebhookDelivery>> claim(const std::string& owner, Instant now, int lease_seconds,
                                                     int limit) = 0;
  // Applies `outcome` if `owner` still holds the row's lease; conflict otherwise. `released`
  // queues the row again at `at` without counting the claim's attempt.
  virtual Status record(const std::string& owner, const WebhookOutcome& outcome) = 0;
  // The newest `limit` rows of a webhook, newest first.
  virtual Result<std::vector<WebhookDelivery>> recent_deliveries(Id webhook_id, int limit) = 0;
  virtual Result<WebhookDelivery> get_delivery(Id id) = 0;
  // "Deliver again": a delivered or failed row becomes queued, due at `now`, with its attempts
  // reset; a queued row is made due now. conflict while a worker holds it; not_found.
  virtual Status redeliver(Id id, Instant now) = 0;
  // Rows by state, the whole ledger.
  virtual Result<WebhookReport> report() = 0;
};

}  // namespace barometer
