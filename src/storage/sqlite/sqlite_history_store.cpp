#include "storage/sqlite/sqlite_history_store.hpp"

#include "storage/sql/history_sql.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/pool.hpp"

namespace barometer {

Result<std::unique_ptr<HistoryStore>> open_sqlite_history_store(const SqliteOptions& options) {
  if (options.path.empty()) return invalid("database: path must not be empty");
  if (options.pool_size < 1) return invalid("pool_size: must be at least 1");
  auto first = sqlite::Connection::open(options.path, options.busy_timeout_ms);
  if (!first) return first.error();
  if (auto s = sqlite::apply_migrations(**first, sqlite::migrations()); !s) return s.error();
  auto store = std::make_unique<storage::HistorySql<sqlite::ConnectionPool>>(options.path, options.busy_timeout_ms,
                                                                             options.pool_size);
  store->pool().adopt(std::move(*first));
  return std::unique_ptr<HistoryStore>(std::move(store));
}

}  // namespace barometer
