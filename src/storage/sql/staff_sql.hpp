// The StaffStore's SQL, written once for both backends. Internal to storage/: the SQLite and
// PostgreSQL Connection/Statement types share the shape this needs (prepare with `?`
// placeholders, bind, step, run, int64, text), and the SQL below is portable between them
// (RETURNING is in SQLite since 3.35). Each call leases one pooled connection and runs
// single autocommit statements: no content transaction, so on PostgreSQL no content NOTIFY.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "storage/staff_store.hpp"
#include "storage/sql/count_rows.hpp"
#include "storage/sql/facet_sql.hpp"

namespace barometer::storage {

template <class Source>
class StaffSql final : public StaffStore, public sql::FacetSql<Source> {
  using Base = sql::FacetSql<Source>;
  using Base::with;
  using Base::exec;

 public:
  using Base::Base;

  Result<Id> add_user(const StaffUser& u) override {
    return with([&](auto& c) -> Result<Id> {
      auto st = c.prepare(
          "INSERT INTO staff_users (email, name, role, disabled, password_hash, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
      if (!st) return st.error();
      st->bind(1, u.email).bind(2, u.name).bind(3, std::string(to_string(u.role)));
      st->bind(4, u.disabled ? 1 : 0).bind(5, u.password_hash).bind(6, to_unix(u.created_at));
      auto row = st->step();
      if (!row) {
        if (row.code() == ErrorCode::conflict) return conflict("a staff user with that email exists");
        return row.error();
      }
      return st->int64(0);
    });
  }

  Result<StaffUser> get_user(Id id) override {
    return with([&](auto& c) { return one_user(c, "id = ?", [&](auto& st) { st.bind(1, id); }); });
  }

  Result<StaffUser> find_user(std::string_view email) override {
    return with([&](auto& c) { return one_user(c, "email = ?", [&](auto& st) { st.bind(1, email); }); });
  }

  Result<std::vector<StaffUser>> list_users() override {
    return with([&](auto& c) -> Result<std::vector<StaffUser>> {
      auto st = c.prepare(std::string(kSelectUser) + " ORDER BY email");
      if (!st) return st.error();
      std::vector<StaffUser> out;
      while (true) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        auto u = read_user(*st);
        if (!u) return u.error();
        out.push_back(std::move(*u));
      }
      return out;
    });
  }

  Status set_disabled(Id id, bool disabled) override {
    return with([&](auto& c) -> Status {
      auto st = c.prepare("UPDATE staff_users SET disabled = ? WHERE id = ? RETURNING id");
      if (!st) return st.error();
      st->bind(1, disabled ? 1 : 0).bind(2, id);
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return not_found("no staff user with id " + std::to_string(id));
      // Sessions are also refused for a disabled user at every request, so a crash between the
      // two statements cannot leave a disabled user signed in.
      return disabled ? delete_sessions_of(c, id) : Status{};
    });
  }

  Status set_password_hash(Id id, const std::string& hash) override {
    return with([&](auto& c) -> Status {
      auto st = c.prepare("UPDATE staff_users SET password_hash = ? WHERE id = ? RETURNING id");
      if (!st) return st.error();
      st->bind(1, hash).bind(2, id);
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return not_found("no staff user with id " + std::to_string(id));
      return {};
    });
  }

  Status set_role(Id id, Role role) override {
    return with([&](auto& c) -> Status {
      auto st = c.prepare("UPDATE staff_users SET role = ? WHERE id = ? RETURNING id");
      if (!st) return st.error();
      st->bind(1, std::string(to_string(role))).bind(2, id);
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return not_found("no staff user with id " + std::to_string(id));
      return {};
    });
  }

