#include "storage/sqlite/migrations.hpp"

#include "storage/sqlite/connection.hpp"
#include "storage/sql/migration_runner.hpp"

namespace barometer::sqlite {

namespace {

// What the shared runner (storage/sql/migration_runner.hpp) needs to know of this backend.
struct MigrationDialect {
  using Connection = sqlite::Connection;
  using Transaction = sqlite::Transaction;
  static constexpr const char* kMigrationsTable =
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)";
  static constexpr const char* kHasMigrationsTable = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
  // SQLite's IMMEDIATE write transaction already excludes other migrating processes.
  static constexpr const char* kMigrationLock = "";
};

}  // namespace

Result<int> schema_version(Connection& c) { return sql::schema_version<MigrationDialect>(c); }

Status apply_migrations(Connection& c, const std::vector<barometer::Migration>& all) {
  return sql::apply_migrations<MigrationDialect>(c, all);
}

}  // namespace barometer::sqlite
