// The HistoryStore's SQL, written once for both backends (like staff_sql.hpp, whose notes on
// the shared Connection/Statement shape apply here). Each call leases one pooled connection and
// runs single autocommit statements.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "domain/text.hpp"
#include "storage/sql/facet_sql.hpp"
#include "storage/commentary_json.hpp"
#include "storage/history_store.hpp"

namespace barometer::storage {

template <class Source>
class HistorySql final : public HistoryStore, public sql::FacetSql<Source> {
  using Base = sql::FacetSql<Source>;
  using Base::with;
  using Base::insert;

 public:
  using Base::Base;

  Result<Id> add_revision(const RevisionInfo& info, const Commentary& snapshot) override {
    if (snapshot.id != info.commentary_id) return invalid("revision: snapshot of another commentary");
    return insert(
        "INSERT INTO commentary_revisions (commentary_id, saved_at, staff_user_id, summary, snapshot) "
        "VALUES (?, ?, ?, ?, ?) RETURNING id",
        [&](auto& st) {
          st.bind(1, info.commentary_id).bind(2, to_unix(info.saved_at)).bind(3, info.staff_user_id);
          st.bind(4, info.summary).bind(5, commentary_to_json(snapshot));
        });
  }

  Result<std::vector<RevisionInfo>> list_revisions(Id commentary_id) override {
    return with([&](auto& c) -> Result<std::vector<RevisionInfo>> {
      auto st = c.prepare(std::string(kSelectRevision) +
                          " WHERE r.commentary_id = ? ORDER BY r.saved_at DESC, r.id DESC");
      if (!st) return st.error();
      st->bind(1, commentary_id);
      std::vector<RevisionInfo> out;
      while (true) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        out.push_back(read_info(*st));
      }
      return out;
    });
  }

  Result<Revision> get_revision(Id revision_id) override {
    return with([&](auto& c) -> Result<Revision> {
      auto st = c.prepare(std::string(kSelectRevision) + " WHERE r.id = ?");
      if (!st) return st.error();
      st->bind(1, revision_id);
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return not_found("no revision with id " + std::to_string(revision_id));
      Revision r;
      r.info = read_info(*st);
      auto snapshot = commentary_from_json(st->text(6));
      if (!snapshot) return snapshot.error();
      r.snapshot = std::move(*snapshot);
      return r;
    });
  }

  Result<Id> add_audit(const AuditEntry& e) override {
    return insert(
        "INSERT INTO audit_log (at, staff_user_id, user_name, action, subject, detail) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        [&](auto& st) {
          st.bind(1, to_unix(e.at)).bind(2, e.staff_user_id).bind(3, e.user_name);
          st.bind(4, e.action).bind(5, e.subject).bind(6, e.detail);
        });
  }

  Result<std::vector<AuditEntry>> list_audit(const AuditFilter& f) override {
    if (f.limit < 1 || f.limit > 1000) return invalid("audit filter: limit must be 1..1000");
    if (f.offset < 0) return invalid("audit filter: offset must not be negative");
    return with([&](auto& c) -> Result<std::vector<AuditEntry>> {
      auto st = c.prepare(
          "SELECT id, at, staff_user_id, user_name, action, subject, detail FROM audit_log" + where(f) +
          " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?");
      if (!st) return st.error();
      int n = bind_filter(*st, f);
      st->bind(n + 1, f.limit).bind(n + 2, f.offset);
      std::vector<AuditEntry> out;
      while (true) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        AuditEntry e;
        e.id = st->int64(0);
        e.at = from_unix(st->int64(1));
        if (!st->is_null(2)) e.staff_user_id = st->int64(2);
        e.user_name = st->text(3);
        e.action = st->text(4);
        e.subject = st->text(5);
        e.detail = st->text(6);
        out.push_back(std::move(e));
      }
      return out;
    });
  }

  Result<int> count_audit(const AuditFilter& f) override {
    return with([&](auto& c) -> Result<int> {
      auto st = c.prepare("SELECT COUNT(*) FROM audit_log" + where(f));
      if (!st) return st.error();
      bind_filter(*st, f);
      auto row = st->step();
      if (!row) return row.error();
      return st->int32(0);
    });
  }

 private:
  static constexpr const char* kSelectRevision =
      "SELECT r.id, r.commentary_id, r.saved_at, r.staff_user_id, COALESCE(u.name, ''), r.summary, r.snapshot "
      "FROM commentary_revisions r LEFT JOIN staff_users u ON u.id = r.staff_user_id";

  template <class St>
  static RevisionInfo read_info(St& st) {
    RevisionInfo i;
    i.id = st.int64(0);
    i.commentary_id = st.int64(1);
    i.saved_at = from_unix(st.int64(2));
    if (!st.is_null(3)) i.staff_user_id = st.int64(3);
    i.user_name = st.text(4);
    i.summary = st.text(5);
    return i;
  }

  // The WHERE clause for the filter's set fields, in the order bind_filter() binds them.
  // The action prefix is compared with substr() rather than LIKE, so '%' and '_' need no escaping.
  static std::string where(const AuditFilter& f) {
    std::vector<std::string> terms;
    if (f.staff_user_id) terms.push_back("staff_user_id = ?");
    if (!f.action_prefix.empty()) terms.push_back("substr(action, 1, ?) = ?");
    if (!f.subject.empty()) terms.push_back("subject = ?");
    if (f.after) terms.push_back("at >= ?");
    if (f.before) terms.push_back("at < ?");
    std::string sql;
    for (const auto& t : terms) sql += (sql.empty() ? " WHERE " : " AND ") + t;
    return sql;
  }

  template <class St>
  static int bind_filter(St& st, const AuditFilter& f) {
    int n = 0;
    if (f.staff_user_id) st.bind(++n, *f.staff_user_id);
    if (!f.action_prefix.empty()) {
      st.bind(++n, static_cast<std::int64_t>(utf8_length(f.action_prefix)));  // code points, as substr() counts
      st.bind(++n, f.action_prefix);
    }
    if (!f.subject.empty()) st.bind(++n, f.subject);
    if (f.after) st.bind(++n, to_unix(*f.after));
    if (f.before) st.bind(++n, to_unix(*f.before));
    return n;
  }

};

}  // namespace barometer::storage
