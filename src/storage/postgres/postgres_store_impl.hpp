// PostgresStore: the Store over a pool of libpq connections. Internal to storage/ (app code gets
// it as the content() facet of open_postgres_database's Database); tests include it to inspect
// connections, reaching it through that facet.
//
// Every call leases a pooled connection; PostgreSQL's MVCC lets reads and writes run side by side
// and its constraints and row locks keep concurrent writers (in this process or on other nodes)
// consistent, so unlike the SQLite backend there is no in-process write lock.
// Inside transact(), write through `tx`, never through this store: a write through the outer
// store from the work's thread returns `unavailable` at once (as on SQLite), because on another
// connection it could wait forever for a row lock the transaction itself holds.
//
// content_version(): a local counter, bumped at once by this store's own content writes and, for
// content writes by anyone else, when a NOTIFY on kContentChannel arrives on a dedicated listening
// connection (checked without blocking at most every version_check_interval_ms) carrying a
// content version newer than any this store knows (its own commits' notifications are ignored).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

#include "storage/sql/pooled_store.hpp"
#include "storage/postgres/connection_store.hpp"
#include "storage/postgres/pool.hpp"
#include "storage/postgres/postgres_store.hpp"

namespace barometer::postgres {

class PostgresStore final : public sql::PooledStore<Dialect> {
 public:
  // Runs `fn` on a pooled connection, outside any transaction (tests, diagnostics).
  Status with_connection(const std::function<Status(Connection&)>& fn);
  // The pool every facet of the database shares (storage/sql/pooled_database.hpp).
  ConnectionPool& pool() { return pool_; }

 private:
  // Opened only as part of the Database (the one way in).
  friend Result<std::unique_ptr<Database>> barometer::open_postgres_database(const PostgresOptions& options);
  static Result<std::unique_ptr<PostgresStore>> open(const PostgresOptions& options);

  explicit PostgresStore(const PostgresOptions& options);
  Status on_connection(Access access, const std::function<void(Connection&)>& fn) override;
  // Drains pending notifications; true if any arrived or the link had to be re-established.
  bool poll_changes() override;
  // (Re)connects the listening connection and LISTENs. Caller holds watch_mutex_.
  Status listen();

  const PostgresOptions options_;
  ConnectionPool pool_;
  std::unique_ptr<Connection> listener_;        // guarded by watch_mutex_; only LISTENs
};

// Builds the tsvector of search documents that have none yet (the rows migration 0010 copied:
// SQL cannot run the analyser). Called when the database is opened.
Status fill_pending_search_terms(PostgresStore& store);

}  // namespace barometer::postgres
