#include "storage/postgres/postgres_newsletter_store.hpp"

#include "storage/postgres/connection_store.hpp"
#include "storage/sql/newsletter_sql.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/postgres/migrations.hpp"
#include "storage/postgres/pool.hpp"

namespace barometer {

Result<std::unique_ptr<NewsletterStore>> open_postgres_newsletter_store(const PostgresOptions& options) {
  if (!is_postgres_url(options.url)) return invalid("database: not a postgresql:// URL");
  if (options.pool_size < 1) return invalid("pool_size: must be at least 1");
  auto store = std::make_unique<storage::NewsletterSql<postgres::ConnectionPool, postgres::Dialect>>(
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
  return std::unique_ptr<NewsletterStore>(std::move(store));
}

}  // namespace barometer
