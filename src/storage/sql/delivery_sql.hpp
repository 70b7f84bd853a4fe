// The DeliveryStore's SQL, written once for both backends (the staff_sql.hpp pattern). Internal
// to storage/. `Dialect` supplies what differs: the Transaction type and the row-locking clause
// of claim() ("FOR UPDATE SKIP LOCKED" on PostgreSQL; nothing on SQLite, where the claim runs in
// one IMMEDIATE write transaction that already excludes every other writer).
#pragma once

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "domain/text.hpp"
#include "storage/delivery_store.hpp"
#include "storage/sql/count_rows.hpp"
#include "storage/sql/facet_sql.hpp"

namespace barometer::storage {

template <class Source, class Dialect>
class DeliverySql final : public DeliveryStore, public sql::FacetSql<Source> {
  using Base = sql::FacetSql<Source>;
  using Base::with;

 public:
  using Base::Base;

  Result<Digest> ensure_digest(const std::string& period, const std::string& lang, const std::string& token,
                               Instant now) override {
    return with([&](auto& c) -> Result<Digest> {
      auto ins = c.prepare(
          "INSERT INTO digests (period, lang, state, token, created_at) VALUES (?, ?, 'draft', ?, ?) "
          "ON CONFLICT (period, lang) DO NOTHING");
      if (!ins) return ins.error();
      ins->bind(1, period).bind(2, lang).bind(3, token).bind(4, to_unix(now));
      if (auto s = ins->run(); !s) return s.error();
      return one_digest(c, "period = ? AND lang = ?", [&](auto& st) { st.bind(1, period).bind(2, lang); });
    });
  }

  Result<Digest> get_digest(Id id) override {
    return with([&](auto& c) { return one_digest(c, "id = ?", [&](auto& st) { st.bind(1, id); }); });
  }

  Result<Digest> find_digest(const std::string& period, const std::string& lang) override {
    return with([&](auto& c) {
      return one_digest(c, "period = ? AND lang = ?", [&](auto& st) { st.bind(1, period).bind(2, lang); });
    });
  }

  Result<std::vector<Digest>> list_digests(std::optional<DigestState> state) override {
    return with([&](auto& c) -> Result<std::vector<Digest>> {
      std::string sql = std::string(kSelectDigest) + (state ? " WHERE state = ?" : "") + " ORDER BY id";
      auto st = c.prepare(sql);
      if (!st) return st.error();
      if (state) st->bind(1, std::string(to_string(*state)));
      std::vector<Digest> out;
      while (true) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        auto d = read_digest(*st);
        if (!d) return d.error();
        out.push_back(std::move(*d));
      }
      return out;
    });
  }

  Status mark_ready(Id digest_id, Instant now) override {
    return with([&](auto& c) -> Status {
      auto st = c.prepare("UPDATE digests SET state = 'ready', ready_at = ? WHERE id = ? AND state = 'draft'");
      if (!st) return st.error();
      st->bind(1, to_unix(now)).bind(2, digest_id);
      if (auto s = st->run(); !s) return s;
      return exists(c, digest_id);
    });
  }

  Status set_digest_state(Id digest_id, DigestState state, Instant now) override {
    return with([&](auto& c) -> Status {
      // Fixed SQL per state: PostgreSQL cannot infer a parameter's type inside CASE WHEN ? = '...'.
      const char* sql =
          state == DigestState::ready
              ? "UPDATE digests SET state = ?, ready_at = COALESCE(ready_at, ?), finished_at = NULL WHERE id = ? "
                "RETURNING id"
          : state == DigestState::done
              ? "UPDATE digests SET state = ?, finished_at = ? WHERE id = ? RETURNING id"
              : "UPDATE digests SET state = ?, finished_at = NULL WHERE id = ? RETURNING id";
      auto st = c.prepare(sql);
      if (!st) return st.error();
      st->bind(1, std::string(to_string(state)));
      if (state == DigestState::ready || state == DigestState::done)
        st->bind(2, to_unix(now)).bind(3, digest_id);
      else
        st->bind(2, digest_id);
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return not_found("no digest with id " + std::to_string(digest_id));
      return {};
    });
  }

