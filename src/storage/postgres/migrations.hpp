// The PostgreSQL schema migrations, compiled in from storage/postgres/migrations/NNNN_name.sql by
// cmake/embed_migrations.cmake, and the runner that applies them. They mirror the SQLite ones
// number for number (tests/storage/schema_parity_test.cpp checks both reach the same tables).
#pragma once

#include <vector>

#include "domain/result.hpp"
#include "storage/migration.hpp"

namespace barometer::postgres {

class Connection;

// Every migration of this backend, ordered by version (generated source).
const std::vector<barometer::Migration>& migrations();

// The highest version recorded in schema_migrations; 0 for a database without that table.
Result<int> schema_version(Connection& connection);

// Applies the members of `all` that the database lacks, each in its own transaction together
// with its schema_migrations row. Several processes may start at once: each migration's
// transaction first takes a transaction-scoped advisory lock and re-checks. invalid if the
// database is at a version newer than the last of `all`.
Status apply_migrations(Connection& connection, const std::vector<barometer::Migration>& all);

}  // namespace barometer::postgres
