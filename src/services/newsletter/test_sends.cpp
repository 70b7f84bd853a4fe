#include "services/newsletter/test_sends.hpp"

namespace barometer::newsletter {

TestSends::TestSends(TransportFactory transports, HistoryStore& history, const Clock& clock, TestSendOptions options)
    : transports_(std::move(transports)), history_(history), clock_(clock), options_(options) {
  thread_ = std::thread([this] { loop(); });
}

TestSends::~TestSends() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  thread_.join();
}

Result<std::uint64_t> TestSends::submit(TestSendJob job) {
  std::lock_guard lock(mutex_);
  if (queue_.size() >= options_.max_pending) return unavailable("too many test sends are waiting; try again soon");
  const std::uint64_t ticket = next_ticket_++;
  outcomes_[ticket] = TestSendOutcome{};
  while (outcomes_.size() > options_.max_kept) outcomes_.erase(outcomes_.begin());
  queue_.emplace_back(ticket, std::move(job));
  wake_.notify_one();
  return ticket;
}

std::optional<TestSendOutcome> TestSends::outcome(std::uint64_t ticket) const {
  std::lock_guard lock(mutex_);
  auto it = outcomes_.find(ticket);
  if (it == outcomes_.end()) return std::nullopt;
  return it->second;
}

void TestSends::loop() {
  for (;;) {
    std::pair<std::uint64_t, TestSendJob> next;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    mail::SendResult sent;
    auto transport = transports_ ? transports_() : nullptr;
    if (!transport) sent = {mail::Outcome::permanent, 0, "no mail transport is configured"};
    else sent = transport->send(next.second.envelope, next.second.message);
    finish(next.first, next.second, sent);
  }
}

void TestSends::finish(std::uint64_t ticket, const TestSendJob& job, const mail::SendResult& sent) {
  const bool ok = sent.outcome == mail::Outcome::accepted;
  const std::string to = job.envelope.recipients.empty() ? "" : job.envelope.recipients.front();
  // The send happened whatever the log says: a failed audit write is only reported in the outcome.
  auto audit = history::add_audit(history_, job.actor, clock_.now(), "newsletter.test", job.subject,
                                  to + (ok ? " accepted" : " not accepted: " + sent.detail));
  std::lock_guard lock(mutex_);
  auto it = outcomes_.find(ticket);
  if (it == outcomes_.end()) return;
  it->second.state = ok ? TestSendOutcome::State::accepted : TestSendOutcome::State::failed;
  it->second.detail = sent.detail;
  if (!audit) it->second.detail += " (audit line not written: " + audit.error().message + ")";
}

}  // namespace barometer::newsletter