  Result<std::int64_t> enqueue(Id digest_id, const std::string& domain, Instant now) override {
    return with([&](auto& c) -> Result<std::int64_t> {
      if (auto s = exists(c, digest_id); !s) return s.error();
      // One statement: atomic, and re-running it adds only the rows still missing.
      auto st = c.prepare(
          "INSERT INTO deliveries (digest_id, subscriber_id, email, message_id, state, attempts, next_attempt_at) "
          "SELECT d.id, s.id, s.email, '<' || d.token || '.' || CAST(s.id AS TEXT) || '@' || CAST(? AS TEXT) || '>', "
          "'queued', 0, ? FROM digests d JOIN subscribers s ON s.lang = d.lang AND s.status = 'confirmed' "
          "WHERE d.id = ? ORDER BY s.id "
          "ON CONFLICT (digest_id, subscriber_id) DO NOTHING RETURNING id");
      if (!st) return st.error();
      st->bind(1, domain).bind(2, to_unix(now)).bind(3, digest_id);
      auto counted = sql::count_rows(*st);
      if (!counted) return counted.error();
      return *counted;
    });
  }

  Result<std::vector<Delivery>> claim(const std::string& owner, Instant now, int lease_seconds, int limit,
                                      Id digest_id) override {
    if (limit < 1) return std::vector<Delivery>{};
    return with([&](auto& c) -> Result<std::vector<Delivery>> {
      auto tx = Dialect::Transaction::begin(c, Dialect::Transaction::Mode::write);
      if (!tx) return tx.error();
      auto out = claim_in(c, owner, now, lease_seconds, limit, digest_id);
      if (!out) return out.error();
      if (auto s = tx->commit(); !s) return s.error();
      return out;
    });
  }

  Result<int> record(const std::string& owner, const std::vector<DeliveryOutcome>& outcomes,
                     int bounce_limit) override {
    if (outcomes.empty()) return 0;
    return with([&](auto& c) -> Result<int> {
      auto tx = Dialect::Transaction::begin(c, Dialect::Transaction::Mode::write);
      if (!tx) return tx.error();
      auto updated = record_in(c, owner, outcomes, bounce_limit);
      if (!updated) return updated.error();
      if (auto s = tx->commit(); !s) return s.error();
      return updated;
    });
  }

  // One transaction, so one durable commit (fsync) for a batch's outcomes and the next batch.
  Result<std::pair<int, std::vector<Delivery>>> record_and_claim(const std::string& owner,
                                                                 const std::vector<DeliveryOutcome>& outcomes,
                                                                 int bounce_limit, Instant now, int lease_seconds,
                                                                 int limit, Id digest_id) override {
    return with([&](auto& c) -> Result<std::pair<int, std::vector<Delivery>>> {
      auto tx = Dialect::Transaction::begin(c, Dialect::Transaction::Mode::write);
      if (!tx) return tx.error();
      auto updated = record_in(c, owner, outcomes, bounce_limit);
      if (!updated) return updated.error();
      std::vector<Delivery> claimed;
      if (limit > 0) {
        auto rows = claim_in(c, owner, now, lease_seconds, limit, digest_id);
        if (!rows) return rows.error();
        claimed = std::move(*rows);
      }
      if (auto s = tx->commit(); !s) return s.error();
      return std::pair{*updated, std::move(claimed)};
    });
  }

