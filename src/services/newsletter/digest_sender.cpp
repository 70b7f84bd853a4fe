#include "services/newsletter/digest_sender.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <random>
#include <thread>
#include <vector>

namespace barometer::newsletter {

std::string default_owner() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::random_device rd;
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", static_cast<unsigned>(rd()));
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + hex;
}

DigestSender::DigestSender(DeliveryStore& store, MessageFactory messages, TransportFactory transports,
                           const Clock& clock, SenderOptions options)
    : store_(store),
      messages_(std::move(messages)),
      transports_(std::move(transports)),
      clock_(clock),
      options_(std::move(options)),
      owner_(options_.owner.empty() ? default_owner() : options_.owner),
      // A burst of one second's worth (at least one message) keeps the start from spiking.
      bucket_(options_.rate, std::max(1.0, options_.rate), TokenBucket::Clock::now()) {}

Status DigestSender::check(const SenderOptions& o) {
  if (o.concurrency < 1 || o.concurrency > 64) return invalid("concurrency: must be 1..64");
  if (o.rate < 0) return invalid("rate: must be 0 (no limit) or more messages per second");
  if (o.batch_size < 1 || o.batch_size > 1000) return invalid("batch_size: must be 1..1000");
  if (o.lease_seconds < 5 || o.lease_seconds > 86400) return invalid("lease_seconds: must be 5..86400");
  if (o.max_attempts < 1 || o.max_attempts > 100) return invalid("max_attempts: must be 1..100");
  if (o.bounce_limit < 0) return invalid("bounce_limit: must be 0 (never) or more");
  if (o.backoff_base.count() < 0 || o.backoff_cap < o.backoff_base)
    return invalid("backoff: base must be >= 0 and cap >= base");
  return {};
}

std::chrono::seconds DigestSender::backoff(int attempts) const {
  auto d = options_.backoff_base;
  for (int i = 1; i < attempts && d < options_.backoff_cap; ++i) d *= 2;
  return std::min(d, options_.backoff_cap);
}

DeliveryOutcome DigestSender::outcome_of(const Delivery& d, const mail::SendResult& r, BatchStats& stats) const {
  DeliveryOutcome o;
  o.delivery_id = d.id;
  o.at = clock_.now();
  o.code = r.smtp_code;
  o.detail = r.detail;
  bool out_of_attempts = d.attempts >= options_.max_attempts;
  switch (r.outcome) {
    case mail::Outcome::accepted:
      o.kind = DeliveryOutcome::Kind::sent;
      ++stats.sent;
      break;
    case mail::Outcome::transient:
      if (out_of_attempts) {
        o.kind = DeliveryOutcome::Kind::failed;
        ++stats.failed;
      } else {
        o.kind = DeliveryOutcome::Kind::retry;
        o.next_attempt = o.at + backoff(d.attempts);
        ++stats.retried;
      }
      break;
    case mail::Outcome::permanent:
      o.kind = DeliveryOutcome::Kind::failed;
      ++stats.failed;
      break;
    case mail::Outcome::uncertain:
      o.kind = DeliveryOutcome::Kind::uncertain;
      if (!out_of_attempts) o.next_attempt = o.at + backoff(d.attempts);
      ++stats.uncertain;
      break;
  }
  return o;
}

bool DigestSender::half_lease_gone(Instant claimed_at) const {
  return 2 * (clock_.now() - claimed_at) >= std::chrono::seconds(options_.lease_seconds);
}

Result<DigestSender::Batch> DigestSender::claim(int worker) {
  std::lock_guard lock(store_writes_);
  Batch batch;
  batch.claimed_at = clock_.now();
  auto rows = store_.claim(worker_owner(worker), batch.claimed_at, options_.lease_seconds, options_.batch_size,
                           options_.digest_id);
  if (!rows) return rows.error();
  batch.rows = std::move(*rows);
  return batch;
}

