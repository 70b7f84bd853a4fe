#include "web/backend_fixture.hpp"

#include "storage/postgres/postgres_history_store.hpp"
#include "storage/postgres/postgres_staff_store.hpp"
#include "storage/postgres/postgres_store.hpp"
#include "storage/sqlite/sqlite_history_store.hpp"
#include "storage/sqlite/sqlite_staff_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "support/postgres_cluster.hpp"

namespace barometer::web::testing_support {

namespace {
// Small pools: a test makes few concurrent requests, and the cluster's max_connections is shared by
// every database of the process.
constexpr int kPoolSize = 4;
}  // namespace

std::vector<std::string> web_backends() { return {"sqlite", "postgres"}; }

std::string backend_test_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

BackendDatabase::BackendDatabase(std::string backend, const barometer::testing::TempDir& dir, std::string file)
    : backend_(std::move(backend)), file_(dir.file(file)) {}

BackendDatabase::~BackendDatabase() {
  if (url_.empty()) return;
  if (auto cluster = barometer::testing::PostgresCluster::shared(); cluster) (void)(*cluster)->drop_database(url_);
}

Result<std::string> BackendDatabase::location() {
  if (backend_ == "sqlite") return file_;
  if (backend_ != "postgres") return invalid("unknown test backend: " + backend_);
  if (url_.empty()) {
    auto cluster = barometer::testing::PostgresCluster::shared();
    if (!cluster) return cluster.error();
    auto url = (*cluster)->create_database();
    if (!url) return url.error();
    url_ = *url;
  }
  return url_;
}

Result<std::unique_ptr<Store>> BackendDatabase::open_store() {
  auto where = location();
  if (!where) return where.error();
  if (backend_ == "sqlite") return open_sqlite_store({.path = *where, .pool_size = kPoolSize});
  return open_postgres_store({.url = *where, .pool_size = kPoolSize});
}

Result<std::unique_ptr<StaffStore>> BackendDatabase::open_staff_store() {
  auto where = location();
  if (!where) return where.error();
  if (backend_ == "sqlite") return open_sqlite_staff_store({.path = *where, .pool_size = 2});
  return open_postgres_staff_store({.url = *where, .pool_size = 2});
}

Result<std::unique_ptr<HistoryStore>> BackendDatabase::open_history_store() {
  auto where = location();
  if (!where) return where.error();
  if (backend_ == "sqlite") return open_sqlite_history_store({.path = *where, .pool_size = 2});
  return open_postgres_history_store({.url = *where, .pool_size = 2});
}

}  // namespace barometer::web::testing_support
