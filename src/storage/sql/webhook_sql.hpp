// The WebhookStore's SQL, written once for both backends (the delivery_sql.hpp pattern). Internal
// to storage/. `Dialect` supplies the Transaction type and claim()'s row-locking clause ("FOR
// UPDATE SKIP LOCKED" on PostgreSQL; nothing on SQLite, whose write transaction excludes every
// other writer).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "domain/text.hpp"
#include "storage/sql/facet_sql.hpp"
#include "storage/webhook_store.hpp"

namespace barometer::storage {

template <class Source, class Dialect>
class WebhookSql final : public WebhookStore, public sql::FacetSql<Source> {
  using Base = sql::FacetSql<Source>;
  using Base::with;

 public:
  using Base::Base;

  Result<Webhook> add_webhook(const Webhook& w, Instant now) override {
    auto id = Base::insert(
        "INSERT INTO webhooks (url, secret, events, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        [&](auto& st) {
          st.bind(1, w.url).bind(2, w.secret).bind(3, events_text(w.events)).bind(4, w.active ? 1 : 0);
          st.bind(5, to_unix(now)).bind(6, to_unix(now));
        });
    if (!id) return id.error();
    Webhook out = w;
    out.id = *id;
    out.created_at = out.updated_at = now;
    return out;
  }

  Status update_webhook(const Webhook& w, Instant now) override {
    return changed_one(
        "UPDATE webhooks SET url = ?, events = ?, active = ?, updated_at = ? WHERE id = ? RETURNING id",
        [&](auto& st) {
          st.bind(1, w.url).bind(2, events_text(w.events)).bind(3, w.active ? 1 : 0).bind(4, to_unix(now));
          st.bind(5, w.id);
        },
        w.id);
  }

  Status set_webhook_secret(Id id, const std::string& secret, Instant now) override {
    return changed_one("UPDATE webhooks SET secret = ?, updated_at = ? WHERE id = ? RETURNING id",
                       [&](auto& st) { st.bind(1, secret).bind(2, to_unix(now)).bind(3, id); }, id);
  }

  Status delete_webhook(Id id) override {
    return changed_one("DELETE FROM webhooks WHERE id = ? RETURNING id", [&](auto& st) { st.bind(1, id); }, id);
  }

  Result<Webhook> get_webhook(Id id) override {
    return with([&](auto& c) -> Result<Webhook> {
      auto st = c.prepare(std::string(kSelectWebhook) + " WHERE id = ?");
      if (!st) return st.error();
      st->bind(1, id);
      auto list = Base::template rows<Webhook>(*st, [](auto& s) { return read_webhook(s); });
      if (!list) return list.error();
      if (list->empty()) return not_found("no webhook with id " + std::to_string(id));
      return std::move(list->front());
    });
  }

  Result<std::vector<Webhook>> list_webhooks() override {
    return with([&](auto& c) -> Result<std::vector<Webhook>> {
      auto st = c.prepare(std::string(kSelectWebhook) + " ORDER BY id");
      if (!st) return st.error();
      return Base::template rows<Webhook>(*st, [](auto& s) { return read_webhook(s); });
    });
  }

  Result<int> enqueue(WebhookEvent event, const std::string& event_id, const std::string& payload,
                      Instant now) override {
    // One statement over the webhooks that want the event: atomic, and idempotent per event_id.
    // The comma list is matched with commas around it, so "digest.sent" never matches a prefix.
    return Base::count_returned(
        "INSERT INTO webhook_deliveries (webhook_id, event, event_id, payload, state, attempts, next_attempt_at, "
        "created_at) SELECT id, ?, ?, ?, 'queued', 0, ?, ? FROM webhooks "
        "WHERE active = 1 AND ',' || events || ',' LIKE ? ORDER BY id "
        "ON CONFLICT (webhook_id, event_id) DO NOTHING RETURNING id",
        [&](auto& st) {
          const std::string name(to_string(event));
          st.bind(1, name).bind(2, event_id).bind(3, payload).bind(4, to_unix(now)).bind(5, to_unix(now));
          st.bind(6, "%," + name + ",%");
        });
  }

