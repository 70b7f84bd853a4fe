#include "support/backend_fixture.hpp"

#include "storage/postgres/connection.hpp"
#include "storage/postgres/postgres_store.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "support/database_facets.hpp"
#include "support/postgres_cluster.hpp"

namespace barometer::testing {

namespace {
// Small pools: a test makes few concurrent requests, and the cluster's max_connections is shared by
// every database of the process.
constexpr int kPoolSize = 4;
}  // namespace

std::vector<std::string> test_backends() { return {"sqlite", "postgres"}; }

std::string backend_test_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

BackendDatabase::BackendDatabase(std::string backend, const TempDir& dir, std::string file)
    : backend_(std::move(backend)), file_(dir.file(file)) {}

BackendDatabase::~BackendDatabase() {
  if (url_.empty()) return;
  if (auto cluster = PostgresCluster::shared(); cluster) (void)(*cluster)->drop_database(url_);
}

Result<std::string> BackendDatabase::location() {
  if (backend_ == "sqlite") return file_;
  if (backend_ != "postgres") return invalid("unknown test backend: " + backend_);
  if (url_.empty()) {
    auto cluster = PostgresCluster::shared();
    if (!cluster) return cluster.error();
    auto url = (*cluster)->create_database();
    if (!url) return url.error();
    url_ = *url;
  }
  return url_;
}

Result<std::unique_ptr<Database>> BackendDatabase::open_database() {
  auto where = location();
  if (!where) return where.error();
  if (backend_ == "sqlite") return open_sqlite_database({.path = *where, .pool_size = kPoolSize});
  return open_postgres_database({.url = *where, .pool_size = kPoolSize});
}

namespace {

// `facet_of` applied to a newly opened database, or its error.
template <class FacetOf>
auto facet(Result<std::unique_ptr<Database>> database, FacetOf facet_of)
    -> Result<decltype(facet_of(std::unique_ptr<Database>()))> {
  if (!database) return database.error();
  return facet_of(std::move(*database));
}

}  // namespace

Result<std::unique_ptr<Store>> BackendDatabase::open_store() { return facet(open_database(), content_of); }

Result<std::unique_ptr<StaffStore>> BackendDatabase::open_staff_store() { return facet(open_database(), staff_of); }

Result<std::unique_ptr<HistoryStore>> BackendDatabase::open_history_store() {
  return facet(open_database(), history_of);
}

namespace {

// Runs `fn` on a connection of its own to the test's database.
template <class Fn>
auto on_own_connection(const std::string& backend, const std::string& where, Fn fn) -> decltype(fn(std::declval<sqlite::Connection&>())) {
  if (backend == "sqlite") {
    auto c = sqlite::Connection::open(where, 5000);
    if (!c) return c.error();
    return fn(**c);
  }
  auto conn = postgres::connect(where, 5);
  if (!conn) return conn.error();
  postgres::Connection c(std::move(*conn));
  return fn(c);
}

}  // namespace

Status BackendDatabase::exec_sql(const std::string& sqlite_sql, const std::string& postgres_sql) {
  auto where = location();
  if (!where) return where.error();
  return on_own_connection(backend_, *where, [&](auto& c) -> Status {
    return c.exec(backend_ == "sqlite" ? sqlite_sql : postgres_sql);
  });
}

Result<std::int64_t> BackendDatabase::count_rows(const std::string& table) {
  auto where = location();
  if (!where) return where.error();
  return on_own_connection(backend_, *where, [&](auto& c) -> Result<std::int64_t> {
    auto st = c.prepare("SELECT COUNT(*) FROM " + table);
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    return st->int64(0);
  });
}

}  // namespace barometer::testing
