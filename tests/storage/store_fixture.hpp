// The fixture every Store test runs on, parameterised over backends: a backend is a name and a
// function opening a Store on the database that belongs to a test directory (opening twice gives
// two independent stores on the same database). The PostgreSQL backend adds one more value to
// store_backends() in store_fixture.cpp and every TEST_P(StoreTest, ...) runs on it too.
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
};

inline void PrintTo(const StoreBackend& backend, std::ostream* os) { *os << backend.name; }

StoreBackend sqlite_backend();
// Every backend the store tests run on (one INSTANTIATE per fixture uses this list).
std::vector<StoreBackend> store_backends();

class StoreTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override;

  // Another, separately opened store on this test's database.
  std::unique_ptr<Store> open_again();
  // The demo's three languages: en (default), be, ru.
  static Site demo_site();
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
