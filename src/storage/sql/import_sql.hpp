// The ImportStore's SQL, written once for both backends (like history_sql.hpp). Each call leases
// one pooled connection, or runs on the transaction's connection inside Database::transact.
#pragma once

#include <string>

#include "domain/date.hpp"
#include "storage/import_store.hpp"
#include "storage/sql/facet_sql.hpp"

namespace barometer::storage {

template <class Source>
class ImportSql final : public ImportStore, public sql::FacetSql<Source> {
  using Base = sql::FacetSql<Source>;
  using Base::with;

 public:
  using Base::Base;

  Result<std::optional<ImportedItem>> find_imported(std::string_view source, std::string_view kind,
                                                    std::string_view source_id) override {
    return with([&](auto& c) -> Result<std::optional<ImportedItem>> {
      auto st = c.prepare(
          "SELECT target_id, lang, imported_at FROM imported_items WHERE source = ? AND kind = ? AND source_id = ?");
      if (!st) return st.error();
      st->bind(1, std::string(source)).bind(2, std::string(kind)).bind(3, std::string(source_id));
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return std::optional<ImportedItem>{};
      ImportedItem item{std::string(source), std::string(kind), std::string(source_id), st->int64(0), st->text(1),
                        from_unix(st->int64(2))};
      return std::optional<ImportedItem>(std::move(item));
    });
  }

  Result<bool> record_imported(const ImportedItem& item) override {
    if (item.source.empty() || item.kind.empty() || item.source_id.empty())
      return invalid("imported item: source, kind and source id must not be empty");
    return changed(
        "INSERT INTO imported_items (source, kind, source_id, target_id, lang, imported_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING RETURNING 1",
        [&](auto& st) {
          st.bind(1, item.source).bind(2, item.kind).bind(3, item.source_id).bind(4, item.target_id);
          st.bind(5, item.lang).bind(6, to_unix(item.imported_at));
        });
  }

  Result<std::optional<std::string>> find_redirect(std::string_view old_path) override {
    return with([&](auto& c) -> Result<std::optional<std::string>> {
      auto st = c.prepare("SELECT target FROM legacy_redirects WHERE old_path = ?");
      if (!st) return st.error();
      st->bind(1, std::string(old_path));
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return std::optional<std::string>{};
      return std::optional<std::string>(st->text(0));
    });
  }

  Result<bool> add_redirect(const LegacyRedirect& r) override {
    if (r.old_path.empty() || r.old_path.front() != '/') return invalid("redirect: the old path must start with /");
    // A Location of "//host/..." would leave the site: only paths of this site.
    if (r.target.size() < 1 || r.target.front() != '/' || r.target.rfind("//", 0) == 0 ||
        r.target.find('\\') != std::string::npos)
      return invalid("redirect: the target must be a path of this site");
    return changed(
        "INSERT INTO legacy_redirects (old_path, target, source, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING RETURNING 1",
        [&](auto& st) { st.bind(1, r.old_path).bind(2, r.target).bind(3, r.source).bind(4, to_unix(r.created_at)); });
  }

  Result<int> count_redirects() override {
    return with([&](auto& c) -> Result<int> {
      auto st = c.prepare("SELECT COUNT(*) FROM legacy_redirects");
      if (!st) return st.error();
      auto row = st->step();
      if (!row) return row.error();
      return st->int32(0);
    });
  }

 private:
  // Runs an INSERT ... ON CONFLICT DO NOTHING RETURNING 1: whether it inserted.
  template <class Bind>
  Result<bool> changed(const char* sql, Bind&& bind) {
    auto n = Base::count_returned(sql, std::forward<Bind>(bind));
    if (!n) return n.error();
    return *n > 0;
  }
};

}  // namespace barometer::storage
