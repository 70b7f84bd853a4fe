// The Store's SQL bound to one SQLite connection: storage/sql/connection_store.hpp instantiated
// with SQLite's dialect. SqliteStore delegates here; tests bind one to a connection directly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/sql/connection_store.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/search_tokenizer.hpp"
#include "storage/table_rows.hpp"

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

  // Search (storage/sql/search_sql.hpp): the FTS5 table search_fts follows search_documents by
  // triggers and tokenizes with the application's analyser (search_tokenizer.hpp).
  static constexpr const char* kSearchTermsColumn = "";
  static constexpr const char* kSearchTermsValue = "";
  static void bind_search_terms(Statement&, int, std::string_view, std::string_view, std::string_view) {}
  // The FTS5 table drives (CROSS JOIN keeps it the outer loop): SQLite's planner would otherwise
  // start from commentaries and run the MATCH once per row.
  static constexpr const char* kSearchFrom = "search_fts CROSS JOIN search_documents d";
  static constexpr const char* kSearchWhere = "search_fts MATCH ? AND d.id = search_fts.rowid";
  // bm25 is lower for better matches; title 10 : lead 4 : body 1.
  static constexpr const char* kSearchScore = "bm25(search_fts, 10.0, 4.0, 1.0)";
  static std::string search_match(const search::Query& q) { return fts5_match(q); }

  // Whole tables (storage/sql/table_sql.hpp, the backup archive). Shadow tables of FTS5 and
  // SQLite's own are its bookkeeping, not the schema's.
  static constexpr const char* kTableNames =
      "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') "
      "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
  static constexpr const char* kTableColumns = "SELECT name, type FROM pragma_table_info(?) ORDER BY cid";
  static ColumnType column_type(const std::string& declared) {
    if (declared == "INTEGER") return ColumnType::integer;
    if (declared == "TEXT") return ColumnType::text;
    return ColumnType::other;
  }
  // INTEGER PRIMARY KEY already continues after the largest id.
  static constexpr const char* kSetNextId = "";
};

using ConnectionStore = sql::ConnectionStore<Dialect>;

}  // namespace barometer::sqlite

// Instantiated once, in connection_store.cpp.
extern template class barometer::sql::ConnectionStore<barometer::sqlite::Dialect>;
