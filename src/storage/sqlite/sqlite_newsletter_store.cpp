#include "storage/sqlite/sqlite_newsletter_store.hpp"

#include "storage/sqlite/connection_store.hpp"
#include "storage/sql/newsletter_sql.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/pool.hpp"

namespace barometer {

Result<std::unique_ptr<NewsletterStore>> open_sqlite_newsletter_store(const SqliteOptions& options) {
  if (options.path.empty()) return invalid("database: path must not be empty");
  if (options.pool_size < 1) return invalid("pool_size: must be at least 1");
  auto first = sqlite::Connection::open(options.path, options.busy_timeout_ms);
  if (!first) return first.error();
  if (auto s = sqlite::apply_migrations(**first, sqlite::migrations()); !s) return s.error();
  auto store = std::make_unique<storage::NewsletterSql<sqlite::ConnectionPool, sqlite::Dialect>>(
      options.path, options.busy_timeout_ms, options.pool_size);
  store->pool().adopt(std::move(*first));
  return std::unique_ptr<NewsletterStore>(std::move(store));
}

}  // namespace barometer
