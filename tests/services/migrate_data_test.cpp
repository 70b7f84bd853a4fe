// migrate_data: a whole site moved SQLite -> PostgreSQL -> SQLite, compared by canonical dump.
#include "services/migrate_data.hpp"

#include <gtest/gtest.h>

#include "services/demo/demo_site.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "support/backend_fixture.hpp"
#include "support/database_facets.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

std::unique_ptr<Store> opened(Result<std::unique_ptr<Store>> store) {
  EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
  return store.ok() ? std::move(store).value() : nullptr;
}

// The content store of a SQLite database of its own at `path`.
std::unique_ptr<Store> sqlite_at(const std::string& path) {
  auto db = open_sqlite_database({.path = path});
  if (!db) return opened(db.error());
  return testing::content_of(std::move(*db));
}

// Eight weeks of the demo: every kind of content, small enough to be quick.
void seed(Store& store) {
  DemoOptions options;
  options.first = Period::containing(make_date(2022, 1, 3));
  options.last = Period::containing(make_date(2022, 2, 21));
  auto s = seed_demo_site(store, options);
  ASSERT_TRUE(s.ok()) << s.error().message;
}

std::string dump(Store& store) {
  auto d = canonical_dump(store);
  EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error().message);
  return d.ok() ? *d : std::string{};
}

TEST(MigrateData, RoundTripSqlitePostgresSqliteKeepsEverything) {
  testing::TempDir dir;
  testing::BackendDatabase pg("postgres", dir);  // dropped when the test ends
  auto a = sqlite_at(dir.file("a.db"));
  auto middle = opened(pg.open_store());
  auto b = sqlite_at(dir.file("b.db"));
  ASSERT_TRUE(a && middle && b);
  seed(*a);

  auto there = migrate_data(*a, *middle);
  ASSERT_TRUE(there.ok()) << there.error().message;
  auto back = migrate_data(*middle, *b);
  ASSERT_TRUE(back.ok()) << back.error().message;

  std::string original = dump(*a);
  EXPECT_FALSE(original.empty());
  EXPECT_EQ(dump(*middle), original);
  EXPECT_EQ(dump(*b), original);
  EXPECT_EQ(there->source, there->target);
  EXPECT_EQ(back->target, there->source);
  EXPECT_EQ(back->target_checksum, there->source_checksum);
  EXPECT_EQ(there->source.languages, 3);
  EXPECT_GT(there->source.topics, 0);
  EXPECT_GT(there->source.authors, 0);
  EXPECT_GT(there->source.pages, 0);
  EXPECT_GT(there->source.commentaries, 8);
  EXPECT_EQ(there->source.translations, 3 * there->source.commentaries);
  EXPECT_GT(there->source.evidence, 0);
  // Beyond the dump: the copy answers the readers' queries the same way.
  EXPECT_EQ(*a->latest_published_period(), *b->latest_published_period());
  EXPECT_EQ(*a->count_commentaries(CommentaryFilter{}), *middle->count_commentaries(CommentaryFilter{}));
}

TEST(MigrateData, DumpAndChecksumSeeASingleChangedCharacter) {
  testing::TempDir dir;
  auto a = sqlite_at(dir.file("a.db"));
  auto b = sqlite_at(dir.file("b.db"));
  ASSERT_TRUE(a && b);
  seed(*a);
  ASSERT_TRUE(migrate_data(*a, *b).ok());
  CommentaryFilter last;
  last.limit = 1;
  auto c = b->find_commentaries(last);
  ASSERT_TRUE(c.ok() && !c->empty());
  Commentary changed = c->front();
  changed.translations["en"].body += ".";
  ASSERT_TRUE(b->update_commentary(changed).ok());
  EXPECT_NE(dump(*a), dump(*b));
  EXPECT_NE(content_checksum(dump(*a)), content_checksum(dump(*b)));
}

TEST(MigrateData, RefusesANonEmptyTargetAndForcedClashesWriteNothing) {
  testing::TempDir dir;
  testing::BackendDatabase pg("postgres", dir);  // dropped when the test ends
  auto a = sqlite_at(dir.file("a.db"));
  auto target = opened(pg.open_store());
  ASSERT_TRUE(a && target);
  seed(*a);
  ASSERT_TRUE(migrate_data(*a, *target).ok());
  std::string before = dump(*target);

  auto again = migrate_data(*a, *target);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.code(), ErrorCode::conflict);
  EXPECT_NE(again.error().message.find("not empty"), std::string::npos) << again.error().message;

  // Forced, the same slugs clash: the single transaction leaves the target as it was.
  auto forced = migrate_data(*a, *target, {.force_into_non_empty = true});
  ASSERT_FALSE(forced.ok());
  EXPECT_EQ(forced.code(), ErrorCode::conflict);
  EXPECT_EQ(dump(*target), before);
}

TEST(MigrateData, ForcedIntoATargetWithOnlyASiteCopiesEverything) {
  testing::TempDir dir;
  auto a = sqlite_at(dir.file("a.db"));
  auto b = sqlite_at(dir.file("b.db"));
  ASSERT_TRUE(a && b);
  seed(*a);
  Site other;
  other.languages = {{"en", "English", "en"}};
  other.name["en"] = "Empty";
  other.base_url = "http://example.org";
  ASSERT_TRUE(b->save_site(other).ok());
  EXPECT_EQ(migrate_data(*a, *b).code(), ErrorCode::conflict);
  auto forced = migrate_data(*a, *b, {.force_into_non_empty = true});
  ASSERT_TRUE(forced.ok()) << forced.error().message;
  EXPECT_EQ(dump(*b), dump(*a));
}

TEST(MigrateData, EmptySourceIsNotFound) {
  testing::TempDir dir;
  auto a = sqlite_at(dir.file("a.db"));
  auto b = sqlite_at(dir.file("b.db"));
  ASSERT_TRUE(a && b);
  auto r = migrate_data(*a, *b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::not_found);
  EXPECT_NE(r.error().message.find("source"), std::string::npos);
}

}  // namespace
}  // namespace barometer