  Result<DeliveryReport> report(Id digest_id) override {
    return with([&](auto& c) -> Result<DeliveryReport> {
      if (digest_id != 0)
        if (auto s = exists(c, digest_id); !s) return s.error();
      auto st = c.prepare(std::string("SELECT state, COUNT(*), SUM(CASE WHEN next_attempt_at IS NULL THEN 1 ELSE 0 END) "
                                      "FROM deliveries ") +
                          (digest_id != 0 ? "WHERE digest_id = ? " : "") + "GROUP BY state");
      if (!st) return st.error();
      if (digest_id != 0) st->bind(1, digest_id);
      DeliveryReport r;
      while (true) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        auto state = parse_delivery_state(st->text(0));
        if (!state) return invalid("deliveries: unknown state '" + st->text(0) + "'");
        std::int64_t n = st->int64(1);
        switch (*state) {
          case DeliveryState::queued: r.queued = n; break;
          case DeliveryState::sending: r.sending = n; break;
          case DeliveryState::sent: r.sent = n; break;
          case DeliveryState::failed: r.failed = n; break;
          case DeliveryState::uncertain:
            r.uncertain = n;
            r.uncertain_final = st->int64(2);
            break;
        }
      }
      return r;
    });
  }

  Result<Delivery> find_delivery(Id digest_id, Id subscriber_id) override {
    return with([&](auto& c) -> Result<Delivery> {
      auto st = c.prepare(
          "SELECT id, digest_id, subscriber_id, email, message_id, state, attempts FROM deliveries "
          "WHERE digest_id = ? AND subscriber_id = ?");
      if (!st) return st.error();
      st->bind(1, digest_id).bind(2, subscriber_id);
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return not_found("no delivery for that subscriber");
      auto state = parse_delivery_state(st->text(5));
      if (!state) return invalid("deliveries: unknown state '" + st->text(5) + "'");
      return Delivery{st->int64(0), st->int64(1), st->int64(2), st->text(3), st->text(4), *state, st->int32(6)};
    });
  }

 private:
  static constexpr const char* kSelectDigest =
      "SELECT id, period, lang, state, token, created_at, ready_at, finished_at FROM digests";
  static constexpr std::size_t kMaxDetail = 500;

  static std::string state_name(DeliveryOutcome::Kind kind) {
    switch (kind) {
      case DeliveryOutcome::Kind::sent: return "sent";
      case DeliveryOutcome::Kind::retry: return "queued";
      case DeliveryOutcome::Kind::failed: return "failed";
      case DeliveryOutcome::Kind::uncertain: return "uncertain";
      case DeliveryOutcome::Kind::released: return "queued";
    }
    return "queued";
  }

  // At most kMaxDetail bytes, cut at a UTF-8 character boundary (PostgreSQL refuses broken text).
  static std::string truncated(const std::string& s) { return std::string(utf8_prefix(s, kMaxDetail)); }

  // claim() inside the caller's write transaction. Three picks, each an index range scan on
  // deliveries_lease / deliveries_due (state, time) that stops after `limit` rows: leases that
  // expired (a dead sender's rows) first, then uncertain rows due for their retry, then queued
  // rows. One query with OR and ORDER BY id made SQLite read every row of the digest per claim
  // (the sent ones too), which grew with the digest: 20,000 rows, 400 claims, 8 million reads.
  template <class C>
  static Result<std::vector<Delivery>> claim_in(C& c, const std::string& owner, Instant now, int lease_seconds,
                                                int limit, Id digest_id) {
    static constexpr const char* kPicks[] = {
        "state = 'sending' AND lease_until <= ?",
        "state = 'uncertain' AND next_attempt_at <= ?",
        "state = 'queued' AND next_attempt_at <= ?",
    };
    static constexpr const char* kOrder[] = {"lease_until", "next_attempt_at", "next_attempt_at"};
    std::vector<Delivery> out;
    std::int64_t t = to_unix(now);
    for (int p = 0; p < 3 && static_cast<int>(out.size()) < limit; ++p) {
      std::string pick = std::string("SELECT id FROM deliveries WHERE ") + kPicks[p];
      pick += digest_id != 0 ? " AND digest_id = ?"
                             : " AND digest_id IN (SELECT id FROM digests WHERE state = 'sending')";
      pick += std::string(" ORDER BY ") + kOrder[p] + ", id LIMIT ?";
      pick += Dialect::kSkipLocked;
      auto st = c.prepare(
          "UPDATE deliveries SET state = 'sending', lease_owner = ?, lease_until = ?, attempts = attempts + 1 "
          "WHERE id IN (" + pick + ") "
          "RETURNING id, digest_id, subscriber_id, email, message_id, attempts");
      if (!st) return st.error();
      st->bind(1, owner).bind(2, t + lease_seconds).bind(3, t);
      int next = 4;
      if (digest_id != 0) st->bind(next++, digest_id);
      st->bind(next, limit - static_cast<int>(out.size()));
      while (true) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        out.push_back({st->int64(0), st->int64(1), st->int64(2), st->text(3), st->text(4), DeliveryState::sending,
                       st->int32(5)});
      }
    }
    std::sort(out.begin(), out.end(), [](const Delivery& a, const Delivery& b) { return a.id < b.id; });
    return out;
  }

  // record() inside the caller's write transaction.
  template <class C>
  static Result<int> record_in(C& c, const std::string& owner, const std::vector<DeliveryOutcome>& outcomes,
                               int bounce_limit) {
    int updated = 0;
    for (const auto& o : outcomes) {
      if (o.kind == DeliveryOutcome::Kind::released) {
        // Never sent: due again now, and this claim's attempt does not count against max_attempts.
        auto st = c.prepare(
            "UPDATE deliveries SET state = 'queued', next_attempt_at = ?, attempts = attempts - 1, "
            "lease_owner = NULL, lease_until = NULL "
            "WHERE id = ? AND state = 'sending' AND lease_owner = ? RETURNING id");
        if (!st) return st.error();
        st->bind(1, to_unix(o.at)).bind(2, o.delivery_id).bind(3, owner);
        auto row = st->step();
        if (!row) return row.error();
        if (*row) ++updated;
        continue;
      }
      auto st = c.prepare(
          "UPDATE deliveries SET state = ?, next_attempt_at = ?, last_code = ?, last_detail = ?, "
          "sent_at = ?, lease_owner = NULL, lease_until = NULL "
          "WHERE id = ? AND state = 'sending' AND lease_owner = ? RETURNING subscriber_id");
      if (!st) return st.error();
      std::optional<std::int64_t> next;
      if (o.next_attempt && (o.kind == DeliveryOutcome::Kind::retry || o.kind == DeliveryOutcome::Kind::uncertain))
        next = to_unix(*o.next_attempt);
      std::optional<std::int64_t> sent_at;
      if (o.kind == DeliveryOutcome::Kind::sent) sent_at = to_unix(o.at);
      std::optional<int> code;
      if (o.code != 0) code = o.code;
      st->bind(1, state_name(o.kind)).bind(2, next).bind(3, code).bind(4, truncated(o.detail));
      st->bind(5, sent_at).bind(6, o.delivery_id).bind(7, owner);
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) continue;  // the lease passed to someone else: their result counts
      Id subscriber = st->int64(0);
      ++updated;
      if (o.kind == DeliveryOutcome::Kind::failed && o.code >= 500) {
        if (auto s = count_bounce(c, subscriber, bounce_limit); !s) return s.error();
      }
    }
    return updated;
  }

  template <class C>
  static Status exists(C& c, Id digest_id) {
    auto st = c.prepare("SELECT 1 FROM digests WHERE id = ?");
    if (!st) return st.error();
    st->bind(1, digest_id);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return not_found("no digest with id " + std::to_string(digest_id));
    return {};
  }

  // A permanent failure counts against the address; at bounce_limit it stops getting mail.
  template <class C>
  static Status count_bounce(C& c, Id subscriber_id, int bounce_limit) {
    auto st = c.prepare(
        "UPDATE subscribers SET bounce_count = bounce_count + 1, "
        "status = CASE WHEN ? > 0 AND bounce_count + 1 >= ? AND status = 'confirmed' THEN 'bounced' "
        "ELSE status END WHERE id = ?");
    if (!st) return st.error();
    st->bind(1, bounce_limit).bind(2, bounce_limit).bind(3, subscriber_id);
    return st->run();
  }

  template <class St>
  static Result<Digest> read_digest(St& st) {
    auto state = parse_digest_state(st.text(3));
    if (!state) return invalid("digests: unknown state '" + st.text(3) + "'");
    Digest d;
    d.id = st.int64(0);
    d.period = st.text(1);
    d.lang = st.text(2);
    d.state = *state;
    d.token = st.text(4);
    d.created_at = from_unix(st.int64(5));
    if (!st.is_null(6)) d.ready_at = from_unix(st.int64(6));
    if (!st.is_null(7)) d.finished_at = from_unix(st.int64(7));
    return d;
  }

  template <class C, class Bind>
  static Result<Digest> one_digest(C& c, const char* where, Bind&& bind) {
    auto st = c.prepare(std::string(kSelectDigest) + " WHERE " + where);
    if (!st) return st.error();
    bind(*st);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return not_found("no such digest");
    return read_digest(*st);
  }

};

}  // namespace barometer::storage
