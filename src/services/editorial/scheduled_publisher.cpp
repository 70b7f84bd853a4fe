#include "services/editorial/scheduled_publisher.hpp"

#include <algorithm>

namespace barometer::editorial {

namespace {
constexpr std::chrono::milliseconds kMinInterval{10};  // keeps a misconfiguration from spinning
}

ScheduledPublisher::ScheduledPublisher(Store& store, const Clock& clock, ScheduledPublisherOptions options)
    : store_(store), clock_(clock), options_(std::move(options)) {
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

Result<std::vector<Id>> ScheduledPublisher::run_once() {
  auto published = store_.publish_due(clock_.now());
  if (published && options_.history) record(*published);
  return published;
}

void ScheduledPublisher::record(const std::vector<Id>& published) {
  auto fail = [this](const std::string& what, const Error& e) {
    if (options_.on_error) options_.on_error(Error{e.code, what + ": " + e.message});
  };
  for (Id id : published) {
    const std::string subject = "commentary:" + std::to_string(id);
    auto c = store_.get_commentary(id);
    if (!c) {
      fail("revision of " + subject, c.error());
    } else {
      RevisionInfo info;
      info.commentary_id = id;
      info.saved_at = clock_.now();
      info.summary = std::string(kScheduledRevisionSummary);
      if (auto r = options_.history->add_revision(info, *c); !r) fail("revision of " + subject, r.error());
    }
    AuditEntry line;
    line.at = clock_.now();
    line.user_name = std::string(kSchedulerUserName);
    line.action = "commentary.publish";
    line.subject = subject;
    if (c) {
      line.detail = c->period.id();
      if (!c->translations.empty()) line.detail += " " + c->translations.begin()->second.title;
    }
    if (auto a = options_.history->add_audit(line); !a) fail("audit line of " + subject, a.error());
  }
}

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
