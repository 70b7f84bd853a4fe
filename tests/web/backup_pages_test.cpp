// A site restored from its archive (services/backup/, docs/decisions/0024-backup-archive.md)
// serves the same bytes as the original: every public page type, rendered by the public site's
// handler over the source and over restored copies in SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "services/backup/export_site.hpp"
#include "services/backup/restore_site.hpp"
#include "services/demo/demo_site.hpp"
#include "services/search/site_search.hpp"
#include "support/backend_fixture.hpp"
#include "support/temp_dir.hpp"
#include "web/public_site_fixture.hpp"

namespace barometer::web {
namespace {

using testing_support::get;

// The public site over `db`, rendering every fetch (no cache), with search.
struct Served {
  std::unique_ptr<site_search::SiteSearch> search;
  std::unique_ptr<Handler> site;
};

Served serve(Database& db) {
  Served s;
  s.search = std::make_unique<site_search::SiteSearch>(db.search());
  PublicSiteOptions options;
  options.theme_dir = (barometer::testing::source_dir() / "themes/default").string();
  options.cache_bytes = 0;
  auto site = make_public_site(db.content(), options, nullptr, s.search.get());
  EXPECT_TRUE(site.ok()) << site.error().message;
  if (site.ok()) s.site = std::move(*site);
  return s;
}

// One URL of every page type, taken from the site itself.
std::vector<std::string> every_page_type(Store& store) {
  std::vector<std::string> urls = {"/en/", "/be/", "/ru/dynamics/", "/en/dynamics/", "/data/markers.csv",
                                   "/data/markers.json", "/en/feed.xml", "/ru/feed.json", "/sitemap.xml",
                                   "/en/sitemap.xml", "/robots.txt"};
  auto period = store.latest_published_period();
  if (period.ok() && *period) urls.push_back("/en/" + (*period)->id() + "/");
  auto topics = store.list_topics();
  if (topics.ok() && !topics->empty()) {
    const Topic& t = topics->front();
    urls.push_back("/en/topics/" + t.slug + "/");
    urls.push_back("/be/topics/" + t.slug + "/feed.xml");
    CommentaryFilter f;
    f.topic_id = t.id;
    f.limit = 1;
    auto latest = store.find_commentaries(f);
    if (latest.ok() && !latest->empty())
      for (const auto& [lang, tr] : latest->front().translations)
        urls.push_back("/" + lang + "/topics/" + t.slug + "/" + tr.slug + "/");
  }
  auto authors = store.list_authors();
  if (authors.ok() && !authors->empty()) urls.push_back("/en/authors/" + authors->front().slug + "/");
  auto pages = store.list_pages();
  if (pages.ok() && !pages->empty())
    for (const auto& [lang, text] : pages->front().text) urls.push_back("/" + lang + "/" + text.slug + "/");
  return urls;
}

TEST(BackupPages, ARestoredSiteServesTheSameBytesOnBothBackends) {
  barometer::testing::TempDir dir;
  barometer::testing::BackendDatabase source("sqlite", dir, "source.db");
  auto db = source.open_database();
  ASSERT_TRUE(db.ok()) << db.error().message;
  DemoOptions demo;
  demo.first = Period::containing(make_date(2022, 1, 3));
  demo.last = Period::containing(make_date(2022, 3, 7));
  ASSERT_TRUE(seed_demo_site((*db)->content(), demo).ok());
  FixedClock clock(from_unix(1'765'000'000));
  const std::string archive_path = dir.file("site.tar");
  auto m = backup::export_site(**db, clock, {.path = archive_path, .barometer_version = "test", .audit = false});
  ASSERT_TRUE(m.ok()) << m.error().message;
  auto archive = backup::read_archive(archive_path);
  ASSERT_TRUE(archive.ok()) << archive.error().message;

  Served original = serve(**db);
  ASSERT_TRUE(original.site);
  const auto urls = every_page_type((*db)->content());
  ASSERT_GE(urls.size(), 18u);

  for (const std::string backend : {"sqlite", "postgres"}) {
    SCOPED_TRACE(backend);
    barometer::testing::BackendDatabase target(backend, dir, "restored-" + backend + ".db");
    auto restored_db = target.open_database();
    ASSERT_TRUE(restored_db.ok()) << restored_db.error().message;
    backup::RestoreOptions options;
    options.audit = false;
    auto report = backup::restore_site(**restored_db, *archive, clock, options);
    ASSERT_TRUE(report.ok()) << report.error().message;
    Served restored = serve(**restored_db);
    ASSERT_TRUE(restored.site);
    auto compared = urls;
    // Search ranks equally good matches in the backend's own order (docs/decisions/0017):
    // the page is compared where the backend is the same.
    if (backend == "sqlite") compared.push_back("/en/search?q=army");
    for (const auto& url : compared) {
      SCOPED_TRACE(url);
      Response want = original.site->handle(get(url));
      Response got = restored.site->handle(get(url));
      EXPECT_EQ(want.status, 200);
      EXPECT_EQ(got.status, want.status);
      EXPECT_TRUE(*got.body == *want.body) << "the restored page differs";
    }
  }
}

}  // namespace
}  // namespace barometer::web
