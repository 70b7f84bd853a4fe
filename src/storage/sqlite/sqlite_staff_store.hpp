// The SQLite StaffStore: its own small connection pool on the Store's database file.
#pragma once

#include <memory>

#include "storage/sqlite/sqlite_store.hpp"
#include "storage/staff_store.hpp"

namespace barometer {

// Opens the database at options.path (applying pending migrations, as open_sqlite_store does)
// for staff data. Uses options.path, busy_timeout_ms and pool_size. Errors as open_sqlite_store.
Result<std::unique_ptr<StaffStore>> open_sqlite_staff_store(const SqliteOptions& options);

}  // namespace barometer
