// The SQLite backend of Database: one database file in WAL mode (synchronous=FULL, foreign keys
// on), prepared statements, a small pool of connections, migrations applied by
// open_sqlite_database.
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

// The whole database (storage/database.hpp), the only way in: opens (creating if needed) the file,
// applies pending migrations, each in its own transaction, and puts the content store and every
// other facet on one pool of `pool_size` connections. invalid for bad options or a database whose
// schema is newer than this binary knows; io if the file cannot be opened. Thread-safe; see
// storage/sqlite/sqlite_store_impl.hpp for how reads and writes share connections.
Result<std::unique_ptr<Database>> open_sqlite_database(const SqliteOptions& options);

// The schema version of the database at `path` (0 if it has none). For tests and `--version`.
Result<int> sqlite_schema_version(const std::string& path);

}  // namespace barometer
