// Runs web tests on both storage backends. Every web test that needs a Store takes it from this
// fixture, so each of its tests runs twice: on SQLite (a file in the test's TempDir) and on
// PostgreSQL (a fresh database in the executable's throwaway cluster, support/postgres_cluster.hpp,
// dropped when the test ends). test_web is one ctest entry (one process, one cluster; see
// tests/README.md), so the cluster's start-up is paid once.
//
// How to use it in a new test file:
//   class MyTest : public testing::BackendTest {
//    protected:
//     void SetUp() override {
//       auto store = open_store();                  // this test's database (created on first use)
//       ASSERT_TRUE(store.ok()) << store.error().message;
//       store_ = std::move(*store);
//     }
//     std::unique_ptr<Store> store_;               // declared in the derived class: destroyed
//   };                                             // before the database is dropped
//   TEST_P(MyTest, Something) { ... }               // TEST_P, not TEST_F
//   BAROMETER_ON_BACKENDS(MyTest);                  // once per fixture, at namespace scope
// open_store()/open_staff_store() may be called again for a second, independent store on the same
// database (two "nodes"). A missing PostgreSQL fails the postgres half; it is never skipped.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "storage/database.hpp"
#include "storage/history_store.hpp"
#include "storage/staff_store.hpp"
#include "storage/store.hpp"
#include "support/temp_dir.hpp"

namespace barometer::testing {

// The backend names the web tests run on: "sqlite", "postgres".
std::vector<std::string> web_backends();

// One test's database on one backend. The PostgreSQL database is created on first use and dropped
// (with any connection still open to it) by the destructor.
class BackendDatabase {
 public:
  BackendDatabase(std::string backend, const TempDir& dir, std::string file = "site.db");
  ~BackendDatabase();
  BackendDatabase(const BackendDatabase&) = delete;
  BackendDatabase& operator=(const BackendDatabase&) = delete;

  const std::string& backend() const { return backend_; }
  // A new Store / StaffStore on this database (migrated on open, like the program does).
  Result<std::unique_ptr<Store>> open_store();
  Result<std::unique_ptr<StaffStore>> open_staff_store();
  Result<std::unique_ptr<HistoryStore>> open_history_store();  // revisions and the audit log
  // The whole database (every facet on one pool), as `serve` opens it.
  Result<std::unique_ptr<Database>> open_database();
  // The SQLite file path or the postgresql:// URL (created on first call).
  Result<std::string> location();
  // Runs raw SQL on a connection of its own, outside every store (tests that plant a fault, e.g.
  // a trigger): `sqlite_sql` or `postgres_sql`, whichever fits the backend.
  Status exec_sql(const std::string& sqlite_sql, const std::string& postgres_sql);
  // SELECT COUNT(*) FROM `table`, on a connection of its own.
  Result<std::int64_t> count_rows(const std::string& table);

 private:
  std::string backend_;
  std::string file_;
  std::string url_;  // PostgreSQL: set once the database exists
};

// The parameterised base of every backend-dependent web fixture (GetParam() is the backend name).
class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  BackendTest() : database_(GetParam(), dir_) {}

  Result<std::unique_ptr<Store>> open_store() { return database_.open_store(); }
  Result<std::unique_ptr<StaffStore>> open_staff_store() { return database_.open_staff_store(); }
  Result<std::unique_ptr<HistoryStore>> open_history_store() { return database_.open_history_store(); }
  Result<std::unique_ptr<Database>> open_database() { return database_.open_database(); }
  Status exec_sql(const std::string& sqlite_sql, const std::string& postgres_sql) {
    return database_.exec_sql(sqlite_sql, postgres_sql);
  }
  Result<std::int64_t> count_rows(const std::string& table) { return database_.count_rows(table); }

  TempDir dir_;

 private:
  BackendDatabase database_;  // after dir_: dropped before the directory goes
};

// "sqlite" / "postgres" as the test name suffix.
std::string backend_test_name(const ::testing::TestParamInfo<std::string>& info);

}  // namespace barometer::testing

// Instantiates every TEST_P of FIXTURE on every backend (Backends/FIXTURE.Name/sqlite, .../postgres).
#define BAROMETER_ON_BACKENDS(FIXTURE)                                                                   \
  INSTANTIATE_TEST_SUITE_P(Backends, FIXTURE,                                                            \
                           ::testing::ValuesIn(::barometer::testing::web_backends()),       \
                           ::barometer::testing::backend_test_name)
