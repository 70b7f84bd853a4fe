// The NewsletterStore's SQL, written once for both backends (the StaffSql pattern: the SQLite
// and PostgreSQL Connection/Statement types share prepare/bind/step/run/int64/text). Internal to
// storage/. `Dialect` supplies the one difference:
//   kClaimLock  the row lock of the outbox claim's inner SELECT: " FOR UPDATE SKIP LOCKED" on
//               PostgreSQL, so concurrent claimers skip each other's rows instead of waiting;
//               "" on SQLite, where the claim is one UPDATE statement and therefore one write
//               transaction: the database's single writer lock already serializes claimers.
//   Transaction the backend's transaction type, for the one change of two statements (a prune
//               and its anonymous count).
// Each call leases one pooled connection and runs autocommit statements; every state change that
// must be atomic (confirm once, claim once, bounded enqueue) is a single statement, except the
// prune, which deletes and records its count in one write transaction.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/newsletter_store.hpp"
#include "storage/sql/count_rows.hpp"
#include "storage/sql/facet_sql.hpp"

namespace barometer::storage {

template <class Source, class Dialect>
class NewsletterSql final : public NewsletterStore, public sql::FacetSql<Source> {
  using Base = sql::FacetSql<Source>;
  using Base::with;
  using Base::count_returned;
  using Base::exec;

 public:
  using Base::Base;

