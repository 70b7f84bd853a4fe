// SQLite-specific behaviour: migrations, connection settings, lock mapping, query counts.
#include <sqlite3.h>

#include <fstream>

#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/connection_store.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/sqlite/sqlite_store_impl.hpp"
#include "support/store_fixture.hpp"

namespace barometer::testing {
namespace {

using sqlite::Connection;

std::unique_ptr<Connection> raw(const std::string& path) {
  auto c = Connection::open(path, 1000);
  EXPECT_TRUE(c.ok()) << c.error().message;
  return c.ok() ? std::move(*c) : nullptr;
}

std::string query_text(Connection& c, const std::string& sql) {
  auto st = c.prepare(sql);
  EXPECT_TRUE(st.ok()) << sql;
  if (!st.ok()) return {};
  auto row = st->step();
  EXPECT_TRUE(row.ok() && *row) << sql;
  return row.ok() && *row ? st->text(0) : std::string{};
}

int latest_version() { return sqlite::migrations().back().version; }

// The database's content store as the backend's own type, for a look at its connections.
sqlite::SqliteStore& sqlite_store(Database& db) { return dynamic_cast<sqlite::SqliteStore&>(db.content()); }

TEST(SqliteMigrations, AreNumberedInOrderFromOne) {
  const auto& all = sqlite::migrations();
  ASSERT_GE(all.size(), 2u);
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].version, int(i) + 1) << all[i].name;
  EXPECT_STREQ(all[0].name, "0001_initial");
}

TEST(SqliteMigrations, FreshDatabaseReachesLatestAndReopenDoesNotReapply) {
  TempDir dir;
  std::string path = dir.file("b.db");
  EXPECT_EQ(*sqlite_schema_version(path), 0);
  EXPECT_FALSE(std::filesystem::exists(path));  // looking does not create
  {
    auto db = open_sqlite_database({.path = path});
    ASSERT_TRUE(db.ok()) << db.error().message;
  }
  EXPECT_EQ(*sqlite_schema_version(path), latest_version());
  auto c = raw(path);
  std::string applied = query_text(*c, "SELECT group_concat(version || ':' || applied_at) FROM schema_migrations");
  EXPECT_EQ(query_text(*c, "SELECT COUNT(*) FROM schema_migrations"), std::to_string(sqlite::migrations().size()));
  c.reset();
  auto again = open_sqlite_database({.path = path});
  ASSERT_TRUE(again.ok()) << again.error().message;
  c = raw(path);
  EXPECT_EQ(query_text(*c, "SELECT group_concat(version || ':' || applied_at) FROM schema_migrations"), applied);
}

TEST(SqliteMigrations, OlderDatabaseIsUpgradedKeepingItsData) {
  TempDir dir;
  std::string path = dir.file("old.db");
  {
    auto c = raw(path);
    ASSERT_TRUE(sqlite::apply_migrations(*c, {sqlite::migrations()[0]}).ok());
    ASSERT_TRUE(c->exec("INSERT INTO languages (code, position, name, icu_locale) VALUES ('en', 0, 'English', 'en');"
                        "INSERT INTO topics (id, slug, position) VALUES (7, 'security', 1);"
                        "INSERT INTO topic_texts VALUES (7, 'en', 'Security', 'Threats');")
                    .ok());
  }
  EXPECT_EQ(*sqlite_schema_version(path), 1);
  auto db = open_sqlite_database({.path = path});
  ASSERT_TRUE(db.ok()) << db.error().message;
  EXPECT_EQ(*sqlite_schema_version(path), latest_version());
  auto topic = (*db)->content().find_topic("security");
  ASSERT_TRUE(topic.ok());
  EXPECT_EQ(topic->id, 7);
  EXPECT_EQ(topic->text.at("en").description, "Threats");
  auto c = raw(path);
  EXPECT_EQ(query_text(*c, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'commentaries_status_period'"),
            "1");
}

TEST(SqliteMigrations, RunnerAppliesEachInItsOwnTransaction) {
  TempDir dir;
  auto c = raw(dir.file("r.db"));
  std::vector<Migration> steps = {{1, "0001_a", "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);"},
                                  {2, "0002_b", "INSERT INTO t VALUES (2); INSERT INTO nowhere VALUES (3);"}};
  auto s = sqlite::apply_migrations(*c, steps);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("0002_b"), std::string::npos) << s.error().message;
  EXPECT_EQ(*sqlite::schema_version(*c), 1);  // the first stuck, the failed second left nothing
  EXPECT_EQ(query_text(*c, "SELECT group_concat(x) FROM t"), "1");
  steps[1].sql = "INSERT INTO t VALUES (2);";
  ASSERT_TRUE(sqlite::apply_migrations(*c, steps).ok());
  EXPECT_EQ(*sqlite::schema_version(*c), 2);
  EXPECT_EQ(query_text(*c, "SELECT group_concat(x) FROM t"), "1,2");
}