  Result<std::vector<WebhookDelivery>> claim(const std::string& owner, Instant now, int lease_seconds,
                                             int limit) override {
    if (limit < 1) return std::vector<WebhookDelivery>{};
    return with([&](auto& c) -> Result<std::vector<WebhookDelivery>> {
      auto tx = Dialect::Transaction::begin(c, Dialect::Transaction::Mode::write);
      if (!tx) return tx.error();
      // Two picks, each an index range scan: a dead worker's expired leases first, then due rows.
      static constexpr const char* kPicks[] = {"state = 'sending' AND lease_until <= ?",
                                               "state = 'queued' AND next_attempt_at <= ?"};
      static constexpr const char* kOrder[] = {"lease_until", "next_attempt_at"};
      const std::int64_t t = to_unix(now);
      std::vector<Id> ids;
      for (int p = 0; p < 2 && static_cast<int>(ids.size()) < limit; ++p) {
        std::string pick = std::string("SELECT id FROM webhook_deliveries WHERE ") + kPicks[p] +
                           " AND webhook_id IN (SELECT id FROM webhooks WHERE active = 1) ORDER BY " + kOrder[p] +
                           ", id LIMIT ?" + Dialect::kSkipLocked;
        auto st = c.prepare(
            "UPDATE webhook_deliveries SET state = 'sending', lease_owner = ?, lease_until = ?, "
            "attempts = attempts + 1 WHERE id IN (" + pick + ") RETURNING id");
        if (!st) return st.error();
        st->bind(1, owner).bind(2, t + lease_seconds).bind(3, t).bind(4, limit - static_cast<int>(ids.size()));
        while (true) {
          auto row = st->step();
          if (!row) return row.error();
          if (!*row) break;
          ids.push_back(st->int64(0));
        }
      }
      std::vector<WebhookDelivery> out;
      std::sort(ids.begin(), ids.end());
      for (Id id : ids) {
        auto st = c.prepare(std::string(kSelectDelivery) + ", w.url, w.secret FROM webhook_deliveries d "
                                                           "JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = ?");
        if (!st) return st.error();
        st->bind(1, id);
        auto rows = Base::template rows<WebhookDelivery>(*st, [](auto& s) -> Result<WebhookDelivery> {
          auto d = read_delivery(s);
          if (!d) return d;
          d->url = s.text(15);
          d->secret = s.text(16);
          return d;
        });
        if (!rows) return rows.error();
        for (auto& d : *rows) out.push_back(std::move(d));
      }
      if (auto s = tx->commit(); !s) return s.error();
      return out;
    });
  }

  Status record(const std::string& owner, const WebhookOutcome& o) override {
    if (o.kind == WebhookOutcome::Kind::released)
      return owned("UPDATE webhook_deliveries SET state = 'queued', next_attempt_at = ?, attempts = attempts - 1, "
                   "lease_owner = NULL, lease_until = NULL "
                   "WHERE id = ? AND state = 'sending' AND lease_owner = ? RETURNING id",
                   [&](auto& st) { st.bind(1, to_unix(o.at)).bind(2, o.delivery_id).bind(3, owner); });
    const char* state = o.kind == WebhookOutcome::Kind::delivered ? "delivered"
                        : o.kind == WebhookOutcome::Kind::retry   ? "queued"
                                                                  : "failed";
    std::optional<std::int64_t> next;
    if (o.kind == WebhookOutcome::Kind::retry) next = to_unix(o.next_attempt.value_or(o.at));
    std::optional<std::int64_t> delivered;
    if (o.kind == WebhookOutcome::Kind::delivered) delivered = to_unix(o.at);
    std::optional<std::int64_t> status;
    if (o.status) status = *o.status;
    return owned(
        "UPDATE webhook_deliveries SET state = ?, next_attempt_at = ?, last_attempt_at = ?, delivered_at = ?, "
        "last_status = ?, last_response = ?, last_error = ?, lease_owner = NULL, lease_until = NULL "
        "WHERE id = ? AND state = 'sending' AND lease_owner = ? RETURNING id",
        [&](auto& st) {
          st.bind(1, state).bind(2, next).bind(3, to_unix(o.at)).bind(4, delivered).bind(5, status);
          st.bind(6, std::string(utf8_prefix(o.response, kMaxResponse)));
          st.bind(7, std::string(utf8_prefix(o.error, kMaxError)));
          st.bind(8, o.delivery_id).bind(9, owner);
        });
  }

  Result<std::vector<WebhookDelivery>> recent_deliveries(Id webhook_id, int limit) override {
    return with([&](auto& c) -> Result<std::vector<WebhookDelivery>> {
      auto st = c.prepare(std::string(kSelectDelivery) +
                          " FROM webhook_deliveries d WHERE d.webhook_id = ? ORDER BY d.id DESC LIMIT ?");
      if (!st) return st.error();
      st->bind(1, webhook_id).bind(2, std::max(limit, 0));
      return Base::template rows<WebhookDelivery>(*st, [](auto& s) { return read_delivery(s); });
    });
  }

  Result<WebhookDelivery> get_delivery(Id id) override {
    return with([&](auto& c) -> Result<WebhookDelivery> { return get_in(c, id); });
  }

  Status redeliver(Id id, Instant now) override {
    return with([&](auto& c) -> Status {
      auto st = c.prepare(
          "UPDATE webhook_deliveries SET state = 'queued', next_attempt_at = ?, "
          "attempts = CASE WHEN state = 'queued' THEN attempts ELSE 0 END "
          "WHERE id = ? AND state <> 'sending' RETURNING id");
      if (!st) return st.error();
      st->bind(1, to_unix(now)).bind(2, id);
      auto row = st->step();
      if (!row) return row.error();
      if (*row) return {};
      auto d = get_in(c, id);
      if (!d) return d.error();
      return conflict("webhook delivery " + std::to_string(id) + " is being sent");
    });
  }

