// TableSql<Source, D>: the TableRows facet (storage/table_rows.hpp), written once for both
// backends. What differs comes from the dialect D (its connection_store.hpp):
//   kTableNames          every table of the schema, one name per row, bookkeeping left out
//   kTableColumns        the columns of the table bound first: name, declared type
//   column_type(type)    a declared type as the archive sees it
//   kCollateC            bytewise ordering of text
//   kSetNextId           after a load with explicit ids: moves the table's identity past them
//                        (the table's name is bound first; "" where the database follows alone)
#pragma once

#include <string>
#include <vector>

#include "domain/try.hpp"
#include "storage/sql/facet_sql.hpp"
#include "storage/sql/search_sql.hpp"
#include "storage/table_rows.hpp"

namespace barometer::storage {

// An identifier as SQL: double-quoted, any quote inside doubled.
inline std::string quote_identifier(const std::string& name) {
  std::string out = "\"";
  for (char ch : name) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

template <class Source, class D>
class TableSql final : public TableRows, private sql::FacetSql<Source> {
  using Base = sql::FacetSql<Source>;
  using Base::with;

 public:
  using Base::Base;

  Result<int> schema_version() override {
    return with([&](auto& c) -> Result<int> {
      auto st = c.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
      if (!st) return st.error();
      auto row = st->step();
      if (!row) return row.error();
      return st->int32(0);
    });
  }

  Result<std::vector<std::string>> table_names() override {
    return with([&](auto& c) -> Result<std::vector<std::string>> {
      auto st = c.prepare(D::kTableNames);
      if (!st) return st.error();
      return Base::template rows<std::string>(*st, [](auto& s) -> Result<std::string> { return s.text(0); });
    });
  }

  Result<std::vector<TableColumn>> columns(const std::string& table) override {
    auto out = with([&](auto& c) -> Result<std::vector<TableColumn>> {
      auto st = c.prepare(D::kTableColumns);
      if (!st) return st.error();
      st->bind(1, table);
      return Base::template rows<TableColumn>(*st, [](auto& s) -> Result<TableColumn> {
        return TableColumn{s.text(0), D::column_type(s.text(1))};
      });
    });
    if (out && out->empty()) return invalid("no table " + table + " in this database");
    return out;
  }

  Status scan(const std::string& table, const std::vector<TableColumn>& columns,
              const std::vector<std::string>& order_by,
              const std::function<Status(const TableRow&)>& each) override {
    std::string sql = "SELECT ";
    for (std::size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + quote_identifier(columns[i].name);
    sql += " FROM " + quote_identifier(table);
    for (std::size_t i = 0; i < order_by.size(); ++i) {
      sql += (i ? ", " : " ORDER BY ") + quote_identifier(order_by[i]);
      for (const auto& col : columns)
        if (col.name == order_by[i] && col.type == ColumnType::text) sql += D::kCollateC;
    }
    return with([&](auto& c) -> Status {
      auto st = c.prepare(sql);
      if (!st) return st.error();
      TableRow row(columns.size());
      for (;;) {
        auto more = st->step();
        if (!more) return more.error();
        if (!*more) return {};
        for (std::size_t i = 0; i < columns.size(); ++i) {
          int at = static_cast<int>(i);
          if (st->is_null(at))
            row[i] = std::monostate{};
          else if (columns[i].type == ColumnType::integer)
            row[i] = st->int64(at);
          else
            row[i] = st->text(at);
        }
        BAROMETER_TRY(each(row));
      }
    });
  }

  Status insert(const std::string& table, const std::vector<TableColumn>& columns, const TableRow& row) override {
    std::string sql = "INSERT INTO " + quote_identifier(table) + " (";
    std::string values;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      sql += (i ? ", " : "") + quote_identifier(columns[i].name);
      values += i ? ", ?" : "?";
    }
    sql += ") VALUES (" + values + ")";
    return Base::exec(sql.c_str(), [&](auto& st) {
      for (std::size_t i = 0; i < row.size(); ++i) {
        int at = static_cast<int>(i) + 1;
        if (const auto* n = std::get_if<std::int64_t>(&row[i]))
          st.bind(at, *n);
        else if (const auto* s = std::get_if<std::string>(&row[i]))
          st.bind(at, *s);
        else
          st.bind_null(at);
      }
    });
  }

  Result<std::int64_t> count(const std::string& table) override {
    return with([&](auto& c) -> Result<std::int64_t> {
      auto st = c.prepare("SELECT COUNT(*) FROM " + quote_identifier(table));
      if (!st) return st.error();
      auto row = st->step();
      if (!row) return row.error();
      return st->int64(0);
    });
  }

  Status clear(const std::string& table) override {
    std::string sql = "DELETE FROM " + quote_identifier(table);
    return Base::exec(sql.c_str(), [](auto&) {});
  }

  Status ids_loaded(const std::string& table) override {
    if (!*D::kSetNextId) return {};
    auto cols = columns(table);
    if (!cols) return cols.error();
    bool has_id = false;
    for (const auto& col : *cols) has_id = has_id || (col.name == "id" && col.type == ColumnType::integer);
    if (!has_id) return {};
    std::string sql = std::string(D::kSetNextId) + " FROM " + quote_identifier(table) + " HAVING MAX(id) IS NOT NULL";
    return with([&](auto& c) -> Status {
      auto st = c.prepare(sql);
      if (!st) return st.error();
      st->bind(1, table);
      auto row = st->step();
      if (!row) return row.error();
      return {};
    });
  }

  Result<int> rebuild_search_index() override {
    return with([&](auto& c) { return sql::search_index::rebuild<D>(c); });
  }
};

}  // namespace barometer::storage
