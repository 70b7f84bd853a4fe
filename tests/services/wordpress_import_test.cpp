// `barometer import wordpress` as a service, on both backends, over WXR files written here: a
// Polylang site (en/be/ru translation groups), a WPML site, UTF-8 edge cases, serialized meta
// with wrong lengths, duplicates, a truncated file and an entity-expansion attack (nothing
// imported), a re-import that changes nothing, and the redirects' rows
// (docs/decisions/0023-wordpress-import.md).
#include <gtest/gtest.h>

// Posts are written with designated initializers naming only what differs from the defaults.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <fstream>
#include <sstream>

#include "service_fixture.hpp"
#include "services/wordpress/wordpress_import.hpp"

namespace barometer {
namespace {

using wordpress::WordPressImportOptions;
using wordpress::WordPressImportReport;

const char* kHead = R"(<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Belarus monitor</title>
  <link>https://old.example.org</link>
  <language>en-US</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://old.example.org</wp:base_site_url>
  <wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[kazak]]></wp:author_login><wp:author_email>a@x.org</wp:author_email><wp:author_display_name><![CDATA[Andrei Kazakevich]]></wp:author_display_name><wp:author_first_name/><wp:author_last_name/></wp:author>
  <wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>security-issues</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Security issues]]></wp:cat_name></wp:category>
  <wp:tag><wp:term_id>4</wp:term_id><wp:tag_slug>worse</wp:tag_slug><wp:tag_name><![CDATA[The situation got worse]]></wp:tag_name></wp:tag>
)";
const char* kTail = "</channel>\n</rss>\n";

struct Post {
  std::string id;
  std::string title;
  std::string lang;            // Polylang's language category ("" = none)
  std::string group;           // Polylang's post_translations nicename ("" = none)
  std::string date_gmt = "2022-03-06 10:00:00";
  std::string post_date = "2022-03-06 13:00:00";   // local time
  std::string pub_date = "Sun, 06 Mar 2022 10:00:00 +0000";
  std::string status = "publish";
  std::string type = "post";
  std::string content = "<p>Body</p>";
  std::string slug;
  std::vector<std::string> terms = {R"(<category domain="category" nicename="security-issues"><![CDATA[Security issues]]></category>)",
                                    R"(<category domain="post_tag" nicename="worse"><![CDATA[The situation got worse]]></category>)"};
  std::string extra;           // more XML inside the item (postmeta)
};

std::string item(const Post& p) {
  const std::string slug = p.slug.empty() ? "post-" + p.id : p.slug;
  std::string out = "<item>\n<title><![CDATA[" + p.title + "]]></title>\n<link>https://old.example.org/" +
                    (p.lang.empty() ? "" : p.lang + "/") + "2022/03/06/" + slug + "/</link>\n" +
                    "<pubDate>" + p.pub_date + "</pubDate>\n<dc:creator><![CDATA[kazak]]></dc:creator>\n" +
                    "<content:encoded><![CDATA[" + p.content + "]]></content:encoded>\n" +
                    "<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n<wp:post_id>" + p.id + "</wp:post_id>\n" +
                    "<wp:post_date>" + p.post_date + "</wp:post_date>\n<wp:post_date_gmt>" + p.date_gmt + "</wp:post_date_gmt>\n<wp:post_name>" + slug +
                    "</wp:post_name>\n<wp:status>" + p.status + "</wp:status>\n<wp:post_type>" + p.type +
                    "</wp:post_type>\n";
  for (const auto& t : p.terms) out += t + "\n";
  if (!p.lang.empty()) out += "<category domain=\"language\" nicename=\"" + p.lang + "\"><![CDATA[" + p.lang + "]]></category>\n";
  if (!p.group.empty())
    out += "<category domain=\"post_translations\" nicename=\"" + p.group + "\"><![CDATA[" + p.group + "]]></category>\n";
  return out + p.extra + "</item>\n";
}

class WordPressImportTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    Site site;
    site.name = {{"en", "Test"}};
    site.languages = {{"en", "English", "en_GB"}, {"be", "Беларуская", "be_BY"}, {"ru", "Русский", "ru_RU"}};
    ASSERT_TRUE(db_->content().save_site(site).ok());
    Topic security{0, "security", 1, {{"en", {"Security issues", ""}}}};
    auto id = db_->content().add_topic(security);
    ASSERT_TRUE(id.ok()) << id.error().message;
    security_ = *id;
  }

  std::string write(const std::string& name, const std::string& text) {
    const std::string path = dir_.file(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  Result<WordPressImportReport> run(const std::string& path, bool dry_run = false) {
    WordPressImportOptions o;
    o.file = path;
    o.dry_run = dry_run;
    FixedClock clock(kNow);
    return wordpress::import_wordpress(*db_, clock, o);
  }

  // Everything an import may write, as text: equal dumps mean nothing changed.
  std::string dump() {
    std::ostringstream out;
    CommentaryFilter all;
    all.published_only = false;
    auto cs = db_->content().find_commentaries(all);
    EXPECT_TRUE(cs.ok());
    for (const auto& c : cs.ok() ? *cs : std::vector<Commentary>{}) {
      out << "c" << c.id << " " << c.topic_id << " " << c.period.id() << " " << to_string(c.assessment) << " "
          << to_string(c.status) << " a" << c.author_ids.size() << "\n";
      for (const auto& [l, t] : c.translations) out << "  " << l << " " << t.slug << " " << t.title << "|" << t.body << "\n";
    }
    auto pages = db_->content().list_pages();
    for (const auto& p : pages.ok() ? *pages : std::vector<Page>{})
      for (const auto& [l, t] : p.text) out << "p" << p.id << " " << l << " " << t.slug << "\n";
    auto authors = db_->content().list_authors();
    for (const auto& a : authors.ok() ? *authors : std::vector<Author>{}) out << "a " << a.slug << "\n";
    auto n = db_->imports().count_redirects();
    out << "redirects " << (n.ok() ? *n : -1) << "\n";
    return out.str();
  }

  int commentaries() {
    CommentaryFilter all;
    all.published_only = false;
    auto n = db_->content().count_commentaries(all);
    return n.ok() ? *n : -1;
  }

  Id security_ = 0;
};

// Polylang: the posts of a group share a post_translations term whose description is
// array(lang => post_id); the en/be/ru posts become one commentary with three translations.
std::string polylang_site() {
  std::string x = kHead;
  x += R"(<wp:term><wp:term_id>20</wp:term_id><wp:term_taxonomy>post_translations</wp:term_taxonomy><wp:term_slug>pll_1</wp:term_slug><wp:term_name>pll_1</wp:term_name><wp:term_description><![CDATA[a:3:{s:2:"en";i:10;s:2:"be";i:11;s:2:"ru";i:12;}]]></wp:term_description></wp:term>
)";
  x += item({.id = "10", .title = "Minsk will shield the Kremlin", .lang = "en", .group = "pll_1",
             .content = "<p>As Russian hopes <strong>fade</strong>:</p><ul><li>one</li><li>two</li></ul><script>alert(1)</script>",
             .slug = "minsk-will-shield"});
  x += item({.id = "11", .title = "Мінск прыкрые Крэмль", .lang = "be", .group = "pll_1",
             .slug = "%d0%bc%d1%96%d0%bd%d1%81%d0%ba"});
  x += item({.id = "12", .title = "Минск прикроет Кремль", .lang = "ru", .group = "pll_1", .slug = "minsk-prikroet"});
  x += item({.id = "13", .title = "A draft", .lang = "en", .date_gmt = "0000-00-00 00:00:00",
             .post_date = "2022-03-13 12:00:00", .pub_date = "Mon, 30 Nov -0001 00:00:00 +0000", .status = "draft",
             .slug = "a-draft"});
  x += item({.id = "14", .title = "About monitoring", .lang = "en", .type = "page",
             .content = "<h2>Who</h2><p>Analysts [gallery ids=\"1,2\"]</p>", .slug = "about", .terms = {}});
  x += item({.id = "15", .title = "Menu", .type = "nav_menu_item", .terms = {}});
  return x + kTail;
}