  Result<Id> add_subscriber(const Subscriber& s) override {
    return with([&](auto& c) -> Result<Id> {
      auto st = c.prepare(
          "INSERT INTO subscribers (email, lang, topic_ids, status, created_at, confirmed_at, unsubscribed_at, "
          "consent_source, ip_hash, bounce_count, confirm_nonce, manage_nonce) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
      if (!st) return st.error();
      st->bind(1, s.email);
      bind_fields(*st, s, 2);
      auto row = st->step();
      if (!row) {
        if (row.code() == ErrorCode::conflict) return conflict("a subscriber with that email exists");
        return row.error();
      }
      return st->int64(0);
    });
  }

  Result<Subscriber> get_subscriber(Id id) override {
    return with([&](auto& c) { return one_subscriber(c, "id = ?", [&](auto& st) { st.bind(1, id); }); });
  }

  Result<Subscriber> find_subscriber(std::string_view email) override {
    return with([&](auto& c) { return one_subscriber(c, "email = ?", [&](auto& st) { st.bind(1, email); }); });
  }

  Status update_subscriber(const Subscriber& s) override {
    return with([&](auto& c) -> Status {
      auto st = c.prepare(
          "UPDATE subscribers SET lang = ?, topic_ids = ?, status = ?, created_at = ?, confirmed_at = ?, "
          "unsubscribed_at = ?, consent_source = ?, ip_hash = ?, bounce_count = ?, confirm_nonce = ?, "
          "manage_nonce = ? WHERE id = ? RETURNING id");
      if (!st) return st.error();
      bind_fields(*st, s, 1);
      st->bind(12, s.id);
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return not_found("no subscriber with id " + std::to_string(s.id));
      return {};
    });
  }

  Result<bool> confirm_subscriber(Id id, std::string_view nonce, Instant at) override {
    return with([&](auto& c) -> Result<bool> {
      auto st = c.prepare(
          "UPDATE subscribers SET status = 'confirmed', confirmed_at = ?, confirm_nonce = '' "
          "WHERE id = ? AND confirm_nonce = ? AND confirm_nonce <> '' RETURNING id");
      if (!st) return st.error();
      st->bind(1, to_unix(at)).bind(2, id).bind(3, nonce);
      auto row = st->step();
      if (!row) return row.error();
      return *row;
    });
  }

  Result<std::vector<Subscriber>> list_subscribers(SubscriberStatus status) override {
    return with([&](auto& c) -> Result<std::vector<Subscriber>> {
      auto st = c.prepare(std::string(kSelectSubscriber) + " WHERE status = ? ORDER BY id");
      if (!st) return st.error();
      st->bind(1, std::string(to_string(status)));
      return Base::template rows<Subscriber>(*st, [](auto& s) { return read_subscriber(s); });
    });
  }

  Result<std::vector<Subscriber>> search_subscribers(const SubscriberQuery& q) override {
    return with([&](auto& c) -> Result<std::vector<Subscriber>> {
      auto st = c.prepare(std::string(kSelectSubscriber) + search_where(q) + " ORDER BY id LIMIT ? OFFSET ?");
      if (!st) return st.error();
      int next = bind_search(*st, q);
      st->bind(next, static_cast<std::int64_t>(std::clamp(q.limit, 1, 10000)));
      st->bind(next + 1, static_cast<std::int64_t>(std::max(q.offset, 0)));
      return Base::template rows<Subscriber>(*st, [](auto& s) { return read_subscriber(s); });
    });
  }

  Result<std::int64_t> count_subscribers(const SubscriberQuery& q) override {
    return with([&](auto& c) -> Result<std::int64_t> {
      auto st = c.prepare("SELECT COUNT(*) FROM subscribers" + search_where(q));
      if (!st) return st.error();
      bind_search(*st, q);
      auto row = st->step();
      if (!row) return row.error();
      return *row ? st->int64(0) : 0;
    });
  }

  Result<int> prune_unconfirmed_subscribers(Instant before, Instant now) override {
    return with([&](auto& c) -> Result<int> {
      auto tx = Dialect::Transaction::begin(c, Dialect::Transaction::Mode::write);
      if (!tx) return tx.error();
      auto st = c.prepare(
          "DELETE FROM subscribers WHERE status = 'pending' AND confirmed_at IS NULL AND created_at < ? "
          "AND NOT EXISTS (SELECT 1 FROM subscriber_consents c "
          "WHERE c.subscriber_id = subscribers.id AND c.at >= ?) RETURNING id");
      if (!st) return st.error();
      st->bind(1, to_unix(before)).bind(2, to_unix(before));
      auto counted = sql::count_rows(*st);
      if (!counted) return counted.error();
      const auto n = static_cast<int>(*counted);
      if (n > 0) {
        auto record = c.prepare("INSERT INTO subscriber_prunes (at, pruned) VALUES (?, ?)");
        if (!record) return record.error();
        record->bind(1, to_unix(now)).bind(2, n);
        if (auto s = record->run(); !s) return s.error();
      }
      if (auto s = tx->commit(); !s) return s.error();
      return n;
    });
  }

  Result<std::int64_t> pruned_subscriber_count(Instant since) override {
    return with([&](auto& c) -> Result<std::int64_t> {
      auto st = c.prepare("SELECT COALESCE(SUM(pruned), 0) FROM subscriber_prunes WHERE at >= ?");
      if (!st) return st.error();
      st->bind(1, to_unix(since));
      auto row = st->step();
      if (!row) return row.error();
      return *row ? st->int64(0) : 0;
    });
  }

  Status add_consent(const ConsentEvent& e) override {
    return exec("INSERT INTO subscriber_consents (subscriber_id, at, action, source, ip_hash) VALUES (?, ?, ?, ?, ?)",
                [&](auto& st) {
                  st.bind(1, e.subscriber_id).bind(2, to_unix(e.at)).bind(3, std::string(to_string(e.action)));
                  st.bind(4, e.source).bind(5, e.ip_hash);
                });
  }

  Result<std::vector<ConsentEvent>> consent_events(Id subscriber_id) override {
    return with([&](auto& c) -> Result<std::vector<ConsentEvent>> {
      auto st = c.prepare(
          "SELECT id, subscriber_id, at, action, source, ip_hash FROM subscriber_consents "
          "WHERE subscriber_id = ? ORDER BY id");
      if (!st) return st.error();
      st->bind(1, subscriber_id);
      return Base::template rows<ConsentEvent>(*st, [](auto& s) -> Result<ConsentEvent> {
        auto action = parse_consent_action(s.text(3));
        if (!action) return invalid("subscriber_consents: unknown action '" + s.text(3) + "'");
        return ConsentEvent{s.int64(0), s.int64(1), from_unix(s.int64(2)), *action, s.text(4), s.text(5)};
      });
    });
  }

  Status record_rate_event(std::string_view key, Instant at) override {
    return exec("INSERT INTO rate_events (rate_key, at) VALUES (?, ?)",
                [&](auto& st) { st.bind(1, key).bind(2, to_unix(at)); });
  }

  Result<int> count_rate_events(std::string_view key, Instant since) override {
    return with([&](auto& c) -> Result<int> {
      auto st = c.prepare("SELECT COUNT(*) FROM rate_events WHERE rate_key = ? AND at >= ?");
      if (!st) return st.error();
      st->bind(1, key).bind(2, to_unix(since));
      auto row = st->step();
      if (!row) return row.error();
      return st->int32(0);
    });
  }

  Result<int> prune_rate_events(Instant before) override {
    return count_returned("DELETE FROM rate_events WHERE at < ? RETURNING id",
                          [&](auto& st) { st.bind(1, to_unix(before)); });
  }

  Result<std::string> site_secret(const std::string& candidate) override {
    return with([&](auto& c) -> Result<std::string> {
      auto insert = c.prepare("INSERT INTO site_secrets (id, secret) VALUES (1, ?) ON CONFLICT (id) DO NOTHING");
      if (!insert) return insert.error();
      insert->bind(1, candidate);
      if (auto s = insert->run(); !s) return s.error();
      auto st = c.prepare("SELECT secret FROM site_secrets WHERE id = 1");
      if (!st) return st.error();
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return io_error("site_secrets: the secret vanished");
      return st->text(0);
    });
  }

  Result<std::optional<Id>> enqueue_mail(const OutboxMail& m, int max_queued) override {
    return with([&](auto& c) -> Result<std::optional<Id>> {
      // One statement, so the bound holds against concurrent enqueuers on SQLite; on PostgreSQL
      // concurrent inserts may overshoot by at most the number of writers at that instant.
      auto st = c.prepare(
          "INSERT INTO mail_outbox (recipient, message, state, attempts, created_at, next_attempt_at, last_error) "
          "SELECT ?, ?, 'queued', 0, CAST(? AS BIGINT), CAST(? AS BIGINT), '' "
          "WHERE (SELECT COUNT(*) FROM mail_outbox WHERE state IN ('queued', 'sending')) < CAST(? AS BIGINT) "
          "RETURNING id");
      if (!st) return st.error();
      st->bind(1, m.recipient).bind(2, m.message).bind(3, to_unix(m.created_at)).bind(4, to_unix(m.next_attempt_at));
      st->bind(5, max_queued);
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return std::optional<Id>();  // full
      return std::optional<Id>(st->int64(0));
    });
  }

  Result<std::vector<OutboxMail>> claim_mail(Instant now, Instant lease_until, int limit) override {
    return with([&](auto& c) -> Result<std::vector<OutboxMail>> {
      auto st = c.prepare(
          std::string("UPDATE mail_outbox SET state = 'sending', lease_until = ?, attempts = attempts + 1 "
                      "WHERE id IN (SELECT id FROM mail_outbox "
                      "WHERE (state = 'queued' AND next_attempt_at <= ?) OR (state = 'sending' AND lease_until < ?) "
                      "ORDER BY id LIMIT ?") +
          Dialect::kSkipLocked + ") RETURNING " + kMailColumns);
      if (!st) return st.error();
      st->bind(1, to_unix(lease_until)).bind(2, to_unix(now)).bind(3, to_unix(now)).bind(4, limit);
      auto out = Base::template rows<OutboxMail>(*st, [](auto& s) { return read_mail(s); });
      if (out) std::sort(out->begin(), out->end(), [](const auto& a, const auto& b) { return a.id < b.id; });
      return out;
    });
  }

  Status mark_mail_sent(Id id) override {
    return exec("UPDATE mail_outbox SET state = 'sent', lease_until = NULL WHERE id = ?",
                [&](auto& st) { st.bind(1, id); });
  }

  Status retry_mail(Id id, Instant next_attempt_at, std::string_view error) override {
    return exec(
        "UPDATE mail_outbox SET state = 'queued', lease_until = NULL, next_attempt_at = ?, last_error = ? WHERE id = ?",
        [&](auto& st) { st.bind(1, to_unix(next_attempt_at)).bind(2, error).bind(3, id); });
  }

  Status mark_mail_failed(Id id, std::string_view error) override {
    return exec("UPDATE mail_outbox SET state = 'failed', lease_until = NULL, last_error = ? WHERE id = ?",
                [&](auto& st) { st.bind(1, error).bind(2, id); });
  }

  Result<OutboxMail> get_mail(Id id) override {
    return with([&](auto& c) -> Result<OutboxMail> {
      auto st = c.prepare(std::string("SELECT ") + kMailColumns + " FROM mail_outbox WHERE id = ?");
      if (!st) return st.error();
      st->bind(1, id);
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return not_found("no outbox mail with id " + std::to_string(id));
      return read_mail(*st);
    });
  }

  Result<std::vector<OutboxMail>> list_mail(OutboxState state) override {
    return with([&](auto& c) -> Result<std::vector<OutboxMail>> {
      auto st = c.prepare(std::string("SELECT ") + kMailColumns + " FROM mail_outbox WHERE state = ? ORDER BY id");
      if (!st) return st.error();
      st->bind(1, std::string(to_string(state)));
      return Base::template rows<OutboxMail>(*st, [](auto& s) { return read_mail(s); });
    });
  }

  Result<int> prune_mail(Instant before) override {
    return count_returned("DELETE FROM mail_outbox WHERE state IN ('sent', 'failed') AND created_at < ? RETURNING id",
                          [&](auto& st) { st.bind(1, to_unix(before)); });
  }

 private:
  static constexpr const char* kSelectSubscriber =
      "SELECT id, email, lang, topic_ids, status, created_at, confirmed_at, unsubscribed_at, consent_source, "
      "ip_hash, bounce_count, confirm_nonce, manage_nonce FROM subscribers";
  static constexpr const char* kMailColumns =
      "id, recipient, message, state, attempts, created_at, next_attempt_at, lease_until, last_error";

  static std::optional<std::int64_t> unix_or_null(const std::optional<Instant>& t) {
    if (!t) return std::nullopt;
    return to_unix(*t);
  }

  static std::string join_ids(const std::vector<Id>& ids) {
    std::string out;
    for (Id id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
    return out;
  }

  static Result<std::vector<Id>> split_ids(const std::string& text) {
    std::vector<Id> out;
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t comma = text.find(',', start);
      if (comma == std::string::npos) comma = text.size();
      try {
        out.push_back(std::stoll(text.substr(start, comma - start)));
      } catch (const std::exception&) {
        return invalid("subscribers: bad topic_ids '" + text + "'");
      }
      start = comma + 1;
    }
    return out;
  }

  // Binds every column after email, starting at parameter `first` (11 parameters).
  template <class St>
  static void bind_fields(St& st, const Subscriber& s, int first) {
    const int i = first;
    st.bind(i, s.lang);
    st.bind(i + 1, join_ids(s.topic_ids));
    st.bind(i + 2, std::string(to_string(s.status)));
    st.bind(i + 3, to_unix(s.created_at));
    st.bind(i + 4, unix_or_null(s.confirmed_at));
    st.bind(i + 5, unix_or_null(s.unsubscribed_at));
    st.bind(i + 6, s.consent_source);
    st.bind(i + 7, s.ip_hash);
    st.bind(i + 8, s.bounce_count);
    st.bind(i + 9, s.confirm_nonce);
    st.bind(i + 10, s.manage_nonce);
  }

  // The WHERE clause of a search; bind_search binds its values in the same order.
  static std::string search_where(const SubscriberQuery& q) {
    std::string where = " WHERE 1 = 1";
    if (!q.email_contains.empty()) where += " AND email LIKE ? ESCAPE '!'";
    if (q.status) where += " AND status = ?";
    if (!q.lang.empty()) where += " AND lang = ?";
    return where;
  }

  // Binds the search values from index 1; returns the next free index.
  template <class St>
  static int bind_search(St& st, const SubscriberQuery& q) {
    int i = 1;
    if (!q.email_contains.empty()) {
      // Stored emails are lower-case; LIKE is case-sensitive on PostgreSQL, so lower the needle
      // (ASCII only: the stored domain is in A-labels) and escape the wildcards.
      std::string pattern = "%";
      for (char ch : q.email_contains) {
        if (ch == '%' || ch == '_' || ch == '!') pattern += '!';
        pattern += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
      }
      pattern += '%';
      st.bind(i++, pattern);
    }
    if (q.status) st.bind(i++, std::string(to_string(*q.status)));
    if (!q.lang.empty()) st.bind(i++, q.lang);
    return i;
  }

  template <class St>
  static Result<Subscriber> read_subscriber(St& st) {
    auto status = parse_subscriber_status(st.text(4));
    if (!status) return invalid("subscribers: unknown status '" + st.text(4) + "'");
    auto topics = split_ids(st.text(3));
    if (!topics) return topics.error();
    Subscriber s;
    s.id = st.int64(0);
    s.email = st.text(1);
    s.lang = st.text(2);
    s.topic_ids = std::move(*topics);
    s.status = *status;
    s.created_at = from_unix(st.int64(5));
    if (!st.is_null(6)) s.confirmed_at = from_unix(st.int64(6));
    if (!st.is_null(7)) s.unsubscribed_at = from_unix(st.int64(7));
    s.consent_source = st.text(8);
    s.ip_hash = st.text(9);
    s.bounce_count = st.int32(10);
    s.confirm_nonce = st.text(11);
    s.manage_nonce = st.text(12);
    return s;
  }

  template <class St>
  static Result<OutboxMail> read_mail(St& st) {
    auto state = parse_outbox_state(st.text(3));
    if (!state) return invalid("mail_outbox: unknown state '" + st.text(3) + "'");
    OutboxMail m;
    m.id = st.int64(0);
    m.recipient = st.text(1);
    m.message = st.text(2);
    m.state = *state;
    m.attempts = st.int32(4);
    m.created_at = from_unix(st.int64(5));
    m.next_attempt_at = from_unix(st.int64(6));
    if (!st.is_null(7)) m.lease_until = from_unix(st.int64(7));
    m.last_error = st.text(8);
    return m;
  }

  template <class C, class Bind>
  static Result<Subscriber> one_subscriber(C& c, const char* where, Bind&& bind) {
    auto st = c.prepare(std::string(kSelectSubscriber) + " WHERE " + where);
    if (!st) return st.error();
    bind(*st);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return not_found("no such subscriber");
    return read_subscriber(*st);
  }

};

}  // namespace barometer::storage
