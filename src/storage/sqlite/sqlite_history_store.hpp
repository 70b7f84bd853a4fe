// The SQLite HistoryStore: its own small connection pool on the Store's database file.
#pragma once

#include <memory>

#include "storage/history_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace barometer {

// Opens the database at options.path (applying pending migrations, as open_sqlite_store does)
// for revisions and the audit log. Uses options.path, busy_timeout_ms and pool_size. Errors as
// open_sqlite_store.
Result<std::unique_ptr<HistoryStore>> open_sqlite_history_store(const SqliteOptions& options);

}  // namespace barometer
