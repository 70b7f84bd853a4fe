#include "storage/postgres/postgres_store.hpp"

#include <libpq-fe.h>

#include <chrono>

#include "storage/postgres/migrations.hpp"
#include "storage/postgres/postgres_store_impl.hpp"

namespace barometer {

bool is_postgres_url(const std::string& database) {
  return database.rfind("postgresql://", 0) == 0 || database.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<Store>> open_postgres_store(const PostgresOptions& options) {
  auto store = postgres::PostgresStore::open(options);
  if (!store) return store.error();
  return std::unique_ptr<Store>(std::move(*store));
}

Result<int> postgres_schema_version(const std::string& url) {
  auto conn = postgres::connect(url, 5);
  if (!conn) return conn.error();
  postgres::Connection c(std::move(*conn));
  return postgres::schema_version(c);
}

}  // namespace barometer

namespace barometer::postgres {

namespace {

// See the SQLite backend: a write through the outer store inside its own transact().
thread_local const void* tls_writing_store = nullptr;

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

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
    : options_(options),
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
  listener_ = std::move(*c);
  return {};
}

bool PostgresStore::poll_notifications() {
  if (!listener_ || !listener_->healthy() || !PQconsumeInput(listener_->handle())) {
    // Lost the link: whatever happened meanwhile went unseen, so count it as a change.
    (void)listen();
    return true;
  }
  bool changed = false;
  while (PGnotify* n = PQnotifies(listener_->handle())) {
    changed = true;
    PQfreemem(n);
  }
  return changed;
}

std::uint64_t PostgresStore::content_version() {
  // At most one thread polls, at most once per interval; everyone else just reads the counter.
  std::int64_t now = steady_ns();
  std::int64_t next = next_check_ns_.load(std::memory_order_relaxed);
  if (now >= next &&
      next_check_ns_.compare_exchange_strong(next, now + std::int64_t{options_.version_check_interval_ms} * 1'000'000)) {
    std::unique_lock lock(watch_mutex_, std::try_to_lock);
    if (lock && poll_notifications()) version_.fetch_add(1, std::memory_order_acq_rel);
  }
  return version_.load(std::memory_order_acquire);
}

Status PostgresStore::with_connection(const std::function<Status(Connection&)>& fn) {
  auto lease = pool_.acquire();
  if (!lease) return lease.error();
  return fn(**lease);
}

template <class F>
auto PostgresStore::read(F&& f) -> decltype(f(std::declval<ConnectionStore&>())) {
  auto lease = pool_.acquire();
  if (!lease) return lease.error();
  ConnectionStore store(**lease, version_fn());
  return f(store);
}

template <class F>
auto PostgresStore::write(F&& f) -> decltype(f(std::declval<ConnectionStore&>())) {
  if (tls_writing_store == this)
    return unavailable("write through the store inside its own transact(); use the `tx` argument");
  auto lease = pool_.acquire();
  if (!lease) return lease.error();
  tls_writing_store = this;
  struct Reset {
    ~Reset() { tls_writing_store = nullptr; }
  } reset;
  ConnectionStore store(**lease, version_fn());
  auto result = f(store);
  // Counted even on failure: cheap, and a failed COMMIT may still have taken effect.
  version_.fetch_add(1, std::memory_order_acq_rel);
  return result;
}

Status PostgresStore::transact(const std::function<Status(Store& tx)>& work) {
  return write([&](ConnectionStore& s) { return s.transact(work); });
}

Result<Site> PostgresStore::load_site() { return read([&](ConnectionStore& s) { return s.load_site(); }); }
Status PostgresStore::save_site(const Site& site) { return write([&](ConnectionStore& s) { return s.save_site(site); }); }

Result<std::vector<Topic>> PostgresStore::list_topics() { return read([&](ConnectionStore& s) { return s.list_topics(); }); }
Result<Topic> PostgresStore::find_topic(std::string_view slug) {
  return read([&](ConnectionStore& s) { return s.find_topic(slug); });
}
Result<Id> PostgresStore::add_topic(const Topic& t) { return write([&](ConnectionStore& s) { return s.add_topic(t); }); }
Status PostgresStore::update_topic(const Topic& t) { return write([&](ConnectionStore& s) { return s.update_topic(t); }); }

Result<std::vector<Author>> PostgresStore::list_authors() {
  return read([&](ConnectionStore& s) { return s.list_authors(); });
}
Result<Author> PostgresStore::find_author(std::string_view slug) {
  return read([&](ConnectionStore& s) { return s.find_author(slug); });
}
Result<Id> PostgresStore::add_author(const Author& a) { return write([&](ConnectionStore& s) { return s.add_author(a); }); }
Status PostgresStore::update_author(const Author& a) {
  return write([&](ConnectionStore& s) { return s.update_author(a); });
}

Result<std::vector<Page>> PostgresStore::list_pages() { return read([&](ConnectionStore& s) { return s.list_pages(); }); }
Result<Page> PostgresStore::find_page(const LangCode& lang, std::string_view slug) {
  return read([&](ConnectionStore& s) { return s.find_page(lang, slug); });
}
Result<Id> PostgresStore::add_page(const Page& p) { return write([&](ConnectionStore& s) { return s.add_page(p); }); }
Status PostgresStore::update_page(const Page& p) { return write([&](ConnectionStore& s) { return s.update_page(p); }); }

Result<Id> PostgresStore::add_commentary(const Commentary& c) {
  return write([&](ConnectionStore& s) { return s.add_commentary(c); });
}
Status PostgresStore::update_commentary(const Commentary& c) {
  return write([&](ConnectionStore& s) { return s.update_commentary(c); });
}
Result<Commentary> PostgresStore::get_commentary(Id id) {
  return read([&](ConnectionStore& s) { return s.get_commentary(id); });
}
Result<Commentary> PostgresStore::find_published(Id topic_id, const LangCode& lang, std::string_view slug) {
  return read([&](ConnectionStore& s) { return s.find_published(topic_id, lang, slug); });
}
Result<std::vector<Commentary>> PostgresStore::find_commentaries(const CommentaryFilter& f) {
  return read([&](ConnectionStore& s) { return s.find_commentaries(f); });
}
Result<int> PostgresStore::count_commentaries(const CommentaryFilter& f) {
  return read([&](ConnectionStore& s) { return s.count_commentaries(f); });
}
Result<std::vector<Marker>> PostgresStore::find_markers(const CommentaryFilter& f) {
  return read([&](ConnectionStore& s) { return s.find_markers(f); });
}
Result<std::optional<Period>> PostgresStore::latest_published_period() {
  return read([&](ConnectionStore& s) { return s.latest_published_period(); });
}
Result<std::optional<Period>> PostgresStore::adjacent_published_period(const Period& from, Direction dir) {
  return read([&](ConnectionStore& s) { return s.adjacent_published_period(from, dir); });
}

}  // namespace barometer::postgres
