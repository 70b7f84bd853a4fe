#include "storage/postgres/migrations.hpp"

#include "storage/postgres/connection.hpp"
#include "storage/sql/migration_runner.hpp"

namespace barometer::postgres {

namespace {

// What the shared runner (storage/sql/migration_runner.hpp) needs to know of this backend.
struct MigrationDialect {
  using Connection = postgres::Connection;
  using Transaction = postgres::Transaction;
  static constexpr const char* kMigrationsTable =
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
  static constexpr const char* kHasMigrationsTable = "SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 ELSE 1 END";
  // Any fixed number; every barometer process migrating this database takes the same lock.
  static constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(7305128811)";
};

}  // namespace

Result<int> schema_version(Connection& c) { return sql::schema_version<MigrationDialect>(c); }

Status apply_migrations(Connection& c, const std::vector<barometer::Migration>& all) {
  return sql::apply_migrations<MigrationDialect>(c, all);
}

}  // namespace barometer::postgres
