#include "storage/postgres/postgres_store.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <chrono>
#include <string_view>
#include <vector>

#include "storage/postgres/migrations.hpp"
#include "storage/postgres/search_terms.hpp"
#include "storage/sql/pooled_database.hpp"
#include "storage/postgres/postgres_store_impl.hpp"

namespace barometer {

bool is_postgres_url(const std::string& database) {
  return database.rfind("postgresql://", 0) == 0 || database.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<Database>> open_postgres_database(const PostgresOptions& options) {
  auto store = postgres::PostgresStore::open(options);
  if (!store) return store.error();
  if (auto s = postgres::fill_pending_search_terms(**store); !s) return s.error();
  return std::unique_ptr<Database>(
      std::make_unique<sql::PooledDatabase<postgres::PostgresStore, postgres::Dialect>>(std::move(*store)));
}

Result<int> postgres_schema_version(const std::string& url) {
  auto conn = postgres::connect(url, 5);
  if (!conn) return conn.error();
  postgres::Connection c(std::move(*conn));
  return postgres::schema_version(c);
}

}  // namespace barometer

namespace barometer::postgres {

Status fill_pending_search_terms(PostgresStore& store) {
  // Rows copied by migration 0010 before the analyser saw them; none on later opens, so a cheap
  // look-up then.
  return store.with_connection([](Connection& c) -> Status {
    struct Pending {
      Id id;
      std::string title, lead, body;
    };
    std::vector<Pending> pending;
    {
      auto st = c.prepare("SELECT id, title, lead, body FROM search_documents WHERE terms IS NULL");
      if (!st) return st.error();
      for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        pending.push_back({st->int64(0), st->text(1), st->text(2), st->text(3)});
      }
    }
    for (const auto& p : pending) {
      auto st = c.prepare("UPDATE search_documents SET terms = CAST(? AS tsvector) WHERE id = ?");
      if (!st) return st.error();
      st->bind(1, tsvector_literal(p.title, p.lead, p.body)).bind(2, p.id);
      if (auto s = st->run(); !s) return s;
    }
    return {};
  });
}

Result<std::unique_ptr<PostgresStore>> PostgresStore::open(const PostgresOptions& options) {
  if (!is_postgres_url(options.url)) return invalid("database: not a postgresql:// URL");
  if (options.busy_timeout_ms < 0) return invalid("busy_timeout_ms: must not be negative");
  if (options.pool_size < 1) return invalid("pool_size: must be at least 1");
  if (options.connect_timeout_s < 1) return invalid("connect_timeout_s: must be at least 1");
  std::unique_ptr<PostgresStore> store{new PostgresStore(options)};
  {
    auto lease = store->pool_.acquire();
    if (!lease) return lease.error();
    if (auto s = apply_migrations(**lease, migrations()); !s) return s.error();
  }
  std::lock_guard lock(store->watch_mutex_);
  if (auto s = store->listen(); !s) return s.error();
  return store;
}

PostgresStore::PostgresStore(const PostgresOptions& options)
    : PooledStore(options.version_check_interval_ms),
      options_(options),
      pool_(PoolOptions{.url = options.url,
                        .size = options.pool_size,
                        .wait_ms = options.busy_timeout_ms,
                        .connect_timeout_s = options.connect_timeout_s,
                        .lock_timeout_ms = options.busy_timeout_ms}) {}

Status PostgresStore::listen() {
  listener_.reset();
  auto c = pool_.open_connection();
  if (!c) return c.error();
  if (auto s = (*c)->exec(std::string("LISTEN ") + kContentChannel); !s) return s;
  // The version now: notifications from here on carry newer ones.
  auto st = (*c)->prepare("SELECT version FROM content_version WHERE id = 1");
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  if (*row) observe(st->int64(0));
  listener_ = std::move(*c);
  return {};
}

bool PostgresStore::poll_changes() {
  if (!listener_ || !listener_->healthy() || !PQconsumeInput(listener_->handle())) {
    // Lost the link: whatever happened meanwhile went unseen, so count it as a change.
    (void)listen();
    return true;
  }
  bool changed = false;
  while (PGnotify* n = PQnotifies(listener_->handle())) {
    // The payload is the content version that commit wrote. This node's own commits were
    // counted when they were made (observe() knows them), so their notifications change nothing;
    // a notification without a number (an older node) counts as a change.
    std::int64_t version = 0;
    std::string_view payload = n->extra ? n->extra : "";
    auto [end, ec] = std::from_chars(payload.data(), payload.data() + payload.size(), version);
    bool numeric = ec == std::errc() && end == payload.data() + payload.size() && !payload.empty();
    if (!numeric || observe(version)) changed = true;
    PQfreemem(n);
  }
  return changed;
}

Status PostgresStore::with_connection(const std::function<Status(Connection&)>& fn) {
  auto lease = pool_.acquire();
  if (!lease) return lease.error();
  return fn(**lease);
}

Status PostgresStore::on_connection(Access, const std::function<void(Connection&)>& fn) {
  // No in-process write lock: MVCC, constraints and row locks keep concurrent writers consistent.
  auto lease = pool_.acquire();
  if (!lease) return lease.error();
  fn(**lease);
  return {};
}

}  // namespace barometer::postgres
