#include "storage/delivery_store.hpp"

namespace barometer {

namespace {

Status one(Result<int> updated) {
  if (!updated) return updated.error();
  if (*updated == 0) return conflict("delivery: this sender no longer holds the row's lease");
  return {};
}

}  // namespace

Result<std::pair<int, std::vector<Delivery>>> DeliveryStore::record_and_claim(
    const std::string& owner, const std::vector<DeliveryOutcome>& outcomes, int bounce_limit, Instant now,
    int lease_seconds, int limit, Id digest_id) {
  auto recorded = record(owner, outcomes, bounce_limit);
  if (!recorded) return recorded.error();
  auto claimed = claim(owner, now, lease_seconds, limit, digest_id);
  if (!claimed) return claimed.error();
  return std::pair{*recorded, std::move(*claimed)};
}

Status DeliveryStore::mark_sent(const std::string& owner, Id id, Instant at, int code, const std::string& detail) {
  return one(record(owner, {{id, DeliveryOutcome::Kind::sent, at, std::nullopt, code, detail}}, 0));
}

Status DeliveryStore::mark_retry(const std::string& owner, Id id, Instant at, Instant next, int code,
                                 const std::string& detail) {
  return one(record(owner, {{id, DeliveryOutcome::Kind::retry, at, next, code, detail}}, 0));
}

Status DeliveryStore::mark_failed(const std::string& owner, Id id, Instant at, int code, const std::string& detail,
                                  int bounce_limit) {
  return one(record(owner, {{id, DeliveryOutcome::Kind::failed, at, std::nullopt, code, detail}}, bounce_limit));
}

Status DeliveryStore::mark_uncertain(const std::string& owner, Id id, Instant at, std::optional<Instant> next,
                                     const std::string& detail) {
  return one(record(owner, {{id, DeliveryOutcome::Kind::uncertain, at, next, 0, detail}}, 0));
}

}  // namespace barometer
