// DigestAutoSender: the background loop of `barometer serve` that delivers the digests an editor
// marked ready (DeliveryStore::mark_ready), and resumes digests left `sending` by a stopped or
// crashed node. Several nodes may run one on PostgreSQL: they share the ledger's rows through
// leases, so each message is still sent once (docs/decisions/0006-delivery.md).
//
// Each pass: every digest in state ready or sending goes through one newsletter::DigestRun (the
// same steps as `barometer send`: compose, mark sending, enqueue, send until nothing is pending,
// mark done). A digest whose messages cannot be composed (no published commentary, a broken
// theme) is skipped and reported through on_error; it stays ready and is tried again next pass.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "config/config.hpp"
#include "services/newsletter/digest_run.hpp"
#include "storage/database.hpp"

namespace barometer {

struct AutoSendOptions {
  // Time between passes. Default 30 s.
  std::chrono::milliseconds interval{30'000};
  // Called with each digest's final report (logging). May be empty.
  std::function<void(const Digest&, const DeliveryReport&)> on_done;
  // Called when a pass or a digest fails (logging). May be empty.
  std::function<void(const Error&)> on_error;
};

class DigestAutoSender {
 public:
  DigestAutoSender(const Config& config, Database& database, AutoSendOptions options);
  ~DigestAutoSender();
  DigestAutoSender(const DigestAutoSender&) = delete;
  DigestAutoSender& operator=(const DigestAutoSender&) = delete;

  // One pass, in the calling thread. Returns how many digests it finished (state done).
  Result<int> run_once();
  // Starts the background thread (a pass now, then one per interval); stop() ends it after the
  // batches in hand are recorded.
  void start();
  void stop();

 private:
  Config config_;
  Database& db_;
  AutoSendOptions options_;
  SystemClock clock_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;                        // guarded by mutex_
  newsletter::DigestRun* current_ = nullptr;     // guarded by mutex_
};

}  // namespace barometer
