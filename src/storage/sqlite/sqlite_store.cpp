#include "storage/sqlite/sqlite_store.hpp"

#include <chrono>
#include <filesystem>

#include "storage/sql/pooled_database.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/sqlite_store_impl.hpp"

namespace barometer {

Result<std::unique_ptr<Database>> open_sqlite_database(const SqliteOptions& options) {
  auto store = sqlite::SqliteStore::open(options);
  if (!store) return store.error();
  return std::unique_ptr<Database>(
      std::make_unique<sql::PooledDatabase<sqlite::SqliteStore, sqlite::Dialect>>(std::move(*store)));
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

Result<std::int64_t> read_number(Connection& c, const char* sql) {
  auto st = c.prepare(sql);
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return io_error(std::string("no row: ") + sql);
  return st->int64(0);
}

Result<std::int64_t> read_data_version(Connection& c) { return read_number(c, "PRAGMA data_version"); }

Result<std::int64_t> read_content_version(Connection& c) {
  return read_number(c, "SELECT version FROM content_version WHERE id = 1");
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
  auto cv = read_content_version(**watcher);
  if (!cv) return cv.error();
  std::unique_ptr<SqliteStore> store{new SqliteStore(options, std::move(*watcher), *dv)};
  store->observe(*cv);
  store->pool_.adopt(std::move(*first));
  return store;
}

SqliteStore::SqliteStore(const SqliteOptions& options, std::unique_ptr<Connection> watcher,
                         std::int64_t data_version)
    : PooledStore(options.version_check_interval_ms),
      options_(options),
      pool_(options.path, options.busy_timeout_ms, options.pool_size),
      watcher_(std::move(watcher)),
      data_version_(data_version) {}

bool SqliteStore::poll_changes() {
  // data_version moves with every commit by anyone (subscribes, sign-ins, delivery batches too):
  // it only says when the content_version row is worth reading.
  auto dv = read_data_version(*watcher_);
  if (!dv || *dv == data_version_) return false;
  data_version_ = *dv;
  auto cv = read_content_version(*watcher_);
  if (!cv) return true;  // cannot tell: refresh rather than serve stale pages
  return observe(*cv);
}

Status SqliteStore::with_connection(const std::function<Status(Connection&)>& fn) {
  auto lease = pool_.acquire();
  if (!lease) return lease.error();
  return fn(**lease);
}

Status SqliteStore::on_connection(Access access, const std::function<void(Connection&)>& fn) {
  // Writers queue here instead of spinning in SQLite's busy handler.
  std::unique_lock<std::timed_mutex> lock;
  if (access == Access::write) {
    lock = std::unique_lock(write_mutex_, std::chrono::milliseconds(options_.busy_timeout_ms));
    if (!lock) return unavailable("timed out waiting for another write to finish");
  }
  auto lease = pool_.acquire();
  if (!lease) return lease.error();
  fn(**lease);
  return {};
}

}  // namespace barometer::sqlite