TEST(SqliteMigrations, NewerDatabaseIsRefused) {
  TempDir dir;
  std::string path = dir.file("new.db");
  ASSERT_TRUE(open_sqlite_database({.path = path}).ok());
  {
    auto c = raw(path);
    ASSERT_TRUE(c->exec("INSERT INTO schema_migrations VALUES (" + std::to_string(latest_version() + 1) +
                        ", '9999_future', 0)")
                    .ok());
  }
  auto db = open_sqlite_database({.path = path});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.code(), ErrorCode::invalid);
  EXPECT_NE(db.error().message.find("newer"), std::string::npos);
}

TEST(SqliteStore, BadFilesAndOptionsAreErrorsNotCrashes) {
  TempDir dir;
  std::string junk = dir.file("junk.db");
  std::ofstream(junk) << std::string(4096, 'x');
  auto db = open_sqlite_database({.path = junk});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.code(), ErrorCode::io);
  EXPECT_EQ(open_sqlite_database({.path = ""}).code(), ErrorCode::invalid);
  EXPECT_EQ(open_sqlite_database({.path = dir.file("no/such/dir/x.db")}).code(), ErrorCode::io);
  EXPECT_EQ(open_sqlite_database({.path = dir.file("x.db"), .pool_size = 0}).code(), ErrorCode::invalid);
}

TEST(SqliteStore, EveryPooledConnectionHasTheRequiredSettings) {
  TempDir dir;
  auto db = open_sqlite_database({.path = dir.file("p.db"), .pool_size = 2});
  ASSERT_TRUE(db.ok()) << db.error().message;
  auto& store = sqlite_store(**db);
  int checked = 0;
  auto check = [&](Connection& c) -> Status {
    EXPECT_EQ(query_text(c, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(query_text(c, "PRAGMA synchronous"), "2");
    EXPECT_EQ(query_text(c, "PRAGMA foreign_keys"), "1");
    EXPECT_EQ(query_text(c, "PRAGMA busy_timeout"), "5000");
    ++checked;
    return {};
  };
  // Nested, so the second call gets the pool's second connection.
  auto s = store.with_connection([&](Connection& c) -> Status {
    (void)check(c);
    return store.with_connection(check);
  });
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(checked, 2);
}

TEST(SqliteStore, WriteLockHeldByAnotherProcessIsUnavailable) {
  TempDir dir;
  std::string path = dir.file("busy.db");
  auto db = open_sqlite_database({.path = path, .busy_timeout_ms = 100});
  ASSERT_TRUE(db.ok());
  Store& store = (*db)->content();
  auto other = raw(path);
  ASSERT_TRUE(other->exec("BEGIN IMMEDIATE").ok());
  Site site;
  site.languages = {{"en", "English", "en"}};
  auto s = store.save_site(site);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::unavailable);
  ASSERT_TRUE(store.list_topics().ok());  // readers are not blocked by the writer
  ASSERT_TRUE(other->exec("ROLLBACK").ok());
  EXPECT_TRUE(store.save_site(site).ok());
}

int count_statements(unsigned, void* counter, void*, void*) {
  ++*static_cast<int*>(counter);
  return 0;
}

TEST(SqliteStore, LoadingTwentyCommentariesTakesAHandfulOfQueries) {
  TempDir dir;
  auto db = open_sqlite_database({.path = dir.file("q.db"), .pool_size = 1});
  ASSERT_TRUE(db.ok());
  auto& store = sqlite_store(**db);
  Site site;
  site.languages = {{"en", "English", "en"}, {"ru", "Русский", "ru"}};
  ASSERT_TRUE(store.save_site(site).ok());
  Id topic = *store.add_topic(Topic{0, "security", 1, {}});
  Id author = *store.add_author(Author{0, "anna", {}});
  Period p = week("2021-W01");
  for (int i = 0; i < 30; ++i, p = p.next()) {
    Commentary c;
    c.topic_id = topic;
    c.period = p;
    c.status = CommentaryStatus::published;
    c.author_ids = {author};
    c.translations = {{"en", {"T", "L", "B", "s" + std::to_string(i)}}, {"ru", {"Т", "Л", "Б", "s" + std::to_string(i)}}};
    c.evidence = {{p.start(), "", {{"en", "a"}, {"ru", "б"}}}, {p.end(), "", {{"en", "c"}}}};
    ASSERT_TRUE(store.add_commentary(c).ok());
  }
  int statements = 0;
  std::size_t loaded = 0;
  auto s = store.with_connection([&](Connection& c) -> Status {
    sqlite3_trace_v2(c.handle(), SQLITE_TRACE_STMT, count_statements, &statements);
    sqlite::ConnectionStore bound(c, [] { return std::uint64_t{0}; });
    CommentaryFilter f;
    f.limit = 20;
    auto list = bound.find_commentaries(f);
    sqlite3_trace_v2(c.handle(), 0, nullptr, nullptr);
    if (!list) return list.error();
    loaded = list->size();
    EXPECT_EQ(list->back().evidence.size(), 2u);
    EXPECT_EQ(list->back().evidence[0].line.size(), 2u);
    return {};
  });
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(loaded, 20u);
  EXPECT_LE(statements, 8) << "BEGIN/COMMIT plus one query per part, whatever the number of rows";
}

}  // namespace
}  // namespace barometer::testing
