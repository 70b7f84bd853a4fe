#include "storage/postgres/migrations.hpp"

#include <ctime>
#include <string>

#include "storage/postgres/connection.hpp"

namespace barometer::postgres {

namespace {

// Any fixed number; every barometer process migrating this database takes the same lock.
constexpr const char* kLockMigrations = "SELECT pg_advisory_xact_lock(7305128811)";

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

Result<bool> is_applied(Connection& c, int version) {
  auto st = c.prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
  if (!st) return st.error();
  st->bind(1, version);
  return st->step();
}

}  // namespace

Result<int> schema_version(Connection& c) {
  auto exists = c.prepare("SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (!exists) return exists.error();
  auto row = exists->step();
  if (!row) return row.error();
  if (exists->text(0) != "t") return 0;
  auto st = c.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!st) return st.error();
  auto max = st->step();
  if (!max) return max.error();
  return st->int32(0);
}

Status apply_migrations(Connection& c, const std::vector<barometer::Migration>& all) {
  int latest = all.empty() ? 0 : all.back().version;
  auto current = schema_version(c);
  if (!current) return current.error();
  if (*current > latest)
    return invalid("database schema version " + std::to_string(*current) +
                   " is newer than this program supports (" + std::to_string(latest) +
                   "); upgrade barometer");
  if (*current == latest) return {};
  for (const auto& m : all) {
    if (m.version <= *current) continue;
    auto tx = Transaction::begin(c, Transaction::Mode::write);
    if (!tx) return tx.error();
    if (auto s = c.exec(kLockMigrations); !s) return s;
    if (auto s = c.exec(kCreateTable); !s) return s;
    auto applied = is_applied(c, m.version);
    if (!applied) return applied.error();
    if (*applied) continue;  // another process got there first
    if (auto s = c.exec(m.sql); !s)
      return Error{s.code(), std::string("migration ") + m.name + " failed: " + s.error().message};
    auto record = c.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    if (!record) return record.error();
    record->bind(1, m.version).bind(2, m.name).bind(3, static_cast<std::int64_t>(std::time(nullptr)));
    if (auto s = record->run(); !s) return s;
    if (auto s = tx->commit(); !s) return s;
  }
  return {};
}

}  // namespace barometer::postgres
