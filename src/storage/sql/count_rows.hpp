// Steps a statement through every row it returns and counts them: what a DELETE/INSERT ...
// RETURNING tells about how many rows it touched, the same way on SQLite and PostgreSQL.
// Internal to storage/ (the SQL shared by the backends).
#pragma once

#include <cstdint>

#include "domain/result.hpp"

namespace barometer::sql {

template <class Statement>
Result<std::int64_t> count_rows(Statement& statement) {
  std::int64_t n = 0;
  while (true) {
    auto row = statement.step();
    if (!row) return row.error();
    if (!*row) return n;
    ++n;
  }
}

}  // namespace barometer::sql
