// StoreTest: BackendTest (support/backend_fixture.hpp) for the store tests, with this test's
// Database open and the demo site saved in SetUp, and helpers that add content. Every
// TEST_P(StoreTest, ...) — and every TEST_P of a fixture derived from it, instantiated with
// BAROMETER_ON_BACKENDS — runs on SQLite and on PostgreSQL.
#pragma once

#include <memory>
#include <string>

#include "storage/database.hpp"
#include "support/backend_fixture.hpp"

namespace barometer::testing {

class StoreTest : public BackendTest {
 public:
  // The demo's three languages: en (default), be, ru.
  static Site demo_site();

 protected:
  void SetUp() override;

  // Another, separately opened content store on this test's database (a second node).
  std::unique_ptr<Store> open_again();
  Id add_topic(const std::string& slug, int position);
  Id add_author(const std::string& slug);
  // A complete commentary: translations in en/be/ru with slugs "<slug>-<lang>", one evidence item.
  static Commentary make_commentary(Id topic_id, const std::string& period_id, Assessment assessment,
                                    CommentaryStatus status = CommentaryStatus::published,
                                    const std::string& slug = "");
  Id add(const Commentary& c);

  std::unique_ptr<Database> db_;  // this test's database; its facets live as long as it
  Store* store_ = nullptr;        // db_->content()
};

Period week(const std::string& id);  // Period::parse or test failure

}  // namespace barometer::testing
