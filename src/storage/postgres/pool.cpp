#include "storage/postgres/pool.hpp"

#include <chrono>

namespace barometer::postgres {

ConnectionPool::ConnectionPool(PoolOptions options) : options_(std::move(options)) {}

ConnectionPool::Lease::~Lease() {
  if (connection_) pool_->give_back(std::move(connection_));
}

Result<std::unique_ptr<Connection>> ConnectionPool::open_connection() const {
  auto conn = connect(options_.url, options_.connect_timeout_s);
  if (!conn) return conn.error();
  auto c = std::make_unique<Connection>(std::move(*conn));
  // Text is UTF-8 on both ends; a statement waiting on a lock gives up instead of hanging.
  if (auto s = c->exec("SET client_encoding = 'UTF8'; SET lock_timeout = " +
                       std::to_string(options_.lock_timeout_ms));
      !s)
    return s.error();
  return c;
}

void ConnectionPool::give_back(std::unique_ptr<Connection> connection) {
  // Never hand on a transaction left open (a bug elsewhere, or a failed ROLLBACK).
  if (connection->healthy() && connection->in_transaction()) (void)connection->exec("ROLLBACK");
  connection->depth = 0;
  {
    std::lock_guard lock(mutex_);
    if (connection->healthy()) idle_.push_back(std::move(connection));
    else --open_;  // dropped; the slot opens a fresh connection next time
  }
  returned_.notify_one();
}

Result<ConnectionPool::Lease> ConnectionPool::acquire() {
  const int size = options_.size < 1 ? 1 : options_.size;
  std::unique_lock lock(mutex_);
  auto ready = [&] { return !idle_.empty() || open_ < size; };
  ++stats_.acquires;
  if (!ready()) {
    // Waits are what /metrics reports: a pool too small for the load shows here first.
    ++stats_.waits;
    const auto started = std::chrono::steady_clock::now();
    const bool got = returned_.wait_for(lock, std::chrono::milliseconds(options_.wait_ms), ready);
    stats_.wait_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!got) {
      ++stats_.timeouts;
      return unavailable("all " + std::to_string(size) + " database connections are busy");
    }
  }
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return Lease{this, std::move(c)};
  }
  ++open_;  // reserve the slot, connect without holding the lock
  lock.unlock();
  auto c = open_connection();
  if (!c) {
    std::lock_guard relock(mutex_);
    --open_;
    returned_.notify_one();
    return c.error();
  }
  return Lease{this, std::move(*c)};
}

storage::PoolStats ConnectionPool::stats() const {
  std::lock_guard lock(mutex_);
  storage::PoolStats out = stats_;
  out.open = open_;
  out.size = (options_.size < 1 ? 1 : options_.size);
  return out;
}

}  // namespace barometer::postgres
