// ScheduledPublisher: the background job that publishes scheduled commentaries when their time
// comes (a commentary with status `scheduled` and published_at = the time; see PRODUCT.md
// "Back office"). It calls CommentaryService::publish_due() once at start() — so whatever a
// stopped server left due is published as soon as the next one starts — and then every `interval`.
//
// Several processes may run one each against the same database: publish_due is atomic and
// publishes each commentary exactly once, so the publishers need no coordination. Publishing
// moves the content version, which refreshes the public page caches by themselves.
//
// History: every commentary a pass publishes gets a revision ("published as scheduled", no staff
// user) and an audit line by the user "scheduler" (commentary.publish, subject commentary:ID), as
// if an editor had pressed publish, in the same transaction as the publication (the service's).
//
// Thread-safety: start(), stop() and run_once() may be called from any thread; stop() returns
// within about one store call (it wakes the sleeping thread at once). The store and clock must
// outlive the publisher; the destructor stops it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "domain/result.hpp"
#include "services/editorial/commentary_service.hpp"

namespace barometer::editorial {

struct ScheduledPublisherOptions {
  // Time between two passes. Default 1 s: a scheduled commentary appears at most about a second
  // late. Values below 10 ms are raised to 10 ms.
  std::chrono::milliseconds interval{1000};
  // Called (on the publisher's thread) with the ids a pass published. Default: nothing.
  std::function<void(const std::vector<Id>&)> on_published = nullptr;
  // Called (on the publisher's thread) when a pass fails, e.g. the database is busy; the next
  // pass simply tries again. Default: nothing.
  std::function<void(const Error&)> on_error = nullptr;
};

class ScheduledPublisher {
 public:
  explicit ScheduledPublisher(CommentaryService& service, ScheduledPublisherOptions options = {});
  ~ScheduledPublisher();
  ScheduledPublisher(const ScheduledPublisher&) = delete;
  ScheduledPublisher& operator=(const ScheduledPublisher&) = delete;

  // Starts the thread (no-op when running). Its first pass runs at once.
  void start();
  // Stops and joins the thread (no-op when not running). A pass in progress finishes first.
  void stop();
  // One pass on the calling thread: the ids it published (each with its revision and audit
  // line), or the database's error.
  Result<std::vector<Id>> run_once();
  // Passes completed by the thread since construction (tests wait on it).
  std::uint64_t passes() const;

 private:
  void loop();

  CommentaryService& service_;
  ScheduledPublisherOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;   // signalled by stop()
  bool stopping_ = false;          // guarded by mutex_
  std::uint64_t passes_ = 0;       // guarded by mutex_
  std::thread thread_;             // touched only by start()/stop() under control_mutex_
  std::mutex control_mutex_;       // serialises start() and stop()
};

}  // namespace barometer::editorial
