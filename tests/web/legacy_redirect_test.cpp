// Old addresses of an imported site (legacy_redirects, migration 0012) answer 301 to their new
// page from the public site, on both backends; a page of this site always wins over a row, and
// the answer is cached like a page (docs/decisions/0023-wordpress-import.md).
#include <gtest/gtest.h>

#include "public_site_fixture.hpp"

namespace barometer::web {
namespace {

using testing_support::SeedIds;

class LegacyRedirectTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    auto db = open_database();
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    testing_support::seed_public_site(db_->content(), ids_);
    if (HasFatalFailure()) return;
    add("/2022/03/06/minsk-will-shield/", "/en/topics/security/minsk-shields/");
    add("/en/", "/en/topics/security/minsk-shields/");  // a page of this site: never redirected
    add("/archives/12?lang=ru", "/ru/topics/security/minsk-prikryvaet/");
    auto handler = make_public_site(db_->content(), testing_support::test_site_options(), nullptr, nullptr,
                                    &db_->imports());
    ASSERT_TRUE(handler.ok()) << handler.error().message;
    handler_ = std::move(*handler);
  }

  void add(const std::string& old, const std::string& target) {
    auto added = db_->imports().add_redirect({old, target, "wordpress:test", from_unix(0)});
    ASSERT_TRUE(added.ok()) << added.error().message;
  }

  Response fetch(const std::string& target) { return handler_->handle(testing_support::get(target)); }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Handler> handler_;
  SeedIds ids_;
};

TEST_P(LegacyRedirectTest, AnOldPermalinkAnswers301ToItsNewPage) {
  for (int i = 0; i < 2; ++i) {  // the second answer comes from the cache
    Response r = fetch("/2022/03/06/minsk-will-shield/");
    EXPECT_EQ(r.status, 301);
    EXPECT_EQ(r.header("Location"), "/en/topics/security/minsk-shields/");
  }
  Response target = fetch("/en/topics/security/minsk-shields/");
  EXPECT_EQ(target.status, 200);
  Response with_query = fetch("/archives/12?lang=ru");
  EXPECT_EQ(with_query.status, 301);
  EXPECT_EQ(with_query.header("Location"), "/ru/topics/security/minsk-prikryvaet/");
}

TEST_P(LegacyRedirectTest, PagesWinAndUnknownPathsStay404) {
  EXPECT_EQ(fetch("/en/").status, 200);
  EXPECT_EQ(fetch("/2022/03/06/nothing/").status, 404);
  // The row has a query; this path has none: only the usual slash is added.
  EXPECT_EQ(fetch("/archives/12").header("Location"), "/archives/12/");
}

TEST_P(LegacyRedirectTest, OnlyPathsOfThisSiteAreStoredAsTargets) {
  for (const char* bad : {"https://evil.example/", "//evil.example/", "/\\evil.example/", "relative/"}) {
    auto added = db_->imports().add_redirect({"/old/", bad, "wordpress:test", from_unix(0)});
    EXPECT_EQ(added.code(), ErrorCode::invalid) << bad;
  }
  auto again = db_->imports().add_redirect({"/2022/03/06/minsk-will-shield/", "/en/", "x", from_unix(0)});
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);  // the first row stays
}

BAROMETER_ON_BACKENDS(LegacyRedirectTest);

}  // namespace
}  // namespace barometer::web
