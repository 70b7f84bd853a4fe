// WebhookSender: the background workers that deliver the webhook ledger (WebhookStore,
// docs/decisions/0022-webhooks.md). Each worker claims one due row at a time under a lease of
// total_timeout + lease_margin, POSTs it (webhook/http_post.hpp) signed with the webhook's secret,
// and records the outcome:
//   2xx                               delivered
//   anything else, no answer, timeout queued again after backoff (base · 2^(attempts−1), capped
//                                     at backoff_cap, then a random 50–100 % of it: jitter keeps
//                                     retries of many receivers apart), failed after max_attempts
//   refused address, unusable URL     failed at once (retrying cannot help; "deliver again")
// A worker killed mid-POST leaves its row `sending`; once the lease expires any node's worker
// claims it again: at least once, one duplicate at most per worker killed. Publishing never
// waits for any of this: it only inserts rows.
//
// Several nodes may run one each: the ledger's leases keep a row with one worker at a time.
// Thread-safety: start(), stop(), run_once() from any thread; stop() waits for POSTs in flight
// (each at most total_timeout). The store and clock must outlive the sender.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "domain/clock.hpp"
#include "domain/result.hpp"
#include "storage/webhook_store.hpp"
#include "webhook/http_post.hpp"

namespace barometer::webhooks {

// The transport seam: webhook::http_post by default; tests may count or fake calls.
using PostFn = std::function<webhook::PostResult(const webhook::Url&,
                                                 const std::vector<std::pair<std::string, std::string>>&,
                                                 const std::string&, const webhook::PostOptions&)>;

struct WebhookSenderOptions {
  // Workers (threads), each with one POST in flight. Default 2: one hanging receiver does not
  // hold up every other webhook.
  int workers = 2;
  // Time between looks at the ledger when nothing was due. Default 1 s.
  std::chrono::milliseconds interval{1000};
  // Timeouts of one POST (webhook::PostOptions): connecting, and the whole exchange. 5 s / 10 s.
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{10000};
  // Added to total_timeout to make a claim's lease. Default 5 s.
  std::chrono::seconds lease_margin{5};
  // Tries before a delivery becomes failed (1..100). Default 8 (about 2 hours of retries).
  int max_attempts = 8;
  // First retry delay and the most any retry waits. Default 30 s and 1 h.
  std::chrono::seconds backoff_base{30};
  std::chrono::seconds backoff_cap{3600};
  // Let deliveries reach loopback, private, link-local ... addresses (the setting
  // webhooks_allow_private). Default false: the SSRF guard refuses them.
  bool allow_private = false;
  // Tells the worker's lease apart from other nodes' (a host name, say). Default "webhooks".
  std::string owner_prefix = "webhooks";
  // The transport. Default webhook::http_post.
  PostFn post = nullptr;
  // Called on a worker's thread when a ledger call fails. Default: nothing.
  std::function<void(const Error&)> on_error = nullptr;
};

// When the retry after the `attempts`-th failed try is due, before jitter: base · 2^(attempts−1),
// at most cap.
std::chrono::seconds backoff_delay(int attempts, std::chrono::seconds base, std::chrono::seconds cap);

class WebhookSender {
 public:
  WebhookSender(WebhookStore& store, const Clock& clock, WebhookSenderOptions options = {});
  ~WebhookSender();
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  void start();  // no-op when running
  void stop();   // no-op when stopped

  // Claims and delivers at most one due row on the calling thread, as worker `owner`: true when
  // one was claimed (whatever its outcome), false when nothing was due; the ledger's error.
  Result<bool> run_once(const std::string& owner);

  // Rows claimed by the workers so far (tests wait on it).
  std::uint64_t attempts() const { return attempts_.load(); }

 private:
  void loop(std::string owner);
  WebhookOutcome deliver(const WebhookDelivery& delivery);

  WebhookStore& store_;
  const Clock& clock_;
  WebhookSenderOptions options_;
  std::atomic<std::uint64_t> attempts_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;             // guarded by mutex_
  std::vector<std::thread> threads_;  // touched by start()/stop() under control_mutex_
  std::mutex control_mutex_;
};

}  // namespace barometer::webhooks
