// The PostgreSQL backend of Database, for sites that run several `barometer serve` nodes on one
// database: libpq, server-side prepared statements, a pool of connections, migrations applied by
// open_postgres_database, and a content version driven by LISTEN/NOTIFY
// (docs/decisions/0003-postgresql.md).
#pragma once

#include <memory>
#include <string>

#include "storage/database.hpp"
#include "storage/store.hpp"

namespace barometer {

struct PostgresOptions {
  std::string url;                      // postgresql://user@host:port/dbname?... Required.
  int pool_size = 8;                    // connections kept open for concurrent requests (>= 1)
  int busy_timeout_ms = 5000;           // wait for a pooled connection, and lock_timeout per statement
  int connect_timeout_s = 5;            // libpq connect_timeout (unless the URL sets its own)
  int version_check_interval_ms = 100;  // content_version() looks for notifications at most this often
};

// The whole database (storage/database.hpp), the only way in: connects, applies pending
// migrations (each in its own transaction, serialised across processes by an advisory lock),
// starts listening for content changes, and puts the content store and every other facet on one
// pool of `pool_size` connections. unavailable if the server cannot be reached; invalid for a bad
// URL or options, or a database whose schema is newer than this binary knows. Thread-safe.
Result<std::unique_ptr<Database>> open_postgres_database(const PostgresOptions& options);

// The schema version of the database at `url` (0 if it has none). For tests and diagnostics.
Result<int> postgres_schema_version(const std::string& url);

// True when `database` names a PostgreSQL database (postgresql:// or postgres:// URL).
bool is_postgres_url(const std::string& database);

}  // namespace barometer
