// Both backends reach the same schema (STYLE.md habit 11): after all migrations, the same tables
// with the same columns, and the same number of migrations. Also PostgreSQL-specific behaviour:
// migrations, connection failures and text PostgreSQL cannot store.

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "storage/postgres/connection.hpp"
#include "storage/postgres/migrations.hpp"
#include "storage/postgres/postgres_store.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "support/postgres_cluster.hpp"
#include "support/store_fixture.hpp"

namespace barometer::testing {
namespace {

using Schema = std::map<std::string, std::set<std::string>>;  // table -> column names

Schema sqlite_schema(const std::string& path) {
  Schema schema;
  auto c = sqlite::Connection::open_read_only(path);
  EXPECT_TRUE(c.ok());
  if (!c.ok()) return schema;
  auto st = (*c)->prepare(
      "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p "
      "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'");
  EXPECT_TRUE(st.ok());
  while (st.ok() && *st->step()) schema[st->text(0)].insert(st->text(1));
  // The one planned difference (migration 0010): SQLite's search index is an FTS5 table with its
  // shadow tables, PostgreSQL's a column of search_documents.
  for (auto it = schema.begin(); it != schema.end();)
    it = it->first.rfind("search_fts", 0) == 0 ? schema.erase(it) : std::next(it);
  return schema;
}

Schema postgres_schema(const std::string& url) {
  Schema schema;
  auto conn = postgres::connect(url, 5);
  EXPECT_TRUE(conn.ok());
  if (!conn.ok()) return schema;
  postgres::Connection c(std::move(*conn));
  auto st = c.prepare(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'");
  EXPECT_TRUE(st.ok());
  while (st.ok() && *st->step()) schema[st->text(0)].insert(st->text(1));
  schema["search_documents"].erase("terms");  // see sqlite_schema
  return schema;
}

// A fresh PostgreSQL database, dropped at the end of the test.
struct PostgresDb {
  TempDir dir;
  BackendDatabase database{"postgres", dir};
  std::string url;
  PostgresDb() {
    auto u = database.location();
    EXPECT_TRUE(u.ok()) << (u.ok() ? "" : u.error().message);
    if (u.ok()) url = *u;
  }
};

TEST(SchemaParity, BothBackendsReachTheSameTablesAndColumns) {
  ASSERT_EQ(sqlite::migrations().size(), postgres::migrations().size());
  for (std::size_t i = 0; i < sqlite::migrations().size(); ++i)
    EXPECT_STREQ(sqlite::migrations()[i].name, postgres::migrations()[i].name);

  TempDir dir;
  ASSERT_TRUE(open_sqlite_database({.path = dir.file("s.db")}).ok());
  PostgresDb pg;
  ASSERT_TRUE(open_postgres_database({.url = pg.url}).ok());
  Schema lite = sqlite_schema(dir.file("s.db"));
  Schema post = postgres_schema(pg.url);
  EXPECT_GT(lite.size(), 10u);
  EXPECT_TRUE(lite.count("commentaries") && lite["commentaries"].count("period_start"));
  EXPECT_EQ(lite, post);
}

TEST(PostgresMigrations, FreshDatabaseReachesLatestAndReopenDoesNotReapply) {
  PostgresDb pg;
  ASSERT_FALSE(pg.url.empty());
  EXPECT_EQ(*postgres_schema_version(pg.url), 0);
  ASSERT_TRUE(open_postgres_database({.url = pg.url}).ok());
  int latest = postgres::migrations().back().version;
  EXPECT_EQ(*postgres_schema_version(pg.url), latest);
  {
    auto db = open_postgres_database({.url = pg.url});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->content().save_site(StoreTest::demo_site()).ok());
  }
  auto again = open_postgres_database({.url = pg.url});
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE((*again)->content().load_site().ok());  // data kept, nothing re-applied
}

TEST(PostgresMigrations, NewerDatabaseIsRefused) {
  PostgresDb pg;
  ASSERT_TRUE(open_postgres_database({.url = pg.url}).ok());
  auto conn = postgres::connect(pg.url, 5);
  ASSERT_TRUE(conn.ok());
  postgres::Connection c(std::move(*conn));
  ASSERT_TRUE(c.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_future', 0)").ok());
  auto db = open_postgres_database({.url = pg.url});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.code(), ErrorCode::invalid);
  EXPECT_NE(db.error().message.find("newer"), std::string::npos);
}

TEST(PostgresStore, BadUrlsAndUnreachableServersAreErrorsNotCrashes) {
  EXPECT_EQ(open_postgres_database({.url = ""}).code(), ErrorCode::invalid);
  EXPECT_EQ(open_postgres_database({.url = "mysql://x/y"}).code(), ErrorCode::invalid);
  EXPECT_EQ(open_postgres_database({.url = "postgresql://a@b@:x:y/?zzz=1"}).code(), ErrorCode::invalid);
  // Port 1 on loopback: nothing listens there.
  auto down = open_postgres_database({.url = "postgresql://nobody@127.0.0.1:1/x", .connect_timeout_s = 2});
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.code(), ErrorCode::unavailable);
  PostgresDb pg;
  EXPECT_EQ(open_postgres_database({.url = pg.url, .pool_size = 0}).code(), ErrorCode::invalid);
}

TEST(PostgresStore, DroppedConnectionsAreUnavailableThenRecovered) {
  PostgresDb pg;
  auto db = open_postgres_database({.url = pg.url, .pool_size = 2});
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->content().save_site(StoreTest::demo_site()).ok());
  (void)(*db)->content().content_version();
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  auto v = (*db)->content().content_version();
  auto cluster = PostgresCluster::shared();
  ASSERT_TRUE(cluster.ok());
  std::string name = pg.url.substr(pg.url.rfind('/') + 1);
  ASSERT_TRUE((*cluster)->admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'").ok());
  // The pooled connection is dead: the first call reports it, the pool replaces it.
  auto first = (*db)->content().load_site();
  if (!first.ok()) {
    EXPECT_EQ(first.code(), ErrorCode::unavailable) << first.error().message;
  }
  bool recovered = false;
  for (int i = 0; i < 3 && !recovered; ++i) recovered = (*db)->content().load_site().ok();
  EXPECT_TRUE(recovered);
  // The listener lost its link too: it reconnects and counts the outage as a possible change.
  bool moved = false;
  for (int i = 0; i < 40 && !moved; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    moved = (*db)->content().content_version() != v;
  }
  EXPECT_TRUE(moved);
}

TEST(PostgresStore, TextWithNulIsInvalidNotTruncated) {
  PostgresDb pg;
  auto db = open_postgres_database({.url = pg.url});
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->content().save_site(StoreTest::demo_site()).ok());
  Topic t{0, "security", 1, {{"en", {std::string("Secu\0rity", 9), "x"}}}};
  auto id = (*db)->content().add_topic(t);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.code(), ErrorCode::invalid);
  EXPECT_EQ((*db)->content().find_topic("security").code(), ErrorCode::not_found);
}

}  // namespace
}  // namespace barometer::testing
