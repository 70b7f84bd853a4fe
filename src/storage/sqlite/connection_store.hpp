// The Store's SQL bound to one SQLite connection: storage/sql/connection_store.hpp instantiated
// with SQLite's dialect. SqliteStore delegates here; tests bind one to a connection directly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/sql/connection_store.hpp"
#include "storage/sqlite/connection.hpp"

namespace barometer::sqlite {

// What differs from PostgreSQL (see sql::ConnectionStore for the contract).
struct Dialect {
  using Connection = sqlite::Connection;
  using Statement = sqlite::Statement;
  using Transaction = sqlite::Transaction;

  static constexpr const char* kCollateC = "";  // BINARY is already the default collation
  static constexpr const char* kNoLimit = "-1";
  static constexpr const char* kReturningId = "";  // the id comes from last_insert_id()
  // Lists are JSON arrays, expanded by json_each.
  static constexpr const char* kInList = " IN (SELECT value FROM json_each(?))";
  static constexpr const char* kNotInList = " NOT IN (SELECT value FROM json_each(?))";
  // The row lock of a claim's inner SELECT (outbox, delivery ledger): none, since a claim runs
  // in one write transaction and SQLite's single writer lock already serialises claimers.
  static constexpr const char* kSkipLocked = "";

  static std::string list(const std::vector<std::string>& items) {
    std::string json = "[";
    for (std::size_t i = 0; i < items.size(); ++i) json += (i ? "," : "") + items[i];
    return json + "]";
  }
  static Result<Id> run_insert(Connection& c, Statement& st) {
    if (auto s = st.run(); !s) return s.error();
    return c.last_insert_id();
  }
  static std::int64_t affected(Connection& c, Statement&) { return c.changes(); }
};

using ConnectionStore = sql::ConnectionStore<Dialect>;

}  // namespace barometer::sqlite

// Instantiated once, in connection_store.cpp.
extern template class barometer::sql::ConnectionStore<barometer::sqlite::Dialect>;
