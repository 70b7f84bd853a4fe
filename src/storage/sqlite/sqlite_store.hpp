// The SQLite backend of Store: one database file in WAL mode (synchronous=FULL, foreign keys on),
// prepared statements, a small pool of connections, migrations applied by open_sqlite_store.
#pragma once

#include <memory>
#include <string>

#include "storage/database.hpp"
#include "storage/store.hpp"

namespace barometer {

struct SqliteOptions {
  std::string path;              // database file; created if absent. Required.
  int busy_timeout_ms = 5000;    // how long a writer waits for a lock before `unavailable`
  int pool_size = 4;             // connections kept open for concurrent readers (>= 1)
  int version_check_interval_ms = 100;  // content_version() reads PRAGMA data_version at most this often
};

// Opens (creating if needed) the database and applies pending migrations, each in its own
// transaction. invalid if the database's schema is newer than this binary knows; io if the file
// cannot be opened. The store is thread-safe; see storage/sqlite/sqlite_store_impl.hpp for how
// reads and writes share connections.
Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteOptions& options);

// The whole database (storage/database.hpp): the content store and every other facet on one pool
// of `pool_size` connections, migrations applied once. Errors as open_sqlite_store.
Result<std::unique_ptr<Database>> open_sqlite_database(const SqliteOptions& options);

// The schema version of the database at `path` (0 if it has none). For tests and `--version`.
Result<int> sqlite_schema_version(const std::string& path);

}  // namespace barometer
