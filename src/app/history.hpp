// The history side of the composition root: opens the HistoryStore (revisions, audit log) on the
// configured database.
#pragma once

#include <memory>

#include "config/config.hpp"
#include "domain/result.hpp"
#include "storage/history_store.hpp"

namespace barometer {

// The HistoryStore on the database `config` names (SQLite file or PostgreSQL URL), migrated.
// Errors as open_store.
Result<std::unique_ptr<HistoryStore>> open_history_store(const Config& config);

}  // namespace barometer
