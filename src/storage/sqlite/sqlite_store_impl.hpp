// SqliteStore: the Store over a pool of SQLite connections. Internal to storage/ (app code gets
// it as the content() facet of open_sqlite_database's Database); tests include it to inspect
// connections, reaching it through that facet.
//
// Reads lease any pooled connection (WAL lets them run beside a writer). Writes, including
// transact(), are serialised in-process by a timed mutex (so writers queue instead of spinning
// in SQLite's busy handler) and across processes by BEGIN IMMEDIATE with busy_timeout.
// Inside transact(), write through `tx`, never through this store: a write through the outer
// store from inside the work returns `unavailable` at once rather than deadlocking.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

#include "storage/sql/pooled_store.hpp"
#include "storage/sqlite/connection_store.hpp"
#include "storage/sqlite/pool.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace barometer::sqlite {

class SqliteStore final : public sql::PooledStore<Dialect> {
 public:
  // Runs `fn` on a pooled connection, outside any transaction (tests, diagnostics).
  Status with_connection(const std::function<Status(Connection&)>& fn);
  // The pool every facet of the database shares (storage/sql/pooled_database.hpp).
  ConnectionPool& pool() { return pool_; }

 private:
  // Opened only as part of the Database (the one way in).
  friend Result<std::unique_ptr<Database>> barometer::open_sqlite_database(const SqliteOptions& options);
  static Result<std::unique_ptr<SqliteStore>> open(const SqliteOptions& options);

  SqliteStore(const SqliteOptions& options, std::unique_ptr<Connection> watcher, std::int64_t data_version);
  Status on_connection(Access access, const std::function<void(Connection&)>& fn) override;
  // Reads PRAGMA data_version, which changes when any other connection (ours or another
  // process's) commits, and then the content_version row, which only content commits move.
  bool poll_changes() override;

  const SqliteOptions options_;
  ConnectionPool pool_;
  std::timed_mutex write_mutex_;          // held for the whole of each write / transact
  std::unique_ptr<Connection> watcher_;   // guarded by watch_mutex_; only runs PRAGMA data_version
  std::int64_t data_version_;             // guarded by watch_mutex_
};

}  // namespace barometer::sqlite