Result<BatchStats> DigestSender::deliver(int worker, mail::MailTransport& transport, Batch& batch, bool claim_next) {
  const std::string owner = worker_owner(worker);
  BatchStats stats;
  stats.claimed = static_cast<int>(batch.rows.size());
  std::vector<DeliveryOutcome> outcomes;
  outcomes.reserve(batch.rows.size());
  // The rows go to the transport as one stream (SmtpTransport pipelines it: one round trip per
  // message); each row is built, rate-limited and checked against the lease just before it goes.
  std::size_t next_row = 0;
  std::deque<const Delivery*> in_flight;  // given to the transport, result not known yet
  auto next_message = [&](mail::Envelope& envelope, std::string& message) {
    while (next_row < batch.rows.size()) {
      // Half the lease gone (or stopping): the rest goes back unsent, recorded well before the
      // lease ends, so nobody else can take over a row this worker might still be sending.
      if (stop_.load() || half_lease_gone(batch.claimed_at)) return false;
      const Delivery& d = batch.rows[next_row++];
      auto built = messages_(d);
      if (!built) {
        outcomes.push_back({d.id, DeliveryOutcome::Kind::failed, clock_.now(), std::nullopt, 0,
                            "message not built: " + built.error().message});
        ++stats.failed;
        continue;
      }
      auto wait = bucket_.reserve(TokenBucket::Clock::now());
      if (wait.count() > 0) std::this_thread::sleep_for(wait);
      envelope = {options_.envelope_from, {d.email}};
      message = std::move(*built);
      in_flight.push_back(&d);
      return true;
    }
    return false;
  };
  auto done = [&](const mail::SendResult& r) {
    outcomes.push_back(outcome_of(*in_flight.front(), r, stats));
    in_flight.pop_front();
  };
  // nullopt: the stream ran dry, so the rows left were held back (stop, half the lease) and go
  // back unsent; a failure: the relay cannot be used now, and each would have failed alike.
  const std::optional<mail::SendResult> gave_up = transport.send_stream(next_message, done);
  for (; next_row < batch.rows.size(); ++next_row) {
    const Delivery& d = batch.rows[next_row];
    if (gave_up) {
      outcomes.push_back(outcome_of(d, *gave_up, stats));
    } else {
      outcomes.push_back({d.id, DeliveryOutcome::Kind::released, clock_.now(), std::nullopt, 0, ""});
      ++stats.released;
    }
  }
  // The outcomes are known now; losing them means re-sending the batch after its lease, so a
  // busy database is waited for (up to about 10 s) rather than given up on at once.
  Batch next;
  auto record = [&]() -> Result<int> {
    std::lock_guard lock(store_writes_);
    if (!claim_next || stop_.load()) return store_.record(owner, outcomes, options_.bounce_limit);
    next.claimed_at = clock_.now();
    auto r = store_.record_and_claim(owner, outcomes, options_.bounce_limit, next.claimed_at, options_.lease_seconds,
                                     options_.batch_size, options_.digest_id);
    if (!r) return r.error();
    next.rows = std::move(r->second);
    return r->first;
  };
  auto recorded = record();
  for (int i = 0; !recorded && i < 8 && recorded.code() != ErrorCode::invalid; ++i) {
    if (options_.on_error) options_.on_error(recorded.error());
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(100L << i, 2000L)));
    recorded = record();
  }
  batch = std::move(next);
  if (!recorded) return recorded.error();  // the rows stay `sending`; their lease expires, they are retried
  stats.lost_leases = stats.claimed - *recorded;
  return stats;
}

Result<BatchStats> DigestSender::send_batch(int worker, mail::MailTransport& transport) {
  auto batch = claim(worker);
  if (!batch) return batch.error();
  return deliver(worker, transport, *batch, false);
}

Result<DeliveryReport> DigestSender::run(bool until_done, const ProgressFn& progress) {
  if (auto s = check(options_); !s) return s.error();
  if (until_done && options_.digest_id == 0) return invalid("digest: run until done needs a digest");
  std::atomic<bool> store_failed{false};
  std::vector<std::thread> workers;
  for (int w = 0; w < options_.concurrency; ++w) {
    workers.emplace_back([this, w, &store_failed] {
      std::unique_ptr<mail::MailTransport> transport = transports_();
      Batch batch;  // claimed by the previous record (record_and_claim), or empty
      while (!stop_.load()) {
        Result<BatchStats> stats = BatchStats{};
        if (!transport) {
          stats = unavailable("no transport");
        } else if (batch.rows.empty()) {
          auto claimed = claim(w);
          if (claimed) batch = std::move(*claimed);
          else stats = claimed.error();
        }
        if (stats && !batch.rows.empty()) stats = deliver(w, *transport, batch, true);
        if (!stats) {
          store_failed.store(true);
          if (options_.on_error) options_.on_error(stats.error());
        }
        if (!stats || stats->claimed == 0) std::this_thread::sleep_for(options_.idle_wait);
      }
      // Stopped with a batch in hand that nothing was sent from: give it back now rather than
      // leave it to its lease (and a restarted sender waiting for it).
      if (!batch.rows.empty() && transport) {
        if (auto s = deliver(w, *transport, batch, false); !s && options_.on_error) options_.on_error(s.error());
      }
    });
  }
  DeliveryReport last;
  Error error{ErrorCode::unavailable, ""};
  while (!stop_.load() && !(options_.stop_also && options_.stop_also->load())) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    if (options_.digest_id == 0) continue;
    auto r = store_.report(options_.digest_id);
    if (!r) {
      error = r.error();
      continue;  // the database may come back; workers keep trying too
    }
    last = *r;
    if (progress) progress(last);
    if (until_done && last.pending() == 0) break;
  }
  stop_.store(true);
  for (auto& t : workers) t.join();
  if (options_.digest_id != 0) {
    auto r = store_.report(options_.digest_id);
    if (!r) return r.error();
    last = *r;
  }
  return last;
}

}  // namespace barometer::newsletter
