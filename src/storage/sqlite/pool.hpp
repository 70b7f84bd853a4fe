// A small pool of open connections to one database file. Connections are opened lazily up to
// `size`; a caller that finds none free waits up to `wait_ms` and then gets `unavailable`.
// Thread-safe. The pool must outlive its leases.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/pool_stats.hpp"

#include "storage/sqlite/connection.hpp"

namespace barometer::sqlite {

class ConnectionPool {
 public:
  ConnectionPool(std::string path, int busy_timeout_ms, int size);

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
  // Hands an already open connection to the pool (the one migrations ran on).
  void adopt(std::unique_ptr<Connection> connection);

 private:
  void give_back(std::unique_ptr<Connection> connection);

  const std::string path_;
  const int busy_timeout_ms_;
  const int size_;
  mutable std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_
  storage::PoolStats stats_;  // guarded by mutex_; open and size filled in by stats()
  int open_ = 0;                                   // guarded by mutex_; idle + leased
};

}  // namespace barometer::sqlite
