// Runs a test on both storage backends: the one fixture for it, in every test executable. Each
// TEST_P of a fixture derived from BackendTest runs twice: on SQLite (a file in the test's TempDir)
// and on PostgreSQL (a fresh database in the executable's throwaway cluster,
// support/postgres_cluster.hpp, dropped when the test ends). An executable's backend tests run in
// one process (one cluster; see tests/CMakeLists.txt), so the cluster's start-up is paid once.
//
// Every way in goes through open_sqlite_database / open_postgres_database, as the program does:
// open_database() is the Database with all its facets; open_store(), open_staff_store() and
// open_history_store() are one facet of a Database of its own (support/database_facets.hpp).
//
// How to use it in a new test file:
//   class MyTest : public testing::BackendTest {
//    protected:
//     void SetUp() override {
//       auto db = open_database();                  // this test's database (created on first use)
//       ASSERT_TRUE(db.ok()) << db.error().message;
//       db_ = std::move(*db);
//     }
//     std::unique_ptr<Database> db_;               // declared in the derived class: destroyed
//   };                                             // before the database is dropped
//   TEST_P(MyTest, Something) { ... }               // TEST_P, not TEST_F
//   BAROMETER_ON_BACKENDS(MyTest);                  // once per fixture, at namespace scope
// Each open_*() call is a new, independent handle on the same database (a second "node"). A
// missing PostgreSQL fails the postgres half; it is never skipped. Store tests with a seeded
// site and content helpers derive from StoreTest (support/store_fixture.hpp).
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

// The backend names every backend test runs on: "sqlite", "postgres".
std::vector<std::string> test_backends();

// One test's database on one backend. The PostgreSQL database is created on first use and dropped
// (with any connection still open to it) by the destructor.
class BackendDatabase {
 public:
  BackendDatabase(std::string backend, const TempDir& dir, std::string file = "site.db");
  ~BackendDatabase();
  BackendDatabase(const BackendDatabase&) = delete;
  BackendDatabase& operator=(const BackendDatabase&) = delete;

  const std::string& backend() const { return backend_; }
  // The whole database (every facet on one pool, migrated on open), as `serve` opens it.
  Result<std::unique_ptr<Database>> open_database();
  // One facet of a new Database of its own on this database.
  Result<std::unique_ptr<Store>> open_store();
  Result<std::unique_ptr<StaffStore>> open_staff_store();
  Result<std::unique_ptr<HistoryStore>> open_history_store();  // revisions and the audit log
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

// The parameterised base of every fixture that runs on both backends (GetParam() is the backend
// name).
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
#define BAROMETER_ON_BACKENDS(FIXTURE)                                                                    \
  INSTANTIATE_TEST_SUITE_P(Backends, FIXTURE, ::testing::ValuesIn(::barometer::testing::test_backends()), \
                           ::barometer::testing::backend_test_name)
