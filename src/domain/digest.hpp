// Digest and Delivery: the newsletter of one period in one language, and its per-recipient
// ledger rows (docs/decisions/0006-delivery.md). Plain values; the rules about who may move a row
// from one state to another live in DeliveryStore (storage/delivery_store.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/date.hpp"
#include "domain/topic.hpp"

namespace barometer {

// draft: created, not yet approved; ready: an editor approved it (automatic sending picks it up);
// sending: deliveries enqueued and being sent; done: nothing pending any more.
enum class DigestState { draft, ready, sending, done };

// queued: waiting (first try or a retry after a 4xx); sending: claimed by a sender whose lease
// has not expired; sent: the relay answered 250; failed: permanent (5xx or out of attempts);
// uncertain: the relay's reply was lost — maybe delivered, retried with the same Message-ID.
enum class DeliveryState { queued, sending, sent, failed, uncertain };

std::string_view to_string(DigestState s);
std::optional<DigestState> parse_digest_state(std::string_view s);
std::string_view to_string(DeliveryState s);
std::optional<DeliveryState> parse_delivery_state(std::string_view s);

struct Digest {
  Id id = 0;
  std::string period;                  // "2022-W09"
  std::string lang;                    // "en"
  DigestState state = DigestState::draft;
  std::string token;                   // random, part of every Message-ID of this digest
  Instant created_at{};
  std::optional<Instant> ready_at;     // when an editor marked it ready
  std::optional<Instant> finished_at;  // when nothing was pending any more
};

// One claimed ledger row, as a sender needs it.
struct Delivery {
  Id id = 0;
  Id digest_id = 0;
  Id subscriber_id = 0;
  std::string email;       // snapshot at enqueue time: a later address change does not move it
  std::string message_id;  // "<...@domain>", fixed at enqueue: every (re)send carries the same one
  DeliveryState state = DeliveryState::queued;
  int attempts = 0;        // claims so far, this one included
};

// How many ledger rows of a digest are in each state. `pending` = queued + sending + uncertain
// rows that will be retried; never counted as sent.
struct DeliveryReport {
  std::int64_t queued = 0;
  std::int64_t sending = 0;
  std::int64_t sent = 0;
  std::int64_t failed = 0;
  std::int64_t uncertain = 0;        // all uncertain rows, retried or not
  std::int64_t uncertain_final = 0;  // uncertain rows that will not be retried any more
  std::int64_t total() const { return queued + sending + sent + failed + uncertain; }
  std::int64_t pending() const { return queued + sending + (uncertain - uncertain_final); }
};

}  // namespace barometer
