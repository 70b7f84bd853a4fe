// /data/markers.csv and /data/markers.json: parsed back and compared with the store.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "web/dynamics_test_fixture.hpp"
#include "web/routes/dynamics_pages.hpp"

namespace barometer::web {
namespace {

using testing_support::DynamicsSiteTest;

// RFC 4180: records end with CRLF; fields may be quoted, "" inside quotes is one quote.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      EXPECT_TRUE(field.empty() && !was_quoted) << "quote inside an unquoted field at " << i;
      quoted = was_quoted = true;
    } else if (c == ',') {
      row.push_back(field), field.clear(), was_quoted = false;
    } else if (c == '\r') {
      EXPECT_EQ(text[i + 1], '\n') << "bare CR at " << i;
      row.push_back(field), field.clear(), was_quoted = false;
      rows.push_back(row), row.clear();
      ++i;
    } else {
      EXPECT_NE(c, '\n') << "bare LF at " << i;
      field += c;
    }
  }
  EXPECT_FALSE(quoted);
  EXPECT_TRUE(row.empty() && field.empty()) << "last record without CRLF";
  return rows;
}

struct Expected {
  std::string topic, period, start, end, assessment, outlook;
  std::map<std::string, std::pair<std::string, std::string>> translations;  // lang -> title, url
};

// What the open data must say, straight from the store (published only, oldest week first).
std::vector<Expected> expected_rows(Store& store) {
  std::vector<Expected> out;
  CommentaryFilter filter;
  filter.newest_first = false;
  auto rows = store.find_commentaries(filter);
  EXPECT_TRUE(rows.ok());
  auto topics = store.list_topics();
  for (const auto& c : *rows) {
    const Topic* topic = nullptr;
    for (const auto& t : *topics)
      if (t.id == c.topic_id) topic = &t;
    Expected e{topic->slug, c.period.id(), to_iso(c.period.start()), to_iso(c.period.end()),
               std::string(to_string(c.assessment)), std::string(to_string(c.outlook)), {}};
    for (const auto& [lang, tr] : c.translations)
      e.translations[lang] = {tr.title, "http://test.example/" + lang + "/topics/" + topic->slug + "/" + tr.slug + "/"};
    out.push_back(e);
  }
  return out;
}

TEST_P(DynamicsSiteTest, CsvRoundTripsToTheStore) {
  auto r = fetch("/data/markers.csv");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "text/csv; charset=utf-8");
  const auto rows = parse_csv(*r.body);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], (std::vector<std::string>{"topic", "period", "start", "end", "assessment", "outlook", "title_en",
                                               "url_en", "title_be", "url_be", "title_ru", "url_ru"}));
  const auto expected = expected_rows(*store_);
  ASSERT_EQ(rows.size(), expected.size() + 1);
  ASSERT_EQ(expected.size(), 8u);  // 6 security + 2 west published; drafts left out
  const std::vector<std::string> langs = {"en", "be", "ru"};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& row = rows[i + 1];
    const auto& e = expected[i];
    ASSERT_EQ(row.size(), 12u) << i;
    EXPECT_EQ(row[0], e.topic);
    EXPECT_EQ(row[1], e.period);
    EXPECT_EQ(row[2], e.start);
    EXPECT_EQ(row[3], e.end);
    EXPECT_EQ(row[4], e.assessment);
    EXPECT_EQ(row[5], e.outlook);
    for (std::size_t k = 0; k < langs.size(); ++k) {
      auto tr = e.translations.find(langs[k]);
      EXPECT_EQ(row[6 + 2 * k], tr == e.translations.end() ? "" : tr->second.first) << e.period << " " << langs[k];
      EXPECT_EQ(row[7 + 2 * k], tr == e.translations.end() ? "" : tr->second.second) << e.period << " " << langs[k];
    }
  }
  // Quoting was exercised: a title with quotes and one with a comma.
  EXPECT_NE(r.body->find("\"Minsk <b>shields</b> the \"\"Kremlin\"\"\""), std::string::npos);
  EXPECT_NE(r.body->find("\"Talks, at last\""), std::string::npos);
  EXPECT_EQ(rows[1][1], "2022-W01");  // oldest first
}

TEST_P(DynamicsSiteTest, JsonRoundTripsToTheStore) {
  auto r = fetch("/data/markers.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  auto doc = nlohmann::json::parse(*r.body);
  EXPECT_EQ(doc["schema"], "barometer-markers/1");
  EXPECT_EQ(doc["site"], "http://test.example");
  EXPECT_EQ(doc["languages"], nlohmann::json({"en", "be", "ru"}));
  ASSERT_EQ(doc["topics"].size(), 2u);
  EXPECT_EQ(doc["topics"][0]["slug"], "security");
  EXPECT_EQ(doc["topics"][0]["name"]["be"], "Пытанні бяспекі");
  const auto expected = expected_rows(*store_);
  ASSERT_EQ(doc["markers"].size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& m = doc["markers"][i];
    const auto& e = expected[i];
    EXPECT_EQ(m["topic"], e.topic);
    EXPECT_EQ(m["period"], e.period);
    EXPECT_EQ(m["start"], e.start);
    EXPECT_EQ(m["end"], e.end);
    EXPECT_EQ(m["assessment"], e.assessment);
    if (e.outlook.empty()) EXPECT_TRUE(m["outlook"].is_null());
    else EXPECT_EQ(m["outlook"], e.outlook);
    ASSERT_EQ(m["translations"].size(), e.translations.size()) << e.period;
    for (const auto& [lang, tr] : e.translations) {
      EXPECT_EQ(m["translations"][lang]["title"], tr.first);
      EXPECT_EQ(m["translations"][lang]["url"], tr.second);
    }
  }
}

TEST_P(DynamicsSiteTest, OpenDataIsCachedAndHeadWorks) {
  auto first = fetch("/data/markers.json");
  auto second = fetch("/data/markers.json");
  EXPECT_FALSE(second.header("ETag").empty());
  EXPECT_EQ(first.body, second.body);
  Request head = testing_support::get("/data/markers.csv");
  head.method = "HEAD";
  EXPECT_EQ(handler_->handle(head).status, 200);
  Request post = testing_support::get("/data/markers.csv");
  post.method = "POST";
  EXPECT_EQ(handler_->handle(post).status, 405);
  EXPECT_EQ(fetch("/data/markers.xml").status, 404);
}

TEST(CsvField, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(routes::csv_field("plain text"), "plain text");
  EXPECT_EQ(routes::csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(routes::csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(routes::csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(routes::csv_field("cr\r"), "\"cr\r\"");
  EXPECT_EQ(routes::csv_field(""), "");
}

}  // namespace
}  // namespace barometer::web
