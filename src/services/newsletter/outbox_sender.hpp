// OutboxSender: drains the NewsletterStore's outbox (confirmation mails) through a MailTransport.
//
// run_once() claims due mails with a lease (so several nodes never send one mail twice while the
// lease holds), sends each, and records the outcome:
//   accepted   -> sent
//   permanent  -> failed (the relay refused the recipient for good)
//   transient / uncertain -> queued again after a backoff (retry_delay * 2^(attempts-1), at most
//                max_retry_delay); after max_attempts attempts -> failed.
// A sender that dies mid-batch leaves its mails `sending`; they are claimed again when the lease
// expires (at most a lease's worth of duplicates, never a lost mail).
//
// start() runs run_once() on a background thread every poll_interval until stop() (or the
// destructor), and options.housekeeping every housekeeping_interval. Thread-safety: run_once()
// must not run concurrently on one object (the transport is single-threaded); start/stop from one
// owning thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "domain/clock.hpp"
#include "mail/transport.hpp"
#include "storage/newsletter_store.hpp"

namespace barometer::newsletter {

struct OutboxSenderOptions {
  // MAIL FROM (bounce address) of every outbox mail. Required.
  std::string envelope_from;
  // Mails claimed per run_once(). Default 20.
  int batch = 20;
  // How long a claim holds before another sender may take the mail. Default 5 minutes.
  std::chrono::seconds lease = std::chrono::minutes(5);
  // Delay before the first retry; doubles each attempt. Default 1 minute.
  std::chrono::seconds retry_delay = std::chrono::minutes(1);
  // Longest delay between retries. Default 1 hour.
  std::chrono::seconds max_retry_delay = std::chrono::hours(1);
  // Attempts before a mail is given up (failed). Default 8.
  int max_attempts = 8;
  // Pause of the background loop when the outbox had nothing due. Default 2 seconds.
  std::chrono::milliseconds poll_interval = std::chrono::seconds(2);
  // Sent and failed mails older than this are deleted by the background loop. Default 7 days.
  std::chrono::seconds keep_done = std::chrono::hours(24 * 7);
  // The newsletter's other housekeeping, run by the background loop at its first pass and then
  // whenever housekeeping_interval has passed on the clock: `serve` prunes unconfirmed
  // subscribers here (Subscriptions::prune_unconfirmed). Its error goes to on_error. Empty =
  // none. Default empty.
  std::function<Status()> housekeeping = nullptr;
  // Time between two housekeeping runs. Default 1 hour.
  std::chrono::seconds housekeeping_interval = std::chrono::hours(1);
};

struct OutboxRun {
  int sent = 0;
  int retried = 0;
  int failed = 0;
};

class OutboxSender {
 public:
  // store, transport and clock must outlive the sender.
  OutboxSender(NewsletterStore& store, mail::MailTransport& transport, const Clock& clock, OutboxSenderOptions options);
  ~OutboxSender();
  OutboxSender(const OutboxSender&) = delete;
  OutboxSender& operator=(const OutboxSender&) = delete;

  // One batch. Store errors are returned (nothing is lost: unrecorded mails are re-claimed later).
  Result<OutboxRun> run_once();

  // `on_error` (may be empty) hears store errors of the background loop, for the log.
  void start(std::function<void(const Error&)> on_error = {});
  void stop();

 private:
  std::chrono::seconds backoff(int attempts) const;

  NewsletterStore& store_;
  mail::MailTransport& transport_;
  const Clock& clock_;
  OutboxSenderOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace barometer::newsletter
