// The Store's SQL bound to one PostgreSQL connection: storage/sql/connection_store.hpp
// instantiated with PostgreSQL's dialect. PostgresStore delegates here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/postgres/connection.hpp"
#include "storage/postgres/search_terms.hpp"
#include "storage/sql/connection_store.hpp"
#include "storage/table_rows.hpp"

namespace barometer::postgres {

// What differs from SQLite (see sql::ConnectionStore for the contract).
struct Dialect {
  using Connection = postgres::Connection;
  using Statement = postgres::Statement;
  using Transaction = postgres::Transaction;

  // Byte order, as SQLite sorts, whatever the database's collation.
  static constexpr const char* kCollateC = " COLLATE \"C\"";
  static constexpr const char* kNoLimit = "ALL";
  static constexpr const char* kReturningId = " RETURNING id";
  // Lists are array literals: bigint[] for ids, text[] for language codes.
  static constexpr const char* kInList = " = ANY (?::bigint[])";
  static constexpr const char* kNotInList = " <> ALL (?::text[])";
  // The row lock of a claim's inner SELECT (outbox, delivery ledger): concurrent claimers (several
  // nodes' senders) skip rows another claimer holds instead of waiting and then taking them too.
  static constexpr const char* kSkipLocked = " FOR UPDATE SKIP LOCKED";

  static std::string list(const std::vector<std::string>& items) {
    std::string array = "{";
    for (std::size_t i = 0; i < items.size(); ++i) array += (i ? "," : "") + items[i];
    return array + "}";
  }
  static Result<Id> run_insert(Connection&, Statement& st) {
    if (auto row = st.step(); !row) return row.error();
    return st.int64(0);
  }
  static std::int64_t affected(Connection&, Statement& st) { return st.affected(); }

  // Search (storage/sql/search_sql.hpp): the tsvector is built here from the analyser's tokens
  // (search_terms.hpp) and matched by a tsquery built from the same analyser's query.
  static constexpr const char* kSearchTermsColumn = ", terms";
  static constexpr const char* kSearchTermsValue = ", CAST(? AS tsvector)";
  static void bind_search_terms(Statement& st, int index, std::string_view title, std::string_view lead,
                                std::string_view body) {
    st.bind(index, tsvector_literal(title, lead, body));
  }
  static constexpr const char* kSearchFrom = "(SELECT CAST(? AS tsquery) AS q) s CROSS JOIN search_documents d";
  static constexpr const char* kSearchWhere = "d.terms @@ s.q";
  // ts_rank is higher for better matches (title 1.0 : lead 0.4 : body 0.2); negated, lower is better.
  static constexpr const char* kSearchScore = "-ts_rank(d.terms, s.q)";
  static std::string search_match(const search::Query& q) { return tsquery_literal(q); }

  // Whole tables (storage/sql/table_sql.hpp, the backup archive): the tables of the schema the
  // connection works in.
  static constexpr const char* kTableNames =
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
      "AND table_type = 'BASE TABLE' ORDER BY table_name COLLATE \"C\"";
  static constexpr const char* kTableColumns =
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() "
      "AND table_name = ? ORDER BY ordinal_position";
  static ColumnType column_type(const std::string& declared) {
    if (declared == "integer" || declared == "bigint" || declared == "smallint") return ColumnType::integer;
    if (declared == "text") return ColumnType::text;
    return ColumnType::other;
  }
  // An identity column's sequence does not see ids inserted explicitly: move it past them.
  static constexpr const char* kSetNextId = "SELECT setval(pg_get_serial_sequence(?, 'id'), MAX(id))";
};

using ConnectionStore = sql::ConnectionStore<Dialect>;

}  // namespace barometer::postgres

// Instantiated once, in connection_store.cpp.
extern template class barometer::sql::ConnectionStore<barometer::postgres::Dialect>;
