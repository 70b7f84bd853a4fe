#include "services/editorial/scheduled_publisher.hpp"

#include <algorithm>

namespace barometer::editorial {

namespace {
constexpr std::chrono::milliseconds kMinInterval{10};  // keeps a misconfiguration from spinning
}

ScheduledPublisher::ScheduledPublisher(CommentaryService& service, ScheduledPublisherOptions options)
    : service_(service), options_(std::move(options)) {
  options_.interval = std::max(options_.interval, kMinInterval);
}

ScheduledPublisher::~ScheduledPublisher() { stop(); }

void ScheduledPublisher::start() {
  std::lock_guard control(control_mutex_);
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { loop(); });
}

void ScheduledPublisher::stop() {
  std::lock_guard control(control_mutex_);
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

Result<std::vector<Id>> ScheduledPublisher::run_once() { return service_.publish_due(); }

std::uint64_t ScheduledPublisher::passes() const {
  std::lock_guard lock(mutex_);
  return passes_;
}

void ScheduledPublisher::loop() {
  for (;;) {
    auto published = run_once();
    if (published && !published->empty() && options_.on_published) options_.on_published(*published);
    if (!published && options_.on_error) options_.on_error(published.error());
    std::unique_lock lock(mutex_);
    ++passes_;
    // Sleeps on the steady clock (not the injected one): the injected clock only says what
    // time it is for publishing, the pace of passes is real time.
    if (wake_.wait_for(lock, options_.interval, [this] { return stopping_; })) return;
  }
}

}  // namespace barometer::editorial
