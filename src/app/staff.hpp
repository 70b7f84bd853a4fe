// The staff side of the composition root: opens the StaffStore on the configured database.
#pragma once

#include <memory>

#include "config/config.hpp"
#include "domain/result.hpp"
#include "storage/staff_store.hpp"

namespace barometer {

// The StaffStore on the database `config` names (SQLite file or PostgreSQL URL), migrated.
// Errors as open_store.
Result<std::unique_ptr<StaffStore>> open_staff_store(const Config& config);

}  // namespace barometer
