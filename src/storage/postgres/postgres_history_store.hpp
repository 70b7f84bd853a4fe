// The PostgreSQL HistoryStore: its own small connection pool on the Store's database.
#pragma once

#include <memory>

#include "storage/history_store.hpp"
#include "storage/postgres/postgres_store.hpp"

namespace barometer {

// Connects to options.url (applying pending migrations, as open_postgres_store does) for
// revisions and the audit log. Its writes are plain statements, never content transactions, so
// they send no content notification. Errors as open_postgres_store.
Result<std::unique_ptr<HistoryStore>> open_postgres_history_store(const PostgresOptions& options);

}  // namespace barometer
