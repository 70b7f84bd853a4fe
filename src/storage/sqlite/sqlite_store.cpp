#include "storage/sqlite/sqlite_store.hpp"

#include <chrono>
#include <filesystem>

#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/sqlite_store_impl.hpp"

namespace barometer {

Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteOptions& options) {
  auto store = sqlite::SqliteStore::open(options);
  if (!store) return store.error();
  return std::unique_ptr<Store>(std::move(*store));
}

Result<int> sqlite_schema_version(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return 0;  // never create a file just to look
  auto c = sqlite::Connection::open_read_only(path);
  if (!c) return c.error();
  return sqlite::schema_version(**c);
}

}  // namespace barometer

namespace barometer::sqlite {

namespace {

// A write through the outer store from inside transact() on the same thread would wait for
// the write lock its own caller holds; this lets it fail fast instead.
thread_local const void* tls_writing_store = nullptr;

Result<std::int64_t> read_data_version(Connection& c) {
  auto st = c.prepare("PRAGMA data_version");
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  return st->int64(0);
}

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const SqliteOptions& options) {
  if (options.path.empty()) return invalid("database: path must not be empty");
  if (options.busy_timeout_ms < 0) return invalid("busy_timeout_ms: must not be negative");
  if (options.pool_size < 1) return invalid("pool_size: must be at least 1");
  auto first = Connection::open(options.path, options.busy_timeout_ms);
  if (!first) return first.error();
  if (auto s = apply_migrations(**first, migrations()); !s) return s.error();
  auto watcher = Connection::open(options.path, options.busy_timeout_ms);
  if (!watcher) return watcher.error();
  auto dv = read_data_version(**watcher);
  if (!dv) return dv.error();
  std::unique_ptr<SqliteStore> store{new SqliteStore(options, std::move(*watcher), *dv)};
  store->pool_.adopt(std::move(*first));
  return store;
}

SqliteStore::SqliteStore(const SqliteOptions& options, std::unique_ptr<Connection> watcher,
                         std::int64_t data_version)
    : options_(options),
      pool_(options.path, options.busy_timeout_ms, options.pool_size),
      watcher_(std::move(watcher)),
      data_version_(data_version) {}

std::uint64_t SqliteStore::content_version() {
  // At most one thread polls, at most once per interval; everyone else just reads the counter.
  std::int64_t now = steady_ns();
  std::int64_t next = next_check_ns_.load(std::memory_order_relaxed);
  if (now >= next &&
      next_check_ns_.compare_exchange_strong(next, now + std::int64_t{options_.version_check_interval_ms} * 1'000'000)) {
    std::unique_lock lock(watch_mutex_, std::try_to_lock);
    if (lock) {
      // data_version changes when any other connection (ours or another process's) commits.
      auto dv = read_data_version(*watcher_);
      if (dv && *dv != data_version_) {
        data_version_ = *dv;
        version_.fetch_add(1, std::memory_order_acq_rel);
      }
    }
  }
  return version_.load(std::memory_order_acquire);
}

Status SqliteStore::with_connection(const std::function<Status(Connection&)>& fn) {
  auto lease = pool_.acquire();
  if (!lease) return lease.error();
  return fn(**lease);
}

template <class F>
auto SqliteStore::read(F&& f) -> decltype(f(std::declval<ConnectionStore&>())) {
  auto lease = pool_.acquire();
  if (!lease) return lease.error();
  ConnectionStore store(**lease, version_fn());
  return f(store);
}

template <class F>
auto SqliteStore::write(F&& f) -> decltype(f(std::declval<ConnectionStore&>())) {
  if (tls_writing_store == this)
    return unavailable("write through the store inside its own transact(); use the `tx` argument");
  std::unique_lock lock(write_mutex_, std::chrono::milliseconds(options_.busy_timeout_ms));
  if (!lock) return unavailable("timed out waiting for another write to finish");
  auto lease = pool_.acquire();
  if (!lease) return lease.error();
  tls_writing_store = this;
  struct Reset {
    ~Reset() { tls_writing_store = nullptr; }
  } reset;
  ConnectionStore store(**lease, version_fn());
  auto result = f(store);
  // Counted even on failure: cheap, and a failed commit may still have reached the file.
  version_.fetch_add(1, std::memory_order_acq_rel);
  return result;
}

Status SqliteStore::transact(const std::function<Status(Store& tx)>& work) {
  return write([&](ConnectionStore& s) { return s.transact(work); });
}

Result<Site> SqliteStore::load_site() { return read([&](ConnectionStore& s) { return s.load_site(); }); }
Status SqliteStore::save_site(const Site& site) { return write([&](ConnectionStore& s) { return s.save_site(site); }); }

Result<std::vector<Topic>> SqliteStore::list_topics() { return read([&](ConnectionStore& s) { return s.list_topics(); }); }
Result<Topic> SqliteStore::find_topic(std::string_view slug) {
  return read([&](ConnectionStore& s) { return s.find_topic(slug); });
}
Result<Id> SqliteStore::add_topic(const Topic& t) { return write([&](ConnectionStore& s) { return s.add_topic(t); }); }
Status SqliteStore::update_topic(const Topic& t) { return write([&](ConnectionStore& s) { return s.update_topic(t); }); }

Result<std::vector<Author>> SqliteStore::list_authors() {
  return read([&](ConnectionStore& s) { return s.list_authors(); });
}
Result<Author> SqliteStore::find_author(std::string_view slug) {
  return read([&](ConnectionStore& s) { return s.find_author(slug); });
}
Result<Id> SqliteStore::add_author(const Author& a) { return write([&](ConnectionStore& s) { return s.add_author(a); }); }
Status SqliteStore::update_author(const Author& a) {
  return write([&](ConnectionStore& s) { return s.update_author(a); });
}

Result<std::vector<Page>> SqliteStore::list_pages() { return read([&](ConnectionStore& s) { return s.list_pages(); }); }
Result<Page> SqliteStore::find_page(const LangCode& lang, std::string_view slug) {
  return read([&](ConnectionStore& s) { return s.find_page(lang, slug); });
}
Result<Id> SqliteStore::add_page(const Page& p) { return write([&](ConnectionStore& s) { return s.add_page(p); }); }
Status SqliteStore::update_page(const Page& p) { return write([&](ConnectionStore& s) { return s.update_page(p); }); }

Result<Id> SqliteStore::add_commentary(const Commentary& c) {
  return write([&](ConnectionStore& s) { return s.add_commentary(c); });
}
Status SqliteStore::update_commentary(const Commentary& c) {
  return write([&](ConnectionStore& s) { return s.update_commentary(c); });
}
Result<Commentary> SqliteStore::get_commentary(Id id) {
  return read([&](ConnectionStore& s) { return s.get_commentary(id); });
}
Result<Commentary> SqliteStore::find_published(Id topic_id, const LangCode& lang, std::string_view slug) {
  return read([&](ConnectionStore& s) { return s.find_published(topic_id, lang, slug); });
}
Result<std::vector<Commentary>> SqliteStore::find_commentaries(const CommentaryFilter& f) {
  return read([&](ConnectionStore& s) { return s.find_commentaries(f); });
}
Result<int> SqliteStore::count_commentaries(const CommentaryFilter& f) {
  return read([&](ConnectionStore& s) { return s.count_commentaries(f); });
}
Result<std::vector<Marker>> SqliteStore::find_markers(const CommentaryFilter& f) {
  return read([&](ConnectionStore& s) { return s.find_markers(f); });
}
Result<std::optional<Period>> SqliteStore::latest_published_period() {
  return read([&](ConnectionStore& s) { return s.latest_published_period(); });
}
Result<std::optional<Period>> SqliteStore::adjacent_published_period(const Period& from, Direction dir) {
  return read([&](ConnectionStore& s) { return s.adjacent_published_period(from, dir); });
}

}  // namespace barometer::sqlite
