#include "app/database.hpp"

#include <algorithm>
#include <filesystem>
#include <thread>

#include "storage/postgres/postgres_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace barometer {

namespace fs = std::filesystem;

int database_pool_size(const Config& config) {
  int workers = config.threads > 0 ? config.threads : int(std::max(1u, std::thread::hardware_concurrency()));
  return std::clamp(workers, 2, 16) + config.send_concurrency + 1 + 2;
}

Result<std::unique_ptr<Database>> open_database(const Config& config) {
  // database_path() is already resolved against data_dir.
  const std::string where = config.database_is_postgres() ? config.database : "sqlite:" + config.database_path();
  return open_database_at(where, ".", database_pool_size(config));
}

Result<std::unique_ptr<Database>> open_database_at(const std::string& database, const std::string& base_dir,
                                                   int pool_size) {
  if (is_postgres_url(database)) return open_postgres_database({.url = database, .pool_size = pool_size});
  if (database.find("://") != std::string::npos && database.rfind("sqlite:", 0) != 0)
    return invalid("not a database: \"" + database + "\" (use sqlite:PATH or postgresql://...)");
  SqliteOptions options;
  options.path = database.rfind("sqlite:", 0) == 0 ? database.substr(7) : database;
  if (options.path.empty()) return invalid("sqlite: needs a file path, e.g. sqlite:barometer.db");
  if (fs::path(options.path).is_relative()) options.path = (fs::path(base_dir) / options.path).string();
  options.pool_size = pool_size;
  std::error_code ec;
  fs::create_directories(fs::path(options.path).parent_path(), ec);
  return open_sqlite_database(options);
}

}  // namespace barometer
