// The SQLite DeliveryStore: its own small connection pool on the Store's database file.
#pragma once

#include <memory>

#include "storage/delivery_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace barometer {

// Opens the database at options.path (applying pending migrations, as open_sqlite_store does)
// for the delivery ledger. Uses options.path, busy_timeout_ms and pool_size.
Result<std::unique_ptr<DeliveryStore>> open_sqlite_delivery_store(const SqliteOptions& options);

}  // namespace barometer
