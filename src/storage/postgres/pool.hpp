// A pool of open connections to one PostgreSQL database. Connections are opened lazily up to
// `size`; a caller that finds none free waits up to `wait_ms` and then gets `unavailable`.
// A connection that comes back broken (server restarted, network cut) is dropped, so the next
// caller gets a fresh one. Thread-safe. The pool must outlive its leases.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/pool_stats.hpp"

#include "storage/postgres/connection.hpp"

namespace barometer::postgres {

struct PoolOptions {
  std::string url;             // postgresql://... Required.
  int size = 8;                // connections at most (>= 1)
  int wait_ms = 5000;          // how long acquire() waits for a free connection
  int connect_timeout_s = 5;   // libpq connect_timeout for each new connection
  int lock_timeout_ms = 5000;  // per-connection lock_timeout: a blocked statement gives up then
};

class ConnectionPool {
 public:
  explicit ConnectionPool(PoolOptions options);

  // Exclusive use of one connection until destroyed.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> c) : pool_(pool), connection_(std::move(c)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() { return *connection_; }
    Connection* operator->() { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  Result<Lease> acquire();
  // Acquires, waits and connections so far (thread-safe).
  storage::PoolStats stats() const;
  // A new connection with the per-connection settings applied (also used outside the pool).
  Result<std::unique_ptr<Connection>> open_connection() const;

 private:
  void give_back(std::unique_ptr<Connection> connection);

  const PoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_
  storage::PoolStats stats_;  // guarded by mutex_; open and size filled in by stats()
  int open_ = 0;                                   // guarded by mutex_; idle + leased
};

}  // namespace barometer::postgres
