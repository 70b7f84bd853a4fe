#include "app/newsletter.hpp"

#include <filesystem>

#include "storage/postgres/postgres_newsletter_store.hpp"
#include "storage/sqlite/sqlite_newsletter_store.hpp"

namespace barometer {

Result<std::unique_ptr<NewsletterStore>> open_newsletter_store(const Config& config) {
  if (config.database_is_postgres()) return open_postgres_newsletter_store({.url = config.database, .pool_size = 2});
  SqliteOptions options;
  options.path = config.database_path();  // already resolved against data_dir
  options.pool_size = 2;
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(options.path).parent_path(), ec);
  return open_sqlite_newsletter_store(options);
}

}  // namespace barometer