TEST_P(WordPressImportTest, PolylangGroupsBecomeOneCommentaryInThreeLanguages) {
  auto report = run(write("pll.xml", polylang_site()));
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->source, "wordpress:https://old.example.org");
  EXPECT_EQ(report->commentaries, 2);  // the group, and the draft (its week from wp:post_date)
  EXPECT_EQ(report->commentary_translations, 2);
  EXPECT_EQ(report->pages, 1);
  EXPECT_EQ(report->authors, 1);
  EXPECT_EQ(report->skipped_why["post type nav_menu_item"], 1);
  EXPECT_EQ(report->mapping["category \"Security issues\""], "topic security");
  EXPECT_EQ(report->mapping["tag \"The situation got worse\""], "assessment worse");

  CommentaryFilter all;
  all.published_only = false;
  all.newest_first = false;
  auto cs = db_->content().find_commentaries(all);
  ASSERT_TRUE(cs.ok());
  ASSERT_EQ(cs->size(), 2u);
  const Commentary* group = nullptr;
  for (const auto& c : *cs)
    if (c.translations.size() == 3) group = &c;
  ASSERT_NE(group, nullptr);
  EXPECT_EQ(group->period.id(), "2022-W09");
  EXPECT_EQ(group->assessment, Assessment::worse);
  EXPECT_EQ(group->status, CommentaryStatus::published);
  EXPECT_EQ(group->author_ids.size(), 1u);
  EXPECT_EQ(group->translations.at("en").slug, "minsk-will-shield");
  EXPECT_EQ(group->translations.at("be").slug, "minsk");  // "мінск", percent-encoded, transliterated
  EXPECT_EQ(group->translations.at("be").title, "Мінск прыкрые Крэмль");
  EXPECT_EQ(group->translations.at("en").body, "As Russian hopes **fade**:\n\n- one\n- two");
  for (const auto& c : *cs)
    if (&c != group) {
      EXPECT_EQ(c.status, CommentaryStatus::draft);  // drafts stay drafts
      EXPECT_EQ(c.period.id(), "2022-W10");
    }

  auto page = db_->content().find_page("en", "about");
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_EQ(page->text.at("en").body, "## Who\n\nAnalysts");
  bool noted_drop = false;
  for (const auto& n : report->notes) noted_drop |= n.find("script") != std::string::npos;
  EXPECT_TRUE(noted_drop);

  auto moved = db_->imports().find_redirect("/en/2022/03/06/minsk-will-shield/");
  ASSERT_TRUE(moved.ok() && *moved);
  EXPECT_EQ(**moved, "/en/topics/security/minsk-will-shield/");
  auto moved_page = db_->imports().find_redirect("/en/2022/03/06/about/");
  ASSERT_TRUE(moved_page.ok() && *moved_page);
  EXPECT_EQ(**moved_page, "/en/about/");

  AuditFilter f;
  f.action_prefix = "site.import";
  auto audit = db_->history().list_audit(f);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_NE(audit->front().detail.find("\"commentaries\":2"), std::string::npos) << audit->front().detail;
}

TEST_P(WordPressImportTest, ImportingTheSameFileTwiceChangesNothing) {
  const std::string path = write("pll.xml", polylang_site());
  ASSERT_TRUE(run(path).ok());
  const std::string before = dump();
  auto again = run(path);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->commentaries + again->commentary_translations + again->pages + again->authors + again->redirects, 0);
  EXPECT_EQ(again->already_imported, 5);
  EXPECT_EQ(dump(), before);
}

TEST_P(WordPressImportTest, ADryRunReportsAndWritesNothing) {
  const std::string before = dump();
  auto report = run(write("pll.xml", polylang_site()), true);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->dry_run);
  EXPECT_EQ(report->commentaries, 2);
  EXPECT_EQ(dump(), before);
}

