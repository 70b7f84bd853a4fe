// The SQLite schema migrations, compiled in from storage/sqlite/migrations/NNNN_name.sql by
// cmake/embed_migrations.cmake, and the runner that applies them.
#pragma once

#include <vector>

#include "domain/result.hpp"
#include "storage/migration.hpp"

namespace barometer::sqlite {

class Connection;

// Every migration of this backend, ordered by version (generated source).
const std::vector<barometer::Migration>& migrations();

// The highest version recorded in schema_migrations; 0 for a database without that table.
Result<int> schema_version(Connection& connection);

// Applies the members of `all` (ordered by version) that the database lacks, each in its own
// IMMEDIATE transaction together with its schema_migrations row, so a crash leaves a database at
// some whole version. invalid if the database is at a version newer than the last of `all`.
// Safe if several processes open the same file at once: each re-checks under the write lock.
Status apply_migrations(Connection& connection, const std::vector<barometer::Migration>& all);

}  // namespace barometer::sqlite
