#include "services/newsletter/outbox_sender.hpp"

#include <algorithm>
#include <optional>

namespace barometer::newsletter {

OutboxSender::OutboxSender(NewsletterStore& store, mail::MailTransport& transport, const Clock& clock,
                           OutboxSenderOptions options)
    : store_(store), transport_(transport), clock_(clock), options_(std::move(options)) {}

OutboxSender::~OutboxSender() { stop(); }

std::chrono::seconds OutboxSender::backoff(int attempts) const {
  auto delay = options_.retry_delay;
  for (int i = 1; i < attempts && delay < options_.max_retry_delay; ++i) delay *= 2;
  return std::min(delay, options_.max_retry_delay);
}

Result<OutboxRun> OutboxSender::run_once() {
  const Instant now = clock_.now();
  auto claimed = store_.claim_mail(now, now + options_.lease, options_.batch);
  if (!claimed) return claimed.error();
  OutboxRun run;
  for (const auto& m : *claimed) {
    const mail::SendResult result = transport_.send({options_.envelope_from, {m.recipient}}, m.message);
    Status recorded;
    std::string detail = result.detail.empty() ? std::to_string(result.smtp_code) : result.detail;
    if (result.outcome == mail::Outcome::accepted) {
      recorded = store_.mark_mail_sent(m.id);
      ++run.sent;
    } else if (result.outcome == mail::Outcome::permanent || m.attempts >= options_.max_attempts) {
      recorded = store_.mark_mail_failed(m.id, detail);
      ++run.failed;
    } else {
      // transient, or uncertain: a confirmation mail sent twice is harmless, one never sent is not.
      recorded = store_.retry_mail(m.id, clock_.now() + backoff(m.attempts), detail);
      ++run.retried;
    }
    if (!recorded) return recorded.error();
  }
  return run;
}

void OutboxSender::start(std::function<void(const Error&)> on_error) {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this, on_error = std::move(on_error)] {
    std::unique_lock lock(mutex_);
    std::optional<Instant> next_housekeeping;  // unset: at the first pass
    while (!stopping_) {
      lock.unlock();
      if (options_.housekeeping && (!next_housekeeping || clock_.now() >= *next_housekeeping)) {
        next_housekeeping = clock_.now() + options_.housekeeping_interval;
        if (auto done = options_.housekeeping(); !done && on_error) on_error(done.error());
      }
      auto run = run_once();
      if (!run && on_error) on_error(run.error());
      if (auto pruned = store_.prune_mail(clock_.now() - options_.keep_done); !pruned && on_error) on_error(pruned.error());
      const bool busy = run && (run->sent + run->retried + run->failed) >= options_.batch;
      lock.lock();
      if (!busy) wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_; });
    }
  });
}

void OutboxSender::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace barometer::newsletter
