#include "storage/postgres/postgres_staff_store.hpp"

#include "storage/postgres/connection.hpp"
#include "storage/postgres/migrations.hpp"
#include "storage/postgres/pool.hpp"
#include "storage/sql/staff_sql.hpp"

namespace barometer {

Result<std::unique_ptr<StaffStore>> open_postgres_staff_store(const PostgresOptions& options) {
  if (!is_postgres_url(options.url)) return invalid("database: not a postgresql:// URL");
  if (options.pool_size < 1) return invalid("pool_size: must be at least 1");
  auto store = std::make_unique<storage::StaffSql<postgres::ConnectionPool>>(
      postgres::PoolOptions{.url = options.url,
                            .size = options.pool_size,
                            .wait_ms = options.busy_timeout_ms,
                            .connect_timeout_s = options.connect_timeout_s,
                            .lock_timeout_ms = options.busy_timeout_ms});
  {
    auto lease = store->pool().acquire();
    if (!lease) return lease.error();
    if (auto s = postgres::apply_migrations(**lease, postgres::migrations()); !s) return s.error();
  }
  return std::unique_ptr<StaffStore>(std::move(store));
}

}  // namespace barometer
