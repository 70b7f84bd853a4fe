// DigestSender: delivers the ledger's rows (storage/delivery_store.hpp) through MailTransports
// (docs/decisions/0006-delivery.md).
//
// N worker threads (SenderOptions::concurrency), each with its own transport so a connection is
// reused across its messages. Each worker loops: claim a batch (a lease of lease_seconds) ->
// hand the batch to the transport as one stream (MailTransport::send_stream; SMTP pipelines it),
// where for each row, just before it goes: take a token from the shared rate limiter, build the
// message (MessageFactory: compose, sign) -> then record the whole batch AND claim the next one in one transaction
// (DeliveryStore::record_and_claim: one durable commit per batch, not two). Outcomes:
//   accepted  -> sent (only ever after the relay's 2xx)
//   transient -> queued again after an exponential backoff (base * 2^(attempts-1), at most cap);
//                failed once max_attempts claims have been used
//   permanent -> failed; a 5xx reply counts one bounce on the subscriber (bounce_limit)
//   uncertain -> uncertain, claimed again after the same backoff and re-sent with the SAME
//                Message-ID (receivers can dedupe); final uncertain after max_attempts
//   factory error -> failed (nothing was sent; the detail says why)
//   relay unusable -> the transport ended the stream (no connection, refused login): the rows not
//                tried yet get that same (transient) outcome, as if each had been tried
//   not sent  -> released: queued again at once, the attempt not counted. A worker stops sending
//                a batch once HALF its lease has passed (by the Clock), or when stop() is called,
//                and gives the rest back with the batch's record. So a slow relay never lets a
//                lease expire while its rows are still being sent (another sender would take them
//                over and send them a second time), as long as one message and the record take
//                less than the other half.
// In-flight bound: a row is `sending` from its claim until its batch is recorded, so at any
// moment at most concurrency × batch_size rows are in flight. A sender killed at any moment
// leaves at most that many rows that may have reached the relay without being recorded; they are
// re-sent (same Message-ID) after their lease expires, and nothing else is, so the duplicates
// of one kill are ≤ concurrency × batch_size (the next batch claimed with a record is in flight
// too, but none of it is sent before that record commits, so it adds no duplicates).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "domain/clock.hpp"
#include "domain/digest.hpp"
#include "domain/result.hpp"
#include "mail/transport.hpp"
#include "services/newsletter/token_bucket.hpp"
#include "storage/delivery_store.hpp"

namespace barometer::newsletter {

struct SenderOptions {
  // Worker threads, each with its own transport (connection). 1..64. Default 4.
  int concurrency = 4;
  // Messages per second over all workers; 0 = no limit. Default 0.
  double rate = 0;
  // Rows claimed per worker at a time (the in-flight bound is concurrency × batch_size). 1..1000.
  int batch_size = 20;
  // How long a claim holds its rows; a dead sender's rows are taken over after it. Default 300.
  int lease_seconds = 300;
  // Claims of one row before a transient failure becomes failed / an uncertain row stops being
  // retried. Default 5.
  int max_attempts = 5;
  // Backoff after a transient or uncertain outcome: base * 2^(attempts-1), at most cap.
  std::chrono::seconds backoff_base{30};
  std::chrono::seconds backoff_cap{3600};
  // Permanent (5xx) failures after which a subscriber is marked bounced; 0 = never. Default 3.
  int bounce_limit = 3;
  // Lease owner name; empty = "<host>:<pid>:<random>" (unique per run). Workers append ":N".
  std::string owner;
  // Only this digest's rows (0 = rows of every digest in state `sending`). Default 0.
  Id digest_id = 0;
  // MAIL FROM: where bounces go (usually the From address). Default "" (the null sender).
  std::string envelope_from;
  // Told about store errors (a claim or record that failed; workers keep going). Default: none.
  std::function<void(const Error&)> on_error;
  // How long an idle worker waits before claiming again. Default 200 ms.
  std::chrono::milliseconds idle_wait{200};
  // A second stop flag, watched like stop() (within about 250 ms): a DigestRun's, so a signal can
  // stop whichever sender is running without knowing it. Must outlive run(). Default none.
  const std::atomic<bool>* stop_also = nullptr;
};

// The finished message (RFC 5322 bytes, signed if configured) for one claimed row, or why not.
// It must carry delivery.message_id as its Message-ID. Called from worker threads concurrently.
using MessageFactory = std::function<Result<std::string>(const Delivery& delivery)>;
// A new transport for one worker thread.
using TransportFactory = std::function<std::unique_ptr<mail::MailTransport>()>;
// Progress of the digest being sent (DigestSender::run with a digest_id), about every 250 ms.
using ProgressFn = std::function<void(const DeliveryReport& report)>;

// What one batch did.
struct BatchStats {
  int claimed = 0;
  int sent = 0;
  int retried = 0;
  int failed = 0;
  int uncertain = 0;
  int lost_leases = 0;  // rows whose lease had passed to another sender before we recorded them
  int released = 0;     // rows given back unsent (half the lease gone, or stop())
};

class DigestSender {
 public:
  DigestSender(DeliveryStore& store, MessageFactory messages, TransportFactory transports, const Clock& clock,
               SenderOptions options);

  // invalid naming the option when one is out of range.
  static Status check(const SenderOptions& options);

  // One batch for worker `worker` through `transport`: claim, send (until half the lease has
  // passed), record (exposed for tests and the serve loop).
  Result<BatchStats> send_batch(int worker, mail::MailTransport& transport);

  // Runs the workers until stop() is called or, when until_done, until options.digest_id (which
  // must be set) has nothing pending (queued, sending or due for a retry). Returns the last report
  // (an empty one without a digest_id), or the store's error.
  Result<DeliveryReport> run(bool until_done, const ProgressFn& progress = {});
  // Asks run() to return after the batches in hand are recorded (their unsent rows given back).
  // Thread- and signal-context-safe.
  void stop() { stop_.store(true); }

  // Backoff before claim number attempts + 1.
  std::chrono::seconds backoff(int attempts) const;
  const TokenBucket& limiter() const { return bucket_; }
  const std::string& owner() const { return owner_; }

 private:
  // Rows one worker holds, and the `now` their lease was taken at.
  struct Batch {
    std::vector<Delivery> rows;
    Instant claimed_at{};
  };
  // Sends `batch` and records it; with claim_next (and not stopping), the next batch is claimed
  // into `batch` in the same transaction, else `batch` is left empty.
  Result<BatchStats> deliver(int worker, mail::MailTransport& transport, Batch& batch, bool claim_next);
  Result<Batch> claim(int worker);
  bool half_lease_gone(Instant claimed_at) const;
  std::string worker_owner(int worker) const { return owner_ + ":" + std::to_string(worker); }
  // The ledger's outcome for a row the transport answered `r` for.
  DeliveryOutcome outcome_of(const Delivery& d, const mail::SendResult& r, BatchStats& stats) const;

  DeliveryStore& store_;
  MessageFactory messages_;
  TransportFactory transports_;
  const Clock& clock_;
  SenderOptions options_;
  std::string owner_;
  TokenBucket bucket_;
  std::atomic<bool> stop_{false};
  // Held around claim() and record(): this sender's workers queue here (woken at once) instead of
  // polling SQLite's busy handler, which sleeps up to 100 ms per try while another worker commits.
  std::mutex store_writes_;
};

// "<host>:<pid>:<8 random hex>": a lease owner nobody else uses.
std::string default_owner();

}  // namespace barometer::newsletter