  Result<WebhookReport> report() override {
    return with([&](auto& c) -> Result<WebhookReport> {
      auto st = c.prepare("SELECT state, COUNT(*) FROM webhook_deliveries GROUP BY state");
      if (!st) return st.error();
      WebhookReport r;
      while (true) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        auto state = parse_webhook_delivery_state(st->text(0));
        if (!state) return invalid("webhook_deliveries: unknown state '" + st->text(0) + "'");
        const std::int64_t n = st->int64(1);
        switch (*state) {
          case WebhookDeliveryState::queued: r.queued = n; break;
          case WebhookDeliveryState::sending: r.sending = n; break;
          case WebhookDeliveryState::delivered: r.delivered = n; break;
          case WebhookDeliveryState::failed: r.failed = n; break;
        }
      }
      return r;
    });
  }

 private:
  static constexpr const char* kSelectWebhook =
      "SELECT id, url, secret, events, active, created_at, updated_at FROM webhooks";
  static constexpr const char* kSelectDelivery =
      "SELECT d.id, d.webhook_id, d.event, d.event_id, d.payload, d.state, d.attempts, d.next_attempt_at, "
      "d.created_at, d.last_attempt_at, d.delivered_at, d.last_status, d.last_response, d.last_error, d.lease_until";
  static constexpr std::size_t kMaxResponse = 1000;
  static constexpr std::size_t kMaxError = 500;

  static std::string events_text(const std::vector<WebhookEvent>& events) {
    std::string out;
    for (WebhookEvent e : events) {
      if (!out.empty()) out += ',';
      out += to_string(e);
    }
    return out;
  }

  template <class St>
  static Result<Webhook> read_webhook(St& st) {
    Webhook w;
    w.id = st.int64(0);
    w.url = st.text(1);
    w.secret = st.text(2);
    const std::string events = st.text(3);
    std::size_t start = 0;
    while (start <= events.size()) {
      std::size_t end = events.find(',', start);
      if (end == std::string::npos) end = events.size();
      if (end > start) {
        auto e = parse_webhook_event(std::string_view(events).substr(start, end - start));
        if (!e) return invalid("webhooks: unknown event in '" + events + "'");
        w.events.push_back(*e);
      }
      start = end + 1;
    }
    w.active = st.int64(4) != 0;
    w.created_at = from_unix(st.int64(5));
    w.updated_at = from_unix(st.int64(6));
    return w;
  }

  template <class St>
  static std::optional<Instant> optional_time(St& st, int column) {
    if (st.is_null(column)) return std::nullopt;
    return from_unix(st.int64(column));
  }

  template <class St>
  static Result<WebhookDelivery> read_delivery(St& st) {
    WebhookDelivery d;
    d.id = st.int64(0);
    d.webhook_id = st.int64(1);
    d.event = st.text(2);
    d.event_id = st.text(3);
    d.payload = st.text(4);
    auto state = parse_webhook_delivery_state(st.text(5));
    if (!state) return invalid("webhook_deliveries: unknown state '" + st.text(5) + "'");
    d.state = *state;
    d.attempts = st.int32(6);
    d.next_attempt_at = optional_time(st, 7);
    d.created_at = from_unix(st.int64(8));
    d.last_attempt_at = optional_time(st, 9);
    d.delivered_at = optional_time(st, 10);
    if (!st.is_null(11)) d.last_status = st.int32(11);
    if (!st.is_null(12)) d.last_response = st.text(12);
    if (!st.is_null(13)) d.last_error = st.text(13);
    return d;
  }

  template <class C>
  static Result<WebhookDelivery> get_in(C& c, Id id) {
    auto st = c.prepare(std::string(kSelectDelivery) + " FROM webhook_deliveries d WHERE d.id = ?");
    if (!st) return st.error();
    st->bind(1, id);
    auto list = Base::template rows<WebhookDelivery>(*st, [](auto& s) { return read_delivery(s); });
    if (!list) return list.error();
    if (list->empty()) return not_found("no webhook delivery with id " + std::to_string(id));
    return std::move(list->front());
  }

  // A write of one webhook by id: not_found when no row changed.
  template <class Bind>
  Status changed_one(const char* sql, Bind&& bind, Id id) {
    auto n = Base::count_returned(sql, std::forward<Bind>(bind));
    if (!n) return n.error();
    if (*n == 0) return not_found("no webhook with id " + std::to_string(id));
    return {};
  }

  // An outcome: conflict when the worker no longer holds the row's lease.
  template <class Bind>
  Status owned(const char* sql, Bind&& bind) {
    auto n = Base::count_returned(sql, std::forward<Bind>(bind));
    if (!n) return n.error();
    if (*n == 0) return conflict("the webhook delivery's lease is no longer this worker's");
    return {};
  }
};

}  // namespace barometer::storage
