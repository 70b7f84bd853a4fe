// TableRows: whole tables as rows of plain values, for the backup archive (services/backup/,
// docs/decisions/0024-backup-archive.md). Reached only through Database::snapshot (one read
// transaction) and Database::transact_tables (one write transaction): a table read here is read
// at one instant with every other, and a load is all or nothing.
//
// Knows nothing of what a site consists of: services/backup/archive_tables.* lists the tables
// and their order. Table and column names come from that list and from the schema itself, never
// from outside input; they are still quoted.
//
// Contract: valid only inside the work it was handed to; expected failures are returned
// (invalid for an unknown table or a column of a type the archive cannot hold, conflict for a
// row that breaks a key, the backend's errors otherwise).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "domain/result.hpp"

namespace barometer {

// What a column holds, as the archive keeps it: every column of barometer's schema is an integer
// (INTEGER/BIGINT) or text; `other` (PostgreSQL's tsvector of the search index) is never archived.
enum class ColumnType { integer, text, other };

struct TableColumn {
  std::string name;
  ColumnType type = ColumnType::text;
  bool operator==(const TableColumn&) const = default;
};

// One value: NULL, an integer or a text.
using CellValue = std::variant<std::monostate, std::int64_t, std::string>;
using TableRow = std::vector<CellValue>;

class TableRows {
 public:
  virtual ~TableRows() = default;

  // The schema version (the highest applied migration).
  virtual Result<int> schema_version() = 0;
  // Every table of the schema, sorted by name, without the backend's own bookkeeping
  // (sqlite_* tables, FTS5 shadow tables, PostgreSQL's catalogues). schema_migrations and SQLite's
  // search_fts virtual table are listed: the caller decides about them.
  virtual Result<std::vector<std::string>> table_names() = 0;
  // The columns of `table` in schema order; invalid if there is no such table.
  virtual Result<std::vector<TableColumn>> columns(const std::string& table) = 0;
  // Calls `each` with every row of `columns` of `table`, ordered by `order_by` (column names,
  // text compared bytewise on both backends); stops at the first error `each` returns.
  virtual Status scan(const std::string& table, const std::vector<TableColumn>& columns,
                      const std::vector<std::string>& order_by,
                      const std::function<Status(const TableRow&)>& each) = 0;
  // Inserts one row; the other columns of the table take their defaults.
  virtual Status insert(const std::string& table, const std::vector<TableColumn>& columns, const TableRow& row) = 0;
  virtual Result<std::int64_t> count(const std::string& table) = 0;
  // Deletes every row of `table`.
  virtual Status clear(const std::string& table) = 0;
  // After rows were inserted with their own ids: the next id the database assigns is past them
  // (PostgreSQL's identity sequences; nothing to do on SQLite).
  virtual Status ids_loaded(const std::string& table) = 0;
  // Rewrites the whole search index from the published commentaries; how many documents.
  virtual Result<int> rebuild_search_index() = 0;
};

}  // namespace barometer
