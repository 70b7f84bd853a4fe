// The dynamics page, the topic strip and range, and the home strips, against the hand-built
// fixture in dynamics_test_fixture.hpp: every number on the page is the database's.
#include <gtest/gtest.h>

#include <regex>

#include "i18n/date_format.hpp"
#include "render/svg_well_formed.hpp"
#include "web/dynamics_test_fixture.hpp"
#include "web/page_table.hpp"

namespace barometer::web {
namespace {

using testing_support::DynamicsSiteTest;
using testing_support::html_in;
using testing_support::PageCase;

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }
using testing_support::contains;

int count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// Every <svg ...>...</svg> of a page (no nesting in our pages).
std::vector<std::string> svgs(const std::string& html) {
  std::vector<std::string> out;
  for (std::size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) {
    const std::size_t end = html.find("</svg>", at);
    if (end == std::string::npos) break;
    out.push_back(html.substr(at, end + 6 - at));
  }
  return out;
}

std::string section(const std::string& html, const std::string& from, const std::string& to) {
  const std::size_t a = html.find(from);
  if (a == std::string::npos) return {};
  const std::size_t b = html.find(to, a);
  return html.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

std::string short_range(const char* week) {
  const Period p = *Period::parse(week);
  return format_date_range(p.start(), p.end(), "en", DateStyle::short_);
}

TEST_P(DynamicsSiteTest, EverySvgOnThePagesIsWellFormedXml) {
  for (const char* target : {"/en/dynamics/", "/be/dynamics/?range=all", "/ru/dynamics/?range=3y&topic=west",
                             "/en/topics/security/", "/ru/topics/security/?range=all", "/en/"}) {
    auto r = fetch(target);
    ASSERT_EQ(r.status, 200) << target;
    for (const auto& svg : svgs(*r.body)) EXPECT_EQ(barometer::testing::xml_well_formed(svg), "") << target << "\n" << svg;
    EXPECT_EQ(r.body->find("style="), std::string::npos) << target;  // the CSP forbids inline styles
    EXPECT_EQ(r.body->find("<script"), std::string::npos) << target;
  }
  EXPECT_EQ(svgs(*fetch("/en/dynamics/").body).size(), 2u + 2u + 2u);  // chart, matrix, legend swatches (2 topics + 2 flags)
}

TEST_P(DynamicsSiteTest, SummaryCountsRunsAndIndexMatchTheDatabase) {
  auto r = fetch("/en/dynamics/");
  ASSERT_EQ(r.status, 200) << *r.body;
  // Last year: 52 weeks ending at 2022-W09, the latest published week.
  const std::string summary = section(*r.body, "id=\"summary-caption\"", "</table>");
  const std::string security = section(summary, ">Security issues</a>", "</tr>");
  // better, worse, unchanged, no commentary (the draft of W07 is a gap for readers).
  EXPECT_TRUE(contains(security, "<td class=\"num\">1</td><td class=\"num\">4</td><td class=\"num\">1</td><td class=\"num\">46</td>"))
      << security;
  const Period w02 = *Period::parse("2022-W02"), w04 = *Period::parse("2022-W04");
  EXPECT_TRUE(contains(security, "3 weeks: " + format_date_range(w02.start(), w04.end(), "en", DateStyle::short_))) << security;
  EXPECT_TRUE(contains(security, "1 week: " + short_range("2022-W08"))) << security;  // longest improvement
  EXPECT_TRUE(contains(security, "worse this week")) << security;                    // current run
  const std::string west = section(summary, ">Belarus–West relations</a>", "</tr>");
  EXPECT_TRUE(contains(west, "<td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">1</td><td class=\"num\">50</td>")) << west;
  EXPECT_TRUE(contains(west, "<td>None</td>")) << west;  // never worse
  EXPECT_TRUE(contains(west, "unchanged this week")) << west;

  // Index chart: end labels carry the final index (security: -3, west: +1).
  EXPECT_TRUE(contains(r, "Security issues (\xE2\x88\x92" "3)</text>")) << *r.body;
  EXPECT_TRUE(contains(r, "Belarus–West relations (+1)</text>"));
  EXPECT_EQ(count(section(*r.body, "<svg class=\"chart\"", "</svg>"), "chart__flag--risk\" d="), 1);  // 2022-W09

  // Matrix: one shape per (topic, week): 2 x 52 cells.
  const std::string matrix = section(*r.body, "<svg class=\"matrix\"", "</svg>");
  EXPECT_EQ(count(matrix, "matrix__cell--worse"), 4);
  EXPECT_EQ(count(matrix, "matrix__cell--better"), 2);
  EXPECT_EQ(count(matrix, "matrix__cell--unchanged"), 2);
  EXPECT_EQ(count(matrix, "matrix__cell--none"), 104 - 8);

  // By year: 2022 (W01..W09 of the range) and 2021 (W10..W52).
  const std::string years = section(*r.body, "id=\"years-caption\"", "</table>");
  EXPECT_TRUE(contains(years, "<th scope=\"rowgroup\" rowspan=\"2\">2022</th><th scope=\"row\">Security issues</th><td class=\"num\">1</td><td class=\"num\">4</td><td class=\"num\">1</td><td class=\"num\">3</td>"))
      << years;
  EXPECT_TRUE(contains(years, "<th scope=\"row\">Belarus–West relations</th><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">43</td>"))
      << years;

  // The weekly table (text alternative): 52 rows, newest first, each with every topic.
  const std::string weeks = section(*r.body, "id=\"weeks-caption\"", "</table>");
  EXPECT_EQ(count(weeks, "<th scope=\"row\">"), 52);
  EXPECT_LT(weeks.find(short_range("2022-W09")), weeks.find(short_range("2022-W08")));
  EXPECT_TRUE(contains(weeks, "▼</span> Worse (Risk: a deterioration is likely soon), index \xE2\x88\x92" "3</td>")) << weeks;
  EXPECT_TRUE(contains(*r.body, "href=\"/data/markers.csv\""));
  EXPECT_TRUE(contains(*r.body, "href=\"/data/markers.json\""));
}

TEST_P(DynamicsSiteTest, IndexLineFollowsTheCumulativeSum) {
  auto r = fetch("/en/dynamics/?range=all&topic=security");
  ASSERT_EQ(r.status, 200);
  // All weeks: 2022-W01 (the first published) .. 2022-W09 = 9 points.
  const std::string chart = section(*r.body, "<svg class=\"chart\"", "</svg>");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(chart, m, std::regex("chart__line chart__line--1\" d=\"([^\"]*)\"")));
  std::vector<double> ys;
  const std::string d = m[1];
  std::regex point("[ML](-?[0-9.]+) (-?[0-9.]+)");
  for (auto p = std::sregex_iterator(d.begin(), d.end(), point); p != std::sregex_iterator(); ++p) ys.push_back(std::stod((*p)[2]));
  ASSERT_EQ(ys.size(), 9u);
  // Expected index: W01 0, W02 -1, W03 -2, W04 -3, W05 -3, W06 -3, W07 -3 (draft), W08 -2, W09 -3.
  const std::vector<int> index = {0, -1, -2, -3, -3, -3, -3, -2, -3};
  for (std::size_t i = 1; i < ys.size(); ++i) {
    if (index[i] == index[i - 1]) {
      EXPECT_DOUBLE_EQ(ys[i], ys[i - 1]) << i;
    } else if (index[i] < index[i - 1]) {
      EXPECT_GT(ys[i], ys[i - 1]) << i;  // SVG y grows downwards
    } else {
      EXPECT_LT(ys[i], ys[i - 1]) << i;
    }
  }
  EXPECT_FALSE(contains(chart, "Belarus–West relations ("));  // only the chosen topic is drawn
  EXPECT_EQ(count(section(*r.body, "<svg class=\"matrix\"", "</svg>"), "class=\"matrix__cell "), 18);  // both topics, 9 weeks
  EXPECT_TRUE(contains(r, "<input type=\"checkbox\" name=\"topic\" value=\"security\" checked>"));
  EXPECT_TRUE(contains(r, "<input type=\"checkbox\" name=\"topic\" value=\"west\">"));
  EXPECT_TRUE(contains(r, "<input type=\"radio\" name=\"range\" value=\"all\" checked>"));
  EXPECT_TRUE(contains(r, "rel=\"canonical\" href=\"http://test.example/en/dynamics/?range=all&amp;topic=security\""));
}

TEST_P(DynamicsSiteTest, TopicPageStripHasGapsLabelsAndASelectableRange) {
  auto r = fetch("/en/topics/security/?range=all");
  ASSERT_EQ(r.status, 200) << *r.body;
  const std::string strip = section(*r.body, "<ol class=\"strip__cells\"", "</ol>");
  EXPECT_EQ(count(strip, "<li>"), 9);
  EXPECT_EQ(count(strip, "strip__cell--none"), 3);  // W01 (west only), W05, W07 (draft)
  EXPECT_TRUE(contains(strip, "title=\"Security issues, " + short_range("2022-W09") +
                                  ": the situation got worse. Risk: a deterioration is likely soon\""))
      << strip;
  EXPECT_TRUE(contains(strip, "Security issues, " + short_range("2022-W05") + ": no commentary published"));
  EXPECT_TRUE(contains(strip, "href=\"/en/topics/security/c-2022-w03/\""));  // the commentary's own URL
  EXPECT_FALSE(contains(strip, "/2022-W03/")) << strip;
  EXPECT_TRUE(contains(r, "The last 9 weeks"));
  EXPECT_TRUE(contains(r, "<span class=\"range-nav__current\" aria-current=\"page\">All weeks</span>"));
  EXPECT_TRUE(contains(r, "<a href=\"/en/topics/security/?range=3y\">Last three years</a>"));

  auto year = fetch("/en/topics/security/");
  ASSERT_EQ(year.status, 200);
  EXPECT_EQ(count(section(*year.body, "<ol class=\"strip__cells\"", "</ol>"), "<li>"), 52);
  auto ru = fetch("/ru/topics/security/?range=3y");
  ASSERT_EQ(ru.status, 200);
  EXPECT_TRUE(contains(ru, "Вопросы безопасности, " + format_date_range(Period::parse("2022-W09")->start(),
                                                                          Period::parse("2022-W09")->end(), "ru_RU",
                                                                          DateStyle::short_) +
                               ": ситуация ухудшилась"));
}

TEST_P(DynamicsSiteTest, HomeStripsShowTwelveWeeksWithGapsFromOneQuery) {
  auto r = fetch("/en/");
  ASSERT_EQ(r.status, 200);
  const std::string card = section(*r.body, "id=\"topic-security\"", "</article>");
  const std::string strip = section(card, "<ol class=\"strip__cells\"", "</ol>");
  EXPECT_EQ(count(strip, "<li>"), 12);
  EXPECT_EQ(count(strip, "strip__cell--none"), 6);  // 2021-W50..W52, 2022-W01, W05, W07
  EXPECT_EQ(count(strip, "strip__cell marker--worse"), 4);
  const std::string west = section(section(*r.body, "id=\"topic-west\"", "</article>"), "<ol", "</ol>");
  EXPECT_EQ(count(west, "strip__cell--none"), 10);
}

// The dynamics page and the open data, one row per request (page_table.hpp).
std::vector<PageCase> dynamics_rows() {
  std::vector<PageCase> rows = {
      {.name = "en_dynamics", .target = "/en/dynamics/", .expect = html_in("en"),
       .has = {"<a href=\"/en/dynamics/\" aria-current=\"page\">Dynamics</a>"}},
      {.name = "be_dynamics", .target = "/be/dynamics/?range=all", .expect = html_in("be"),
       .has = {"<a href=\"/be/dynamics/\" aria-current=\"page\">Дынаміка</a>"}},
      {.name = "ru_dynamics", .target = "/ru/dynamics/", .expect = html_in("ru"),
       .has = {"<a href=\"/ru/dynamics/\" aria-current=\"page\">Динамика</a>"}},
      {.name = "repeated_topic", .target = "/en/dynamics/?range=3y&topic=west&topic=west"},
      {.name = "unknown_language", .target = "/xx/dynamics/", .status = 404},
      {.name = "without_slash", .target = "/en/dynamics", .status = 301, .expect = {{"Location", "/en/dynamics/"}}},
      {.name = "markers_csv", .target = "/data/markers.csv", .has = {"topic,period,start,end,assessment"}},
      {.name = "markers_json", .target = "/data/markers.json", .has = {"\"security\""}},
      {.name = "markers_xml", .target = "/data/markers.xml", .status = 404},
  };
  // Bad query values: a 400 page.
  const std::pair<const char*, const char*> bad[] = {
      {"empty_range", "/en/dynamics/?range="},
      {"unknown_range", "/en/dynamics/?range=2y"},
      {"two_ranges", "/en/dynamics/?range=1y&range=3y"},
      {"unknown_topic", "/en/dynamics/?topic=nope"},
      {"empty_topic", "/en/dynamics/?topic="},
      {"unknown_parameter", "/en/dynamics/?utm=1"},
      {"garbled_range", "/en/dynamics/?range=%zz"},
      {"markup_topic", "/en/dynamics/?topic=%3Cscript%3E"},
      {"topic_page_unknown_range", "/en/topics/security/?range=10y"},
      {"topic_page_uppercase_range", "/en/topics/security/?range=ALL"},
      {"markers_with_query", "/data/markers.csv?x=1"}};
  for (const auto& [name, target] : bad)
    rows.push_back({.name = std::string("bad_") + name, .target = target, .status = 400,
                    .expect = {{"Content-Type", "text/html; charset=utf-8"}}, .lacks = {"<script>"}});
  return rows;
}

class DynamicsRows : public testing_support::PageTable {};
TEST_P(DynamicsRows, Answers) { run_row(shared_site("dynamics", testing_support::seed_dynamics_site)); }
BAROMETER_ROWS_ON_BACKENDS(DynamicsRows, dynamics_rows());

TEST_P(DynamicsSiteTest, DynamicsPageIsCachedAndChangesOnPublish) {
  auto first = fetch("/en/dynamics/");
  auto second = fetch("/en/dynamics/");
  EXPECT_FALSE(second.header("ETag").empty());
  EXPECT_EQ(first.body, second.body);  // the same shared bytes: a cache hit
  add(ids_.west, "2022-W08", Assessment::worse, CommentaryStatus::published, "Sudden chill");
  auto third = fetch("/en/dynamics/");
  EXPECT_NE(*third.body, *second.body);
  EXPECT_TRUE(contains(third, "Belarus–West relations (0)</text>"));
}

TEST_P(DynamicsSiteTest, EmptySiteShowsAnEmptyDynamicsPage) {
  // A second store with only a site: nothing published yet.
  barometer::testing::TempDir dir;
  testing::BackendDatabase empty(GetParam(), dir, "empty.db");
  auto opened = empty.open_store();
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Site site;
  site.name = {{"en", "Empty"}};
  site.subject = {{"en", "Nowhere"}};
  site.base_url = "http://empty.example";
  site.languages = {{"en", "English", "en"}};
  ASSERT_TRUE((*opened)->save_site(site).ok());
  auto handler = make_public_site(**opened, options());
  ASSERT_TRUE(handler.ok());
  auto r = (*handler)->handle(testing_support::get("/en/dynamics/"));
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r, "Nothing has been published yet."));
  auto csv = (*handler)->handle(testing_support::get("/data/markers.csv"));
  EXPECT_EQ(*csv.body, "topic,period,start,end,assessment,outlook,title_en,url_en\r\n");
}

// The one instantiation of DynamicsSiteTest (its tests are in this file and dynamics_open_data_test.cpp).
BAROMETER_ON_BACKENDS(DynamicsSiteTest);

}  // namespace
}  // namespace barometer::web
