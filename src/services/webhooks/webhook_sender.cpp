#include "services/webhooks/webhook_sender.hpp"

#include <unistd.h>

#include <algorithm>
#include <random>

#include "webhook/signature.hpp"
#include "webhook/url.hpp"

namespace barometer::webhooks {

namespace {

constexpr std::chrono::milliseconds kMinInterval{10};  // keeps a misconfiguration from spinning

}  // namespace

std::chrono::seconds backoff_delay(int attempts, std::chrono::seconds base, std::chrono::seconds cap) {
  std::chrono::seconds delay = base;
  for (int i = 1; i < attempts && delay < cap; ++i) delay *= 2;
  return std::min(delay, cap);
}

WebhookSender::WebhookSender(WebhookStore& store, const Clock& clock, WebhookSenderOptions options)
    : store_(store), clock_(clock), options_(std::move(options)) {
  options_.interval = std::max(options_.interval, kMinInterval);
  options_.workers = std::clamp(options_.workers, 1, 64);
  options_.max_attempts = std::clamp(options_.max_attempts, 1, 100);
  if (!options_.post) options_.post = webhook::http_post;
}

WebhookSender::~WebhookSender() { stop(); }

void WebhookSender::start() {
  std::lock_guard control(control_mutex_);
  if (!threads_.empty()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  // The owner names the process and the worker: a restarted process never mistakes a dead
  // one's lease for its own.
  std::random_device random;
  const std::string process = options_.owner_prefix + ":" + std::to_string(::getpid()) + ":" +
                              std::to_string(random() % 1000000);
  for (int i = 0; i < options_.workers; ++i)
    threads_.emplace_back([this, owner = process + ":" + std::to_string(i)] { loop(owner); });
}

void WebhookSender::stop() {
  std::lock_guard control(control_mutex_);
  if (threads_.empty()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

Result<bool> WebhookSender::run_once(const std::string& owner) {
  const auto lease = std::chrono::duration_cast<std::chrono::seconds>(options_.total_timeout) + options_.lease_margin;
  auto claimed = store_.claim(owner, clock_.now(), static_cast<int>(lease.count()) + 1, 1);
  if (!claimed) return claimed.error();
  if (claimed->empty()) return false;
  attempts_.fetch_add(1);
  WebhookOutcome outcome = deliver(claimed->front());
  auto recorded = store_.record(owner, outcome);
  // conflict: the lease ran out and another worker owns the row now; its outcome will count.
  if (!recorded && recorded.code() != ErrorCode::conflict) return recorded.error();
  return true;
}

WebhookOutcome WebhookSender::deliver(const WebhookDelivery& d) {
  WebhookOutcome o;
  o.delivery_id = d.id;
  auto url = webhook::parse_url(d.url);
  if (!url) {
    o.kind = WebhookOutcome::Kind::failed;
    o.at = clock_.now();
    o.error = url.error().message;
    return o;
  }
  const std::int64_t timestamp = to_unix(clock_.now());
  const std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Type", "application/json"},
      {"Barometer-Delivery", std::to_string(d.id)},
      {"Barometer-Event", d.event},
      {webhook::kSignatureHeader, webhook::signature_header(d.secret, timestamp, d.payload)},
  };
  webhook::PostOptions post_options;
  post_options.connect_timeout = options_.connect_timeout;
  post_options.total_timeout = options_.total_timeout;
  post_options.allow_private = options_.allow_private;
  webhook::PostResult r = options_.post(*url, headers, d.payload, post_options);
  o.at = clock_.now();
  o.status = r.status;
  o.response = r.body;
  o.error = r.error;
  if (r.status && *r.status >= 200 && *r.status < 300) {
    o.kind = WebhookOutcome::Kind::delivered;
  } else if (r.refused || d.attempts >= options_.max_attempts) {
    o.kind = WebhookOutcome::Kind::failed;
  } else {
    o.kind = WebhookOutcome::Kind::retry;
    const auto delay = backoff_delay(d.attempts, options_.backoff_base, options_.backoff_cap);
    // Equal jitter: half the delay fixed, half random.
    thread_local std::mt19937_64 random{std::random_device{}()};
    const auto half = delay.count() / 2;
    std::uniform_int_distribution<std::int64_t> pick(0, half);
    o.next_attempt = o.at + std::chrono::seconds(delay.count() - half + pick(random));
  }
  return o;
}

void WebhookSender::loop(std::string owner) {
  for (;;) {
    bool worked = false;
    auto r = run_once(owner);
    if (r) worked = *r;
    else if (options_.on_error) options_.on_error(r.error());
    std::unique_lock lock(mutex_);
    if (stopping_) return;
    if (worked) continue;  // more may be due: look again at once
    if (wake_.wait_for(lock, options_.interval, [this] { return stopping_; })) return;
  }
}

}  // namespace barometer::webhooks
