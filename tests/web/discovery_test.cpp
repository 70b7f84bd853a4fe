// Feeds, sitemaps and the head's machine-readable tags, checked by parsing them (what the rows of
// discovery_rows_test.cpp cannot): entry counts, schema validity, the sitemap split, the JSON-LD
// that a headline cannot break out of, and the cache following content.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "support/xml_check.hpp"
#include "web/public_site_fixture.hpp"

namespace barometer::web::testing_support {
namespace {

using barometer::testing::parse_xml;
using barometer::testing::valid_against;
using barometer::testing::xpath_texts;

const std::vector<std::pair<std::string, std::string>> kAtom = {{"a", "http://www.w3.org/2005/Atom"}};
const std::vector<std::pair<std::string, std::string>> kSitemap = {{"s", "http://www.sitemaps.org/schemas/sitemap/0.9"}};

class DiscoveryTest : public PublicSiteTest {
 protected:
  std::vector<std::string> atom(const std::string& target, const std::string& xpath) {
    auto r = fetch(target);
    EXPECT_EQ(r.status, 200) << target;
    auto doc = parse_xml(*r.body);
    EXPECT_TRUE(doc) << target;
    return doc ? xpath_texts(doc.get(), xpath, kAtom) : std::vector<std::string>{};
  }
};

TEST_P(DiscoveryTest, FeedsHoldEveryPublishedTranslationNewestFirst) {
  using V = std::vector<std::string>;
  EXPECT_EQ(atom("/en/feed.xml", "//a:entry/a:id"),
            (V{"http://test.example/en/topics/security/2022-W09/", "http://test.example/en/topics/west/2022-W09/",
               "http://test.example/en/topics/security/2022-W08/"}));
  EXPECT_EQ(atom("/ru/feed.xml", "//a:entry/a:id").size(), 2u);
  EXPECT_EQ(atom("/be/feed.xml", "//a:entry/a:id").size(), 1u);
  EXPECT_EQ(atom("/en/topics/security/feed.xml", "//a:entry/a:id").size(), 2u);
  EXPECT_EQ(atom("/be/topics/west/feed.xml", "//a:entry").size(), 0u);
  const auto json = nlohmann::json::parse(*fetch("/ru/feed.json").body);
  EXPECT_EQ(json["items"].size(), 2u);
  EXPECT_EQ(json["language"], "ru");
}

TEST_P(DiscoveryTest, FeedsStopAtTheirLength) {
  // Many weeks of west in English, the oldest also in Belarusian: it lies beyond the first pages
  // the feed reads from the store.
  for (int week = 10; week <= 40; ++week) {
    const std::string n = std::to_string(week);
    Commentary c = make_commentary(ids_.west, "2021-W" + n, Assessment::worse, 1620000000 + week,
                                   {{"en", {"W" + n, "L.", "B.", "w" + n}}});
    if (week == 10) c.translations["be"] = {"Т" + n, "Л.", "Т.", "t" + n};
    ASSERT_TRUE(store_->add_commentary(c).ok());
  }
  auto o = options();
  o.feed_entries = 2;
  make_handler(o);
  EXPECT_EQ(atom("/en/feed.xml", "//a:entry").size(), 2u);
  EXPECT_EQ(atom("/be/feed.xml", "//a:entry/a:id"),
            (std::vector<std::string>{"http://test.example/be/topics/security/2022-W09/",
                                      "http://test.example/be/topics/west/2021-W10/"}));
  o.feed_entries = 1;
  make_handler(o);
  EXPECT_EQ(atom("/be/feed.xml", "//a:entry").size(), 1u);
  o.feed_entries = 1000;
  make_handler(o);
  EXPECT_EQ(atom("/en/feed.xml", "//a:entry").size(), 34u);
  o.feed_entries = 0;
  EXPECT_EQ(make_public_site(*store_, o).code(), ErrorCode::invalid);
}

TEST_P(DiscoveryTest, FeedsFollowContent) {
  EXPECT_EQ(atom("/en/topics/west/feed.xml", "//a:entry").size(), 1u);
  CommentaryFilter all_of_west;
  all_of_west.topic_id = ids_.west;
  all_of_west.published_only = false;
  auto draft = store_->find_commentaries(all_of_west);
  ASSERT_TRUE(draft.ok());
  for (Commentary c : *draft) {
    if (c.status == CommentaryStatus::published) continue;
    c.status = CommentaryStatus::published;
    c.published_at = from_unix(1647194400);
    ASSERT_TRUE(store_->update_commentary(c).ok());
  }
  EXPECT_EQ(atom("/en/topics/west/feed.xml", "//a:entry/a:title").front(),
            "Belarus–West relations, March 7\u2009–\u200913, 2022: The situation got worse. Draft");
  EXPECT_EQ(atom("/en/topics/west/feed.xml", "/a:feed/a:updated").front(), "2022-03-13T18:00:00Z");
}

TEST_P(DiscoveryTest, SitemapsValidateAndListEveryTranslation) {
  auto index = parse_xml(*fetch("/sitemap.xml").body);
  ASSERT_TRUE(index);
  EXPECT_TRUE(valid_against(index.get(), "siteindex.xsd"));
  std::size_t commentaries = 0;
  for (const std::string lang : {"en", "be", "ru"}) {
    auto doc = parse_xml(*fetch("/" + lang + "/sitemap.xml").body);
    ASSERT_TRUE(doc) << lang;
    EXPECT_TRUE(valid_against(doc.get(), "sitemap.xsd")) << lang;
    for (const auto& loc : xpath_texts(doc.get(), "//s:loc", kSitemap)) {
      EXPECT_EQ(loc.rfind("http://test.example/" + lang + "/", 0), 0u) << loc;
      if (loc.find("/topics/") != std::string::npos && loc.size() > 40) ++commentaries;
    }
  }
  EXPECT_EQ(commentaries, 6u);  // security W09 (3), W08 (en), west W09 (en, ru)
}

TEST_P(DiscoveryTest, SitemapsSplitPastTheirLength) {
  auto o = options();
  o.sitemap_urls_per_file = 4;
  make_handler(o);
  auto index = parse_xml(*fetch("/sitemap.xml").body);
  ASSERT_TRUE(index);
  const auto parts = xpath_texts(index.get(), "//s:loc", kSitemap);
  // en: home, dynamics, 2 topics, about, anna, 2 periods, 3 commentaries = 11 URLs -> 3 parts.
  EXPECT_EQ(std::count_if(parts.begin(), parts.end(), [](const std::string& p) { return p.find("/en/") != std::string::npos; }), 3);
  EXPECT_NE(std::find(parts.begin(), parts.end(), "http://test.example/en/sitemap.xml?page=3"), parts.end());
  std::set<std::string> seen;
  for (const std::string target : {"/en/sitemap.xml", "/en/sitemap.xml?page=2", "/en/sitemap.xml?page=3"}) {
    auto r = fetch(target);
    ASSERT_EQ(r.status, 200) << target;
    auto doc = parse_xml(*r.body);
    ASSERT_TRUE(doc);
    EXPECT_TRUE(valid_against(doc.get(), "sitemap.xsd"));
    for (const auto& loc : xpath_texts(doc.get(), "//s:loc", kSitemap)) EXPECT_TRUE(seen.insert(loc).second) << loc;
  }
  EXPECT_EQ(seen.size(), 11u);
  EXPECT_EQ(fetch("/en/sitemap.xml?page=4").status, 404);
  o.sitemap_urls_per_file = 50'001;
  EXPECT_EQ(make_public_site(*store_, o).code(), ErrorCode::invalid);
}

TEST_P(DiscoveryTest, AHeadlineCannotBreakOutOfTheJsonLd) {
  const std::string headline = "</script><script>alert(1)</script><!-- </SCRIPT x";
  Commentary c = make_commentary(ids_.west, "2022-W05", Assessment::worse, 1644170400,
                                 {{"en", {headline, "Lead </script> & <!--", "Body.", "breakout"}}});
  ASSERT_TRUE(store_->add_commentary(c).ok());
  auto r = fetch("/en/topics/west/breakout/");
  ASSERT_EQ(r.status, 200);
  const std::string& page = *r.body;
  const std::string open = "<script type=\"application/ld+json\">";
  const auto start = page.find(open);
  ASSERT_NE(start, std::string::npos);
  const auto end = page.find("</script>", start);
  ASSERT_NE(end, std::string::npos);
  const std::string json_text = page.substr(start + open.size(), end - start - open.size());
  EXPECT_EQ(json_text.find('<'), std::string::npos) << json_text;
  const auto json = nlohmann::json::parse(json_text);
  EXPECT_EQ(json["headline"], headline);
  EXPECT_EQ(json["description"], "Lead </script> & <!--");
  EXPECT_EQ(json["@type"], "NewsArticle");
  // The only <script> of the page is that one: nothing the headline holds became an element.
  EXPECT_EQ(page.find("<script", start + 1), std::string::npos);
  EXPECT_EQ(page.find("<!--"), std::string::npos);
}

BAROMETER_ON_BACKENDS(DiscoveryTest);

}  // namespace
}  // namespace barometer::web::testing_support