  Status add_session(const StaffSession& s) override {
    return with([&](auto& c) -> Status {
      auto st = c.prepare(
          "INSERT INTO staff_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, stage, "
          "client_ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      if (!st) return st.error();
      st->bind(1, s.token_hash).bind(2, s.user_id).bind(3, s.csrf_token);
      st->bind(4, to_unix(s.created_at)).bind(5, to_unix(s.last_seen_at)).bind(6, std::string(to_string(s.stage)));
      st->bind(7, s.client_ip).bind(8, s.user_agent);
      return st->run();
    });
  }

  Result<StaffSession> find_session(std::string_view token_hash) override {
    return with([&](auto& c) -> Result<StaffSession> {
      auto st = c.prepare(std::string(kSelectSession) + " WHERE token_hash = ?");
      if (!st) return st.error();
      st->bind(1, token_hash);
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return not_found("no such session");
      return read_session(*st);
    });
  }

  Status touch_session(std::string_view token_hash, Instant seen) override {
    return exec("UPDATE staff_sessions SET last_seen_at = ? WHERE token_hash = ?",
                [&](auto& st) { st.bind(1, to_unix(seen)).bind(2, token_hash); });
  }

  Status delete_session(std::string_view token_hash) override {
    return exec("DELETE FROM staff_sessions WHERE token_hash = ?", [&](auto& st) { st.bind(1, token_hash); });
  }

  Result<int> delete_expired_sessions(Instant idle_before, Instant created_before) override {
    return with([&](auto& c) -> Result<int> {
      auto st = c.prepare(
          "DELETE FROM staff_sessions WHERE last_seen_at < ? OR created_at < ? RETURNING token_hash");
      if (!st) return st.error();
      st->bind(1, to_unix(idle_before)).bind(2, to_unix(created_before));
      auto counted = sql::count_rows(*st);
      if (!counted) return counted.error();
      return static_cast<int>(*counted);
    });
  }

  Result<std::vector<StaffSession>> sessions_of(Id user, SessionStage stage) override {
    return with([&](auto& c) -> Result<std::vector<StaffSession>> {
      auto st = c.prepare(std::string(kSelectSession) +
                          " WHERE user_id = ? AND stage = ? ORDER BY last_seen_at DESC, created_at DESC");
      if (!st) return st.error();
      st->bind(1, user).bind(2, std::string(to_string(stage)));
      return Base::template rows<StaffSession>(*st, [](auto& s) { return read_session(s); });
    });
  }

  Result<int> end_sessions(Id user, std::string_view except_token_hash) override {
    return this->count_returned("DELETE FROM staff_sessions WHERE user_id = ? AND token_hash <> ? RETURNING user_id",
                                [&](auto& st) { st.bind(1, user).bind(2, except_token_hash); });
  }

  Result<StaffTwoFactor> two_factor(Id user) override {
    return with([&](auto& c) -> Result<StaffTwoFactor> {
      auto st = c.prepare(
          "SELECT user_id, secret, enabled, last_step, created_at FROM staff_two_factor WHERE user_id = ?");
      if (!st) return st.error();
      st->bind(1, user);
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return not_found("no two-factor for this user");
      return StaffTwoFactor{st->int64(0), st->text(1), st->int64(2) != 0, st->int64(3), from_unix(st->int64(4))};
    });
  }

  Status put_two_factor(const StaffTwoFactor& t) override {
    return exec(
        "INSERT INTO staff_two_factor (user_id, secret, enabled, last_step, created_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, enabled = excluded.enabled, "
        "last_step = excluded.last_step, created_at = excluded.created_at",
        [&](auto& st) {
          st.bind(1, t.user_id).bind(2, t.secret).bind(3, t.enabled ? 1 : 0).bind(4, t.last_step);
          st.bind(5, to_unix(t.created_at));
        });
  }

  Result<bool> accept_totp_step(Id user, std::int64_t step) override {
    auto n = this->count_returned(
        "UPDATE staff_two_factor SET last_step = ? WHERE user_id = ? AND enabled = 1 AND last_step < ? "
        "RETURNING user_id",
        [&](auto& st) { st.bind(1, step).bind(2, user).bind(3, step); });
    if (!n) return n.error();
    return *n > 0;
  }

  Status delete_two_factor(Id user) override {
    if (auto s = exec("DELETE FROM staff_recovery_codes WHERE user_id = ?", [&](auto& st) { st.bind(1, user); }); !s)
      return s;
    return exec("DELETE FROM staff_two_factor WHERE user_id = ?", [&](auto& st) { st.bind(1, user); });
  }

  Status set_recovery_codes(Id user, const std::vector<std::string>& code_hashes) override {
    if (auto s = exec("DELETE FROM staff_recovery_codes WHERE user_id = ?", [&](auto& st) { st.bind(1, user); }); !s)
      return s;
    for (const auto& hash : code_hashes)
      if (auto s = exec("INSERT INTO staff_recovery_codes (user_id, code_hash) VALUES (?, ?)",
                        [&](auto& st) { st.bind(1, user).bind(2, hash); });
          !s)
        return s;
    return {};
  }

  Result<bool> use_recovery_code(Id user, std::string_view code_hash, Instant at) override {
    auto n = this->count_returned(
        "UPDATE staff_recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL "
        "RETURNING user_id",
        [&](auto& st) { st.bind(1, to_unix(at)).bind(2, user).bind(3, code_hash); });
    if (!n) return n.error();
    return *n > 0;
  }

  Result<int> unused_recovery_codes(Id user) override {
    return with([&](auto& c) -> Result<int> {
      auto st = c.prepare("SELECT COUNT(*) FROM staff_recovery_codes WHERE user_id = ? AND used_at IS NULL");
      if (!st) return st.error();
      st->bind(1, user);
      auto row = st->step();
      if (!row) return row.error();
      return st->int32(0);
    });
  }

  Result<bool> remember_ip(Id user, std::string_view ip, Instant at) override {
    auto n = this->count_returned(
        "INSERT INTO staff_known_ips (user_id, client_ip, first_seen_at) VALUES (?, ?, ?) "
        "ON CONFLICT (user_id, client_ip) DO NOTHING RETURNING user_id",
        [&](auto& st) { st.bind(1, user).bind(2, ip).bind(3, to_unix(at)); });
    if (!n) return n.error();
    return *n > 0;
  }

  Result<bool> require_two_factor() override {
    return with([&](auto& c) -> Result<bool> {
      auto st = c.prepare("SELECT require_two_factor FROM staff_policy WHERE id = 1");
      if (!st) return st.error();
      auto row = st->step();
      if (!row) return row.error();
      return *row && st->int64(0) != 0;
    });
  }

  Status set_require_two_factor(bool required) override {
    return exec("UPDATE staff_policy SET require_two_factor = ? WHERE id = 1",
                [&](auto& st) { st.bind(1, required ? 1 : 0); });
  }

  Status record_failure(std::string_view key, Instant at) override {
    return exec("INSERT INTO login_failures (throttle_key, failed_at) VALUES (?, ?)",
                [&](auto& st) { st.bind(1, key).bind(2, to_unix(at)); });
  }

  Result<int> count_failures(std::string_view key, Instant since) override {
    return with([&](auto& c) -> Result<int> {
      auto st = c.prepare("SELECT COUNT(*) FROM login_failures WHERE throttle_key = ? AND failed_at >= ?");
      if (!st) return st.error();
      st->bind(1, key).bind(2, to_unix(since));
      auto row = st->step();
      if (!row) return row.error();
      return st->int32(0);
    });
  }

  Status clear_failures(std::string_view key) override {
    return exec("DELETE FROM login_failures WHERE throttle_key = ?", [&](auto& st) { st.bind(1, key); });
  }

  Status prune_failures(Instant before) override {
    return exec("DELETE FROM login_failures WHERE failed_at < ?", [&](auto& st) { st.bind(1, to_unix(before)); });
  }

  Status set_commentary_owner(Id commentary_id, Id staff_user_id) override {
    return exec("INSERT INTO commentary_owners (commentary_id, staff_user_id) VALUES (?, ?)",
                [&](auto& st) { st.bind(1, commentary_id).bind(2, staff_user_id); });
  }

  Result<Id> commentary_owner(Id commentary_id) override {
    return with([&](auto& c) -> Result<Id> {
      auto st = c.prepare("SELECT staff_user_id FROM commentary_owners WHERE commentary_id = ?");
      if (!st) return st.error();
      st->bind(1, commentary_id);
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return not_found("no owner recorded");
      return st->int64(0);
    });
  }

 private:
  static constexpr const char* kSelectSession =
      "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, stage, client_ip, user_agent "
      "FROM staff_sessions";

  template <class St>
  static Result<StaffSession> read_session(St& st) {
    auto stage = parse_session_stage(st.text(5));
    if (!stage) return invalid("staff_sessions: unknown stage '" + st.text(5) + "'");
    return StaffSession{st.text(0),         st.int64(1), st.text(2), from_unix(st.int64(3)), from_unix(st.int64(4)),
                        *stage,             st.text(6),  st.text(7)};
  }

  static constexpr const char* kSelectUser =
      "SELECT id, email, name, role, disabled, password_hash, created_at FROM staff_users";

  template <class St>
  static Result<StaffUser> read_user(St& st) {
    auto role = parse_role(st.text(3));
    if (!role) return invalid("staff_users: unknown role '" + st.text(3) + "'");
    StaffUser u;
    u.id = st.int64(0);
    u.email = st.text(1);
    u.name = st.text(2);
    u.role = *role;
    u.disabled = st.int64(4) != 0;
    u.password_hash = st.text(5);
    u.created_at = from_unix(st.int64(6));
    return u;
  }

  template <class C, class Bind>
  static Result<StaffUser> one_user(C& c, const char* where, Bind&& bind) {
    auto st = c.prepare(std::string(kSelectUser) + " WHERE " + where);
    if (!st) return st.error();
    bind(*st);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return not_found("no such staff user");
    return read_user(*st);
  }

  template <class C>
  static Status delete_sessions_of(C& c, Id id) {
    auto st = c.prepare("DELETE FROM staff_sessions WHERE user_id = ?");
    if (!st) return st.error();
    st->bind(1, id);
    return st->run();
  }

};

}  // namespace barometer::storage
