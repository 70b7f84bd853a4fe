#include "store_fixture.hpp"

#include <fstream>

#include "storage/postgres/postgres_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "support/postgres_cluster.hpp"

namespace barometer::testing {

StoreBackend sqlite_backend() {
  return {"sqlite", [](const TempDir& dir) { return open_sqlite_store({.path = dir.file("barometer.db")}); }, {}};
}

Result<std::string> postgres_url_for(const TempDir& dir) {
  // The URL is kept in the directory, so opening twice reaches the same database.
  std::string file = dir.file("postgres.url");
  if (std::ifstream in(file); in) {
    std::string url;
    std::getline(in, url);
    if (!url.empty()) return url;
  }
  auto cluster = PostgresCluster::shared();
  if (!cluster) return cluster.error();
  auto url = (*cluster)->create_database();
  if (!url) return url.error();
  std::ofstream(file) << *url << "\n";
  return *url;
}

StoreBackend postgres_backend() {
  return {"postgres",
          [](const TempDir& dir) -> Result<std::unique_ptr<Store>> {
            auto url = postgres_url_for(dir);
            if (!url) return url.error();
            return open_postgres_store({.url = *url, .pool_size = 4});
          },
          [](const TempDir& dir) {
            std::ifstream in(dir.file("postgres.url"));
            std::string url;
            if (!std::getline(in, url) || url.empty()) return;
            if (auto cluster = PostgresCluster::shared(); cluster) (void)(*cluster)->drop_database(url);
          }};
}

std::vector<StoreBackend> store_backends() { return {sqlite_backend(), postgres_backend()}; }

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(store_backends()),
                         [](const auto& info) { return info.param.name; });

Period week(const std::string& id) {
  auto p = Period::parse(id);
  EXPECT_TRUE(p.ok()) << id;
  return p.ok() ? *p : Period::containing(make_date(1970, 1, 1));
}

void StoreTest::SetUp() {
  auto s = GetParam().open(dir_);
  ASSERT_TRUE(s.ok()) << s.error().message;
  store_ = std::move(*s);
  auto saved = store_->save_site(demo_site());
  ASSERT_TRUE(saved.ok()) << saved.error().message;
}

void StoreTest::TearDown() {
  store_.reset();
  if (GetParam().close) GetParam().close(dir_);
}

std::unique_ptr<Store> StoreTest::open_again() {
  auto s = GetParam().open(dir_);
  EXPECT_TRUE(s.ok()) << s.error().message;
  return s.ok() ? std::move(*s) : nullptr;
}

Site StoreTest::demo_site() {
  Site site;
  site.name = {{"en", "Belarus Barometer"}, {"be", "Беларускі барометр"}, {"ru", "Белорусский барометр"}};
  site.subject = {{"en", "Belarus"}, {"be", "Беларусь"}, {"ru", "Беларусь"}};
  site.base_url = "http://127.0.0.1:8080";
  site.languages = {{"en", "English", "en_GB"}, {"be", "Беларуская", "be_BY"}, {"ru", "Русский", "ru_RU"}};
  site.time_zone = "Europe/Minsk";
  return site;
}

Id StoreTest::add_topic(const std::string& slug, int position) {
  Topic t;
  t.slug = slug;
  t.position = position;
  t.text["en"] = {"Topic " + slug, "About " + slug};
  t.text["be"] = {"Тэма " + slug, ""};
  auto id = store_->add_topic(t);
  EXPECT_TRUE(id.ok()) << id.error().message;
  return id.ok() ? *id : 0;
}

Id StoreTest::add_author(const std::string& slug) {
  Author a;
  a.slug = slug;
  a.text["en"] = {"Author " + slug, "Analyst."};
  auto id = store_->add_author(a);
  EXPECT_TRUE(id.ok()) << id.error().message;
  return id.ok() ? *id : 0;
}

Commentary StoreTest::make_commentary(Id topic_id, const std::string& period_id, Assessment assessment,
                                      CommentaryStatus status, const std::string& slug) {
  Commentary c;
  c.topic_id = topic_id;
  c.period = week(period_id);
  c.assessment = assessment;
  c.status = status;
  if (status == CommentaryStatus::published) c.published_at = Instant{c.period.end()} + std::chrono::hours{18};
  c.updated_at = Instant{c.period.end()} + std::chrono::hours{12};
  std::string base = slug.empty() ? "c" + std::to_string(topic_id) + "-" + c.period.id() : slug;
  for (auto& ch : base)
    if (ch == 'W') ch = 'w';
  for (const char* lang : {"en", "be", "ru"})
    c.translations[lang] = {"Title " + base + " " + lang, "Lead.", "Body *" + std::string(lang) + "*",
                            base + "-" + lang};
  c.evidence.push_back({c.period.start(), "https://example.org/a", {{"en", "Event."}, {"ru", "Событие."}}});
  return c;
}

Id StoreTest::add(const Commentary& c) {
  auto id = store_->add_commentary(c);
  EXPECT_TRUE(id.ok()) << id.error().message;
  return id.ok() ? *id : 0;
}

}  // namespace barometer::testing
