// FacetSql<Source>: what the SQL of every facet shares — a connection Source (sources.hpp) and the
// few statement helpers written once for all of them. Internal to storage/: StaffSql, HistorySql,
// NewsletterSql and DeliverySql derive from it (privately) beside their interface.
#pragma once

#include <utility>
#include <vector>

#include "domain/result.hpp"
#include "storage/sql/count_rows.hpp"
#include "storage/sql/sources.hpp"

namespace barometer::sql {

template <class Source>
class FacetSql {
 public:
  template <class... Args>
  explicit FacetSql(Args&&... source_args) : source_(std::forward<Args>(source_args)...) {}

 protected:
  // Leases a connection and runs `f` on it.
  template <class F>
  auto with(F&& f) {
    return with_connection(source_, std::forward<F>(f));
  }

  // Runs one statement whose parameters `bind` sets; no rows wanted.
  template <class Bind>
  Status exec(const char* sql, Bind&& bind) {
    return with([&](auto& c) -> Status {
      auto st = c.prepare(sql);
      if (!st) return st.error();
      bind(*st);
      return st->run();
    });
  }

  // Runs an INSERT ... RETURNING id: the new id.
  template <class Bind>
  Result<Id> insert(const char* sql, Bind&& bind) {
    return with([&](auto& c) -> Result<Id> {
      auto st = c.prepare(sql);
      if (!st) return st.error();
      bind(*st);
      auto row = st->step();
      if (!row) return row.error();
      return st->int64(0);
    });
  }

  // Runs a statement with RETURNING: how many rows it returned (changed).
  template <class Bind>
  Result<int> count_returned(const char* sql, Bind&& bind) {
    return with([&](auto& c) -> Result<int> {
      auto st = c.prepare(sql);
      if (!st) return st.error();
      bind(*st);
      auto counted = count_rows(*st);
      if (!counted) return counted.error();
      return static_cast<int>(*counted);
    });
  }

  // Every row of `st`, each made into a T by `read` (which returns a Result<T>).
  template <class T, class St, class Read>
  static Result<std::vector<T>> rows(St& st, Read&& read) {
    std::vector<T> out;
    while (true) {
      auto row = st.step();
      if (!row) return row.error();
      if (!*row) break;
      auto item = read(st);
      if (!item) return item.error();
      out.push_back(std::move(*item));
    }
    return out;
  }

 private:
  Source source_;
};

}  // namespace barometer::sql
