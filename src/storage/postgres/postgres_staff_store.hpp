// The PostgreSQL StaffStore: its own small connection pool on the Store's database.
#pragma once

#include <memory>

#include "storage/postgres/postgres_store.hpp"
#include "storage/staff_store.hpp"

namespace barometer {

// Connects to options.url (applying pending migrations, as open_postgres_store does) for staff
// data. Its writes are plain statements, never content transactions, so they send no content
// notification. Errors as open_postgres_store.
Result<std::unique_ptr<StaffStore>> open_postgres_staff_store(const PostgresOptions& options);

}  // namespace barometer
