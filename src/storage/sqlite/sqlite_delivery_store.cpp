#include "storage/sqlite/sqlite_delivery_store.hpp"

#include "storage/delivery_sql.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/pool.hpp"

namespace barometer {

namespace {

// claim() runs in one IMMEDIATE transaction: SQLite has one writer at a time, so no row lock.
struct SqliteDialect {
  using Transaction = sqlite::Transaction;
  static constexpr const char* kLockClause = "";
};

}  // namespace

Result<std::unique_ptr<DeliveryStore>> open_sqlite_delivery_store(const SqliteOptions& options) {
  if (options.path.empty()) return invalid("database: path must not be empty");
  if (options.pool_size < 1) return invalid("pool_size: must be at least 1");
  auto first = sqlite::Connection::open(options.path, options.busy_timeout_ms);
  if (!first) return first.error();
  if (auto s = sqlite::apply_migrations(**first, sqlite::migrations()); !s) return s.error();
  auto store = std::make_unique<storage::DeliverySql<sqlite::ConnectionPool, SqliteDialect>>(
      options.path, options.busy_timeout_ms, options.pool_size);
  store->pool().adopt(std::move(*first));
  return std::unique_ptr<DeliveryStore>(std::move(store));
}

}  // namespace barometer
