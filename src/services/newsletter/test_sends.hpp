// TestSends: the back office's "send a test" off the HTTP workers. A handler composes the test
// digest (database reads only) and hands the bytes here; one background thread speaks SMTP (or
// writes the Maildir), so a slow or silent relay never stalls a worker thread and the pages it
// serves (docs/decisions/0014, "The test send"). The outcome is kept in memory, by ticket, for the
// newsletter page to show on its next load, and written to the audit log once known.
//
// Bounded: at most `max_pending` sends wait; beyond, submit() refuses (unavailable) rather than
// queueing without end. Outcomes of the last `max_kept` tickets are kept.
//
// Thread-safe. The history store and the transport factory must outlive the object; the
// destructor waits for the send in progress (the transport's own timeouts bound it) and drops the
// ones still waiting.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "domain/clock.hpp"
#include "mail/transport.hpp"
#include "services/history/audit.hpp"
#include "services/newsletter/digest_sender.hpp"
#include "storage/history_store.hpp"

namespace barometer::newsletter {

struct TestSendOptions {
  // Sends that may wait behind the one in progress. Default 8.
  std::size_t max_pending = 8;
  // Outcomes kept for the page (oldest dropped first). Default 256.
  std::size_t max_kept = 256;
};

// One test send, as the handler made it.
struct TestSendJob {
  mail::Envelope envelope;   // MAIL FROM and the one recipient
  std::string message;       // the whole message (RFC 5322 bytes)
  history::Actor actor;      // who asked (for the audit line)
  std::string subject;       // the audit line's subject: "digest:2022-W09/en"
};

struct TestSendOutcome {
  enum class State { pending, accepted, failed };
  State state = State::pending;
  std::string detail;  // the relay's reply or the local error (failed)
};

class TestSends {
 public:
  TestSends(TransportFactory transports, HistoryStore& history, const Clock& clock, TestSendOptions options = {});
  ~TestSends();
  TestSends(const TestSends&) = delete;
  TestSends& operator=(const TestSends&) = delete;

  // Queues `job`; its ticket (for outcome()). unavailable when max_pending sends already wait.
  Result<std::uint64_t> submit(TestSendJob job);
  // The outcome of `ticket`; nullopt for a ticket unknown or no longer kept.
  std::optional<TestSendOutcome> outcome(std::uint64_t ticket) const;

 private:
  void loop();
  void finish(std::uint64_t ticket, const TestSendJob& job, const mail::SendResult& sent);

  TransportFactory transports_;
  HistoryStore& history_;
  const Clock& clock_;
  const TestSendOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::pair<std::uint64_t, TestSendJob>> queue_;  // guarded by mutex_
  std::map<std::uint64_t, TestSendOutcome> outcomes_;        // guarded by mutex_; by ticket
  std::uint64_t next_ticket_ = 1;                            // guarded by mutex_
  bool stopping_ = false;                                    // guarded by mutex_
  std::thread thread_;
};

}  // namespace barometer::newsletter
