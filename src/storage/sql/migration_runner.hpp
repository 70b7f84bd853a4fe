// The migration runner, written once for both backends. Internal to storage/: each backend's
// migrations.cpp calls it with its dialect `D`, which supplies
//   Connection, Transaction                     the backend's handles
//   kMigrationsTable    the CREATE TABLE IF NOT EXISTS of schema_migrations (column types differ)
//   kHasMigrationsTable a query whose one row's first column is 1 when that table exists, else 0
//   kMigrationLock      a statement run first in every migration's transaction so that several
//                       processes migrating one database take turns ("" where the write
//                       transaction already excludes the others, as SQLite's IMMEDIATE one does)
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "storage/migration.hpp"

namespace barometer::sql {

// The highest version recorded in schema_migrations; 0 for a database without that table.
template <class D>
Result<int> schema_version(typename D::Connection& c) {
  auto exists = c.prepare(D::kHasMigrationsTable);
  if (!exists) return exists.error();
  auto row = exists->step();
  if (!row) return row.error();
  if (!*row || exists->int64(0) == 0) return 0;
  auto st = c.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!st) return st.error();
  auto max = st->step();
  if (!max) return max.error();
  return static_cast<int>(st->int64(0));
}

// Applies the members of `all` (ordered by version) that the database lacks, each in its own write
// transaction together with its schema_migrations row, so a crash leaves the database at some
// whole version. invalid if the database is at a version newer than the last of `all`. Safe when
// several processes open the same database at once: each re-checks under the lock.
template <class D>
Status apply_migrations(typename D::Connection& c, const std::vector<Migration>& all) {
  using Transaction = typename D::Transaction;
  const int latest = all.empty() ? 0 : all.back().version;
  auto current = schema_version<D>(c);
  if (!current) return current.error();
  if (*current > latest)
    return invalid("database schema version " + std::to_string(*current) + " is newer than this program supports (" +
                   std::to_string(latest) + "); upgrade barometer");
  if (*current == latest) return {};
  for (const auto& m : all) {
    if (m.version <= *current) continue;
    auto tx = Transaction::begin(c, Transaction::Mode::write);
    if (!tx) return tx.error();
    if (*D::kMigrationLock)
      if (auto s = c.exec(D::kMigrationLock); !s) return s;
    if (auto s = c.exec(D::kMigrationsTable); !s) return s;
    auto applied = c.prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
    if (!applied) return applied.error();
    applied->bind(1, m.version);
    auto found = applied->step();
    if (!found) return found.error();
    if (*found) continue;  // another process got there first (the transaction rolls back)
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

}  // namespace barometer::sql
