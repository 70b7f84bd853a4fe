// The fixture every Store test runs on, parameterised over backends: a backend is a name and a
// function opening a Store on the database that belongs to a test directory (opening twice gives
// two independent stores on the same database). Every TEST_P(StoreTest, ...) runs on SQLite (a file
// in the test directory) and on PostgreSQL (a fresh database in the executable's throwaway
// cluster, support/postgres_cluster.hpp, dropped after the test).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "storage/store.hpp"
#include "support/temp_dir.hpp"

namespace barometer::testing {

struct StoreBackend {
  std::string name;
  std::function<Result<std::unique_ptr<Store>>(const TempDir& dir)> open;
  // Releases what open() created outside `dir` (the PostgreSQL database); may be empty.
  std::function<void(const TempDir& dir)> close;
};

inline void PrintTo(const StoreBackend& backend, std::ostream* os) { *os << backend.name; }

StoreBackend sqlite_backend();
StoreBackend postgres_backend();
// The PostgreSQL URL of the database belonging to `dir` (created on first use); for tests that
// need a second connection or a raw look at the database.
Result<std::string> postgres_url_for(const TempDir& dir);
// Every backend the store tests run on (one INSTANTIATE per fixture uses this list).
std::vector<StoreBackend> store_backends();

class StoreTest : public ::testing::TestWithParam<StoreBackend> {
 public:
  // The demo's three languages: en (default), be, ru.
  static Site demo_site();

 protected:
  void SetUp() override;
  void TearDown() override;

  // Another, separately opened store on this test's database.
  std::unique_ptr<Store> open_again();
  Id add_topic(const std::string& slug, int position);
  Id add_author(const std::string& slug);
  // A complete commentary: translations in en/be/ru with slugs "<slug>-<lang>", one evidence item.
  static Commentary make_commentary(Id topic_id, const std::string& period_id, Assessment assessment,
                                    CommentaryStatus status = CommentaryStatus::published,
                                    const std::string& slug = "");
  Id add(const Commentary& c);

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

Period week(const std::string& id);  // Period::parse or test failure

}  // namespace barometer::testing