// WPML: language and group in _wpml_import_* post meta.
TEST_P(WordPressImportTest, WpmlGroupsByTheirImportMeta) {
  auto meta = [](const std::string& lang, const std::string& group, const std::string& source) {
    std::string m = "<wp:postmeta><wp:meta_key>_wpml_import_language_code</wp:meta_key><wp:meta_value><![CDATA[" +
                    lang + "]]></wp:meta_value></wp:postmeta>\n<wp:postmeta><wp:meta_key>_wpml_import_translation_group</wp:meta_key><wp:meta_value><![CDATA[" +
                    group + "]]></wp:meta_value></wp:postmeta>\n";
    if (!source.empty())
      m += "<wp:postmeta><wp:meta_key>_wpml_import_source_language_code</wp:meta_key><wp:meta_value><![CDATA[" + source +
           "]]></wp:meta_value></wp:postmeta>\n";
    return m;
  };
  std::string x = kHead;
  x += item({.id = "30", .title = "Week one", .extra = meta("en", "77", "")});
  x += item({.id = "31", .title = "Тыдзень першы", .slug = "tydzen", .extra = meta("be", "77", "en")});
  x += item({.id = "32", .title = "Неделя первая", .slug = "nedelia", .extra = meta("ru", "77", "en")});
  x += kTail;
  auto report = run(write("wpml.xml", x));
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->commentaries, 1);
  EXPECT_EQ(report->commentary_translations, 2);
  EXPECT_EQ(commentaries(), 1);
}

// Two groups for the same topic and week: the second is reported, not merged, not overwritten.
TEST_P(WordPressImportTest, DuplicatesAreReportedNotMerged) {
  std::string x = kHead;
  x += item({.id = "40", .title = "First"});
  x += item({.id = "41", .title = "Second", .date_gmt = "2022-03-04 09:00:00"});  // same ISO week
  x += kTail;
  auto report = run(write("dup.xml", x));
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->commentaries, 1);
  EXPECT_EQ(report->duplicates, 1);
  bool named = false;
  for (const auto& n : report->notes) named |= n.find("post 41") != std::string::npos && n.find("duplicate") != std::string::npos;
  EXPECT_TRUE(named);
}

// 4-byte characters, right-to-left text, combining marks, and "]]>" inside a body written as two
// CDATA sections: all arrive byte for byte.
TEST_P(WordPressImportTest, Utf8EdgeCasesArriveIntact) {
  const std::string title = "\xF0\x9F\x98\x80 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D e\xCC\x81";  // 😀 שלום é (combining)
  std::string x = kHead;
  Post p{.id = "50", .title = title, .slug = "edge"};
  p.content = "<p>a ]]]]><![CDATA[> b \xF0\x9D\x95\xAB</p>";
  x += item(p);
  x += kTail;
  auto report = run(write("utf8.xml", x));
  ASSERT_TRUE(report.ok()) << report.error().message;
  ASSERT_EQ(report->commentaries, 1);
  CommentaryFilter all;
  all.published_only = false;
  auto cs = db_->content().find_commentaries(all);
  ASSERT_TRUE(cs.ok() && cs->size() == 1u);
  EXPECT_EQ(cs->front().translations.at("en").title, title);
  EXPECT_EQ(cs->front().translations.at("en").body, "a \\]\\]\\> b \xF0\x9D\x95\xAB");
}

// Polylang's serialized group written with wrong lengths (as an XML round trip leaves it).
TEST_P(WordPressImportTest, SerializedGroupsWithWrongLengthsStillGroup) {
  std::string x = kHead;
  x += R"(<wp:term><wp:term_id>21</wp:term_id><wp:term_taxonomy>post_translations</wp:term_taxonomy><wp:term_slug>pll_9</wp:term_slug><wp:term_name>pll_9</wp:term_name><wp:term_description><![CDATA[a:2:{s:5:"en";i:60;s:1:"be";i:61;}]]></wp:term_description></wp:term>
)";
  // The items do not carry the group's category: only the term's description groups them.
  x += item({.id = "60", .title = "English", .lang = "en"});
  x += item({.id = "61", .title = "Беларуская", .lang = "be", .slug = "by"});
  x += kTail;
  auto report = run(write("len.xml", x));
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->commentaries, 1);
  EXPECT_EQ(report->commentary_translations, 1);
}

