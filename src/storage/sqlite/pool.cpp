#include "storage/sqlite/pool.hpp"

#include <chrono>

namespace barometer::sqlite {

ConnectionPool::ConnectionPool(std::string path, int busy_timeout_ms, int size)
    : path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms), size_(size < 1 ? 1 : size) {}

ConnectionPool::Lease::~Lease() {
  if (connection_) pool_->give_back(std::move(connection_));
}

void ConnectionPool::give_back(std::unique_ptr<Connection> connection) {
  // A connection must never go back with a transaction open (a bug elsewhere, or a failed
  // ROLLBACK): end it so the next borrower starts clean.
  if (connection->in_transaction()) (void)connection->exec("ROLLBACK");
  connection->savepoint_depth = 0;
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }
  returned_.notify_one();
}

void ConnectionPool::adopt(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(mutex_);
    ++open_;
    idle_.push_back(std::move(connection));
  }
  returned_.notify_one();
}

Result<ConnectionPool::Lease> ConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  auto ready = [&] { return !idle_.empty() || open_ < size_; };
  ++stats_.acquires;
  if (!ready()) {
    // Waits are what /metrics reports: a pool too small for the load shows here first.
    ++stats_.waits;
    const auto started = std::chrono::steady_clock::now();
    const bool got = returned_.wait_for(lock, std::chrono::milliseconds(busy_timeout_ms_), ready);
    stats_.wait_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!got) {
      ++stats_.timeouts;
      return unavailable("all " + std::to_string(size_) + " database connections are busy");
    }
  }
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return Lease{this, std::move(c)};
  }
  ++open_;  // reserve the slot, open without holding the lock
  lock.unlock();
  auto c = Connection::open(path_, busy_timeout_ms_);
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
  out.size = size_;
  return out;
}

}  // namespace barometer::sqlite