TEST_P(WordPressImportTest, ATruncatedFileStopsWithLineAndColumnAndImportsNothing) {
  std::string whole = polylang_site();
  const std::string cut = whole.substr(0, whole.find("<wp:post_id>14"));  // inside the page's item
  const std::string before = dump();
  auto report = run(write("cut.xml", cut));
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.code(), ErrorCode::invalid);
  EXPECT_NE(report.error().message.find("cut.xml:"), std::string::npos) << report.error().message;
  EXPECT_EQ(dump(), before);
  EXPECT_EQ(commentaries(), 0);
}

TEST_P(WordPressImportTest, AnEntityExpansionAttackIsRefused) {
  std::string x = R"(<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY x SYSTEM "http://127.0.0.1:9/evil">
]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&f;&x;</title>
)";
  x += kTail;
  auto report = run(write("laughs.xml", x));
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.code(), ErrorCode::invalid);
  EXPECT_NE(report.error().message.find("DOCTYPE"), std::string::npos) << report.error().message;
  EXPECT_EQ(commentaries(), 0);
}

TEST_P(WordPressImportTest, NotAnExportIsAClearError) {
  auto report = run(write("html.xml", "<html><body>hi</body></html>"));
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message.find("not a WordPress export"), std::string::npos) << report.error().message;
  auto missing = run(dir_.file("absent.xml"));
  EXPECT_EQ(missing.code(), ErrorCode::io);
}

TEST_P(WordPressImportTest, AMapFileNamesTopicsAndAssessments) {
  std::string x = kHead;
  Post p{.id = "70", .title = "Mapped"};
  p.terms = {R"(<category domain="category" nicename="bez"><![CDATA[Бяспека]]></category>)",
             R"(<category domain="post_tag" nicename="minus"><![CDATA[Мінус]]></category>)"};
  x += item(p);
  x += kTail;
  auto unmapped = run(write("map.xml", x));
  ASSERT_TRUE(unmapped.ok());
  EXPECT_EQ(unmapped->skipped_why["no category or tag maps to a topic"], 1);
  auto map = wordpress::parse_import_map("[topics]\n\"бяспека\" = \"security\"\n[assessments]\nminus = \"worse\"\n", "map.toml");
  ASSERT_TRUE(map.ok()) << map.error().message;
  WordPressImportOptions o;
  o.file = dir_.file("map.xml");
  o.map = *map;
  FixedClock clock(kNow);
  auto mapped = wordpress::import_wordpress(*db_, clock, o);
  ASSERT_TRUE(mapped.ok()) << mapped.error().message;
  EXPECT_EQ(mapped->commentaries, 1);
  EXPECT_EQ(wordpress::parse_import_map("[assessments]\nx = \"awful\"\n", "m.toml").code(), ErrorCode::invalid);
}

TEST_P(WordPressImportTest, CreateTopicsMakesAnUnmappedCategoryATopic) {
  std::string x = kHead;
  Post p{.id = "80", .title = "Economy week"};
  p.terms = {R"(<category domain="category" nicename="economy"><![CDATA[Economy]]></category>)",
             R"(<category domain="post_tag" nicename="worse"><![CDATA[The situation got worse]]></category>)"};
  x += item(p);
  x += kTail;
  WordPressImportOptions o;
  o.file = write("new.xml", x);
  o.map.create_topics = true;
  FixedClock clock(kNow);
  auto report = wordpress::import_wordpress(*db_, clock, o);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->topics, 1);
  EXPECT_EQ(report->commentaries, 1);
  auto topic = db_->content().find_topic("economy");
  ASSERT_TRUE(topic.ok()) << topic.error().message;
  EXPECT_EQ(topic->text.at("en").name, "Economy");
}

BAROMETER_ON_BACKENDS(WordPressImportTest);

}  // namespace
}  // namespace barometer
