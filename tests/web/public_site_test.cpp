// The public site, one row per request (page_table.hpp), on both backends; below the table, the
// tests that need another shape (a fingerprinted URL, a store write, bad options).
#include <gtest/gtest.h>

#include "web/page_table.hpp"
#include "web/public_site_fixture.hpp"

namespace barometer::web {
namespace {

using testing_support::contains;
using testing_support::html_in;
using testing_support::PageCase;
using testing_support::PublicSiteTest;

const std::vector<Header> kHtmlEn = html_in("en"), kHtmlBe = html_in("be"), kHtmlRu = html_in("ru");
const std::string kNotFoundBe = "Старонка не знойдзена";
const std::string kEscapedTitle = "Minsk &lt;b&gt;shields&lt;/b&gt; the &quot;Kremlin&quot;";

// A 404 in Belarusian for `target`.
PageCase missing_be(std::string name, std::string target) {
  return {.name = std::move(name), .target = std::move(target), .status = 404, .expect = kHtmlBe,
          .has = {"<html lang=\"be\"", kNotFoundBe}};
}
// A bare status for `target` (bad input that needs no more than its status).
PageCase answers(std::string name, std::string target, int status) {
  return {.name = std::move(name), .target = std::move(target), .status = status};
}

std::vector<PageCase> public_site_rows() {
  std::vector<PageCase> rows = {
      // "/" redirects by Accept-Language, else to the default language.
      {.name = "root_ru", .target = "/", .headers = {{"Accept-Language", "ru-RU,ru;q=0.9,en;q=0.5"}}, .status = 302,
       .expect = {{"Location", "/ru/"}, {"Vary", "Accept-Language"}, {"Cache-Control", "private, max-age=0"}}},
      {.name = "root_unknown_language", .target = "/", .headers = {{"Accept-Language", "de"}}, .status = 302,
       .expect = {{"Location", "/en/"}}},
      {.name = "root_no_accept_language", .target = "/", .status = 302, .expect = {{"Location", "/en/"}}},
      {.name = "root_be_by_weight", .target = "/", .headers = {{"Accept-Language", "be;q=1, en;q=0.2"}}, .status = 302,
       .expect = {{"Location", "/be/"}}},
      {.name = "root_garbled_accept_language", .target = "/", .headers = {{"Accept-Language", "<b>;q=zz,,;"}},
       .status = 302, .expect = {{"Location", "/en/"}}},

      // Home: situation, period, cards, strip, subscribe form; drafts never shown; titles escaped.
      {.name = "en_home", .target = "/en/",
       .expect = {{"Content-Type", "text/html; charset=utf-8"}, {"Content-Language", "en"},
                  {"Cache-Control", "public, max-age=60"}},
       .has = {"<html lang=\"en\"", "Situation in Belarus", "February 28\u2009–\u2009March 6, 2022",
               "The situation got worse", "The situation has not changed",
               "href=\"/en/topics/security/minsk-shields/\"", "href=\"/en/2022-W09/\"",
               "href=\"/en/topics/security/calm-week/\"",  // strip cell: straight to the commentary
               "title=\"Security issues, Feb 21\u2009–\u200927, 2022: the situation improved\"",
               "action=\"/subscribe\"", "<label for=\"subscribe-email\">", kEscapedTitle,
               "<a href=\"/en/dynamics/\">Dynamics</a>"},
       .lacks = {"Draft", "<b>shields", "href=\"/en/topics/security/2022-W08/\""}},
      // The strip of a reader of Russian links the English page of a week without a Russian text.
      {.name = "ru_home_strip_falls_back", .target = "/ru/", .has = {"href=\"/en/topics/security/calm-week/\""}},
      {.name = "be_home", .target = "/be/", .expect = kHtmlBe,
       .has = {"<html lang=\"be\"", "Сітуацыя ў Беларусі", "28 лютага – 6 сакавіка 2022", "Сітуацыя пагоршылася",
               "<a href=\"/be/dynamics/\">Дынаміка</a>"}},
      {.name = "ru_home", .target = "/ru/", .expect = kHtmlRu,
       .has = {"<html lang=\"ru\"", "Ситуация в Беларуси", "Ситуация ухудшилась"}},
      {.name = "en_home_head", .target = "/en/", .expect = kHtmlEn, .method = "HEAD"},
      {.name = "en_home_post", .target = "/en/", .status = 405, .expect = {{"Allow", "GET, HEAD"}}, .method = "POST"},
      {.name = "en_home_delete", .target = "/en/", .status = 405, .expect = {{"Allow", "GET, HEAD"}}, .method = "DELETE"},

      // A commentary: head links, hreflang, switcher (slugs differ per language), nav.
      {.name = "be_commentary", .target = "/be/topics/security/minsk-prykryvae/", .expect = kHtmlBe,
       .has = {"<title>Мінск прыкрывае Крэмль — Тэставы манітор</title>",
               "<meta name=\"description\" content=\"Рэжым дыстанцуецца.\">",
               "<link rel=\"canonical\" href=\"http://test.example/be/topics/security/minsk-prykryvae/\">",
               "hreflang=\"en\" href=\"http://test.example/en/topics/security/minsk-shields/\"",
               "hreflang=\"ru\" href=\"http://test.example/ru/topics/security/minsk-prikryvaet/\"",
               "hreflang=\"x-default\" href=\"http://test.example/en/topics/security/minsk-shields/\"",
               "<a href=\"/ru/topics/security/minsk-prikryvaet/\" hreflang=\"ru\" lang=\"ru\">Русский</a>",
               "href=\"/be/topics/west/\"", "href=\"/be/pra-manitorynh/\""}},
      {.name = "en_commentary", .target = "/en/topics/security/minsk-shields/", .expect = kHtmlEn,
       .has = {"<h1 class=\"commentary__title\">" + kEscapedTitle + "</h1>",
               "href=\"/en/2022-W09/\">February 28\u2009–\u2009March 6, 2022</a>",
               "href=\"/en/topics/security/\">Security issues</a>", "marker--worse", "The situation got worse",
               "Risk: a deterioration is likely soon", "<a href=\"/en/authors/anna/\">Anna Analyst</a>",
               "<em>text</em>", "<time datetime=\"2022-03-01\">March 1, 2022</time> Troops moved.",
               "href=\"https://news.example/a\" rel=\"nofollow noopener\"",
               "href=\"/en/topics/security/calm-week/\"",   // earlier in the topic
               "href=\"/en/topics/west/sanctions-hold/\"",  // the same period
               "hreflang=\"be\" lang=\"be\">Беларуская: Мінск прыкрывае Крэмль</a>"},
       // Markdown's raw HTML and javascript: links are inert (the page's one script element is
       // the JSON-LD data block, <script type="application/ld+json">: docs/decisions/0018)
       .lacks = {"<script>", "onerror", "javascript:"}},
      {.name = "ru_commentary", .target = "/ru/topics/security/minsk-prikryvaet/", .expect = kHtmlRu,
       .has = {"1 марта 2022", "Войска двинулись."}},
      // Without a Belarusian translation the switcher falls back to the Belarusian home.
      {.name = "en_commentary_without_be", .target = "/en/topics/west/sanctions-hold/",
       .has = {"<a href=\"/be/\" hreflang=\"be\" lang=\"be\">Беларуская</a>",
               "<a href=\"/ru/topics/west/sankcii-v-sile/\" hreflang=\"ru\""},
       .lacks = {"hreflang=\"be\" href="}},
      // A commentary's slug belongs to its language.
      {.name = "en_commentary_with_be_slug", .target = "/en/topics/security/minsk-prykryvae/", .status = 404,
       .expect = kHtmlEn},
      // A topic's week: /{lang}/topics/{topic}/{week}/ (what strip cells linked before issue 15;
      // old links keep working) redirects to that week's commentary, in this language or else the
      // first language that has it.
      {.name = "en_topic_week", .target = "/en/topics/security/2022-W08/", .status = 302,
       .expect = {{"Location", "/en/topics/security/calm-week/"}, {"Cache-Control", "public, max-age=60"}}},
      {.name = "ru_topic_week_in_english_only", .target = "/ru/topics/security/2022-W08/", .status = 302,
       .expect = {{"Location", "/en/topics/security/calm-week/"}}},
      {.name = "en_topic_week_without_commentary", .target = "/en/topics/security/2022-W05/", .status = 404},
      {.name = "en_topic_week_draft_only", .target = "/en/topics/west/2022-W10/", .status = 404},

      // A period: its topics, previous / next (W10 has only a draft).
      {.name = "ru_period", .target = "/ru/2022-W09/", .expect = kHtmlRu,
       .has = {"28 февраля – 6 марта 2022", "href=\"/ru/2022-W08/\" rel=\"prev\"", "Санкции в силе"},
       .lacks = {"rel=\"next\""}},
      {.name = "be_period", .target = "/be/2022-W09/", .expect = kHtmlBe, .has = {"28 лютага – 6 сакавіка 2022"}},
      {.name = "en_period_w08", .target = "/en/2022-W08/", .expect = kHtmlEn,
       .has = {"href=\"/en/2022-W09/\" rel=\"next\""}},
      // The security commentary of W08 exists only in English: ru says so.
      {.name = "ru_period_w08", .target = "/ru/2022-W08/", .has = {"Этого комментария пока нет на русском"}},
      answers("en_period_draft_only", "/en/2022-W10/", 404),
      answers("en_period_week_54", "/en/2022-W54/", 404),
      answers("en_period_week_0", "/en/2022-W00/", 404),
      answers("en_period_2021_has_no_week_53", "/en/2021-W53/", 404),
      answers("en_period_one_digit_week", "/en/2022-W9/", 404),
      answers("en_period_three_digit_week", "/en/2022-W009/", 404),
      answers("en_period_lowercase_w", "/en/2022-w09/", 404),
      answers("en_period_no_week", "/en/2022-W/", 404),
      answers("en_period_huge_year", "/en/99999999999-W01/", 404),

      // A topic's archive, paginated (one commentary a page), newest first.
      {.name = "en_topic", .target = "/en/topics/security/", .expect = kHtmlEn,
       .has = {"Army, police and borders.", "2 commentaries", "Page 1 of 2", "minsk-shields",
               "<link rel=\"next\" href=\"/en/topics/security/?page=2\">"}},
      answers("en_topic_page_1", "/en/topics/security/?page=1", 200),
      {.name = "en_topic_page_2", .target = "/en/topics/security/?page=2",
       .has = {"calm-week", "<link rel=\"prev\" href=\"/en/topics/security/\">",
               "hreflang=\"ru\" href=\"http://test.example/ru/topics/security/?page=2\""}},
      answers("en_topic_page_3", "/en/topics/security/?page=3", 404),
      answers("en_topic_page_1000", "/en/topics/security/?page=1000", 404),
      {.name = "ru_topic", .target = "/ru/topics/security/", .expect = kHtmlRu, .has = {"2 комментария"}},
      {.name = "be_topic", .target = "/be/topics/security/", .expect = kHtmlBe, .has = {"Армія, міліцыя і межы."}},
      {.name = "en_topic_without_slash", .target = "/en/topics/security?page=2", .status = 301,
       .expect = {{"Location", "/en/topics/security/?page=2"}, {"Cache-Control", "public, max-age=3600"}}},
      // No open redirect: a backslash host ("/\host" + "/") would be read as "//host/" by browsers.
      answers("backslash_host_without_slash", "/\\3232235777", 404),
      answers("backslash_host_deeper_without_slash", "/\\evil/topics/security", 404),

      // An author and their commentaries.
      {.name = "be_author", .target = "/be/authors/anna/", .expect = kHtmlBe,
       .has = {"Ганна Аналітык", "Піша пра бяспеку.", "2 каментары", "href=\"/be/topics/security/minsk-prykryvae/\""}},
      {.name = "en_author", .target = "/en/authors/anna/", .expect = kHtmlEn, .has = {"Anna Analyst"}},
      {.name = "ru_author", .target = "/ru/authors/anna/", .expect = kHtmlRu, .has = {"Анна Аналитик"}},
      answers("be_author_page_2", "/be/authors/anna/?page=2", 200),
      answers("be_author_page_3", "/be/authors/anna/?page=3", 404),
      answers("be_author_bad_page", "/be/authors/anna/?page=x", 400),

      // Static pages: one slug per language.
      {.name = "ru_static_page", .target = "/ru/o-monitoringe/", .expect = kHtmlRu,
       .has = {"<h1 class=\"page-head__title\">О мониторинге</h1>",
               "hreflang=\"en\" href=\"http://test.example/en/about/\""}},
      {.name = "en_static_page", .target = "/en/about/", .expect = kHtmlEn, .has = {"<strong>monitor</strong>"}},
      {.name = "be_static_page", .target = "/be/pra-manitorynh/", .expect = kHtmlBe, .has = {"Пра маніторынг"}},
      answers("en_static_page_with_ru_slug", "/en/o-monitoringe/", 404),

      // Not found: localized by the path's language, else by Accept-Language.
      missing_be("be_unknown_page", "/be/nothing/"),
      missing_be("be_unknown_topic", "/be/topics/nothing/"),
      missing_be("be_unknown_commentary", "/be/topics/security/nothing/"),
      missing_be("be_unknown_author", "/be/authors/nobody/"),
      missing_be("be_topics_index", "/be/topics/"),
      missing_be("be_too_deep", "/be/a/b/c/d/"),
      {.name = "unknown_language", .target = "/de/", .headers = {{"Accept-Language", "ru"}}, .status = 404,
       .expect = kHtmlRu, .has = {"<html lang=\"ru\""}},
      {.name = "unknown_language_topic", .target = "/xx/topics/security/", .status = 404, .expect = kHtmlEn},
      {.name = "file_name_gets_no_slash", .target = "/nowhere.php", .headers = {{"Accept-Language", "be"}},
       .status = 404, .expect = kHtmlBe, .has = {"<html lang=\"be\""}},
      {.name = "over_long_segment", .target = "/en/" + std::string(10000, 'a') + "/", .status = 404, .expect = kHtmlEn},
      {.name = "over_long_query", .target = "/en/topics/security/?page=" + std::string(10000, '9'), .status = 400},

      // Bad requests: a clear localized 400, never markup from the request.
      {.name = "ru_percent_garbled_topic", .target = "/ru/topics/%zz/", .status = 400, .expect = kHtmlRu,
       .has = {"<html lang=\"ru\"", "Неверный запрос"}},
      answers("lone_percent", "/en/%", 400),
      answers("percent_garbled_query", "/en/topics/security/?q=%E0%A4%A", 400),
      answers("encoded_nul_in_path", "/en/%00/", 400),
      {.name = "markup_in_path", .target = "/en/%3Cscript%3Ealert(1)%3C/script%3E/", .status = 404,
       .lacks = {"<script", "alert(1)"}},
      {.name = "markup_in_query", .target = "/en/topics/security/?page=%3Cscript%3Ealert(1)%3C/script%3E",
       .status = 400, .lacks = {"<script", "alert(1)"}},
      {.name = "markup_in_accept_language", .target = "/nothing/", .headers = {{"Accept-Language", "<script>x"}},
       .status = 404, .lacks = {"<script"}},

      // Machines.
      {.name = "healthz", .target = "/healthz", .body = "ok\n"},
      {.name = "robots", .target = "/robots.txt", .expect = {{"Content-Type", "text/plain; charset=utf-8"}},
       .has = {"User-agent: *"}},
      // Not configured (no security_contact): a 404, not a file without a Contact.
      {.name = "security_txt_without_contact", .target = "/.well-known/security.txt", .status = 404},
      {.name = "stylesheet_without_fingerprint", .target = "/static/style.css",
       .expect = {{"Content-Type", "text/css; charset=utf-8"}, {"Cache-Control", "public, max-age=300"}}},
  };
  // Bad page numbers are 400s.
  const std::pair<const char*, const char*> bad_pages[] = {
      {"zero", "0"}, {"negative", "-1"}, {"letters", "abc"}, {"huge", "99999999999999999999"}, {"empty", ""},
      {"fraction", "1.5"}, {"plus", "+1"}, {"garbled", "%zz"}};
  for (const auto& [name, page] : bad_pages)
    rows.push_back(answers(std::string("en_topic_bad_page_") + name, std::string("/en/topics/security/?page=") + page, 400));
  // Static files: only what the theme has, never a step outside it.
  const std::pair<const char*, const char*> escapes[] = {
      {"dot_dot", "/static/../CMakeLists.txt"},
      {"encoded_dot_dot", "/static/%2e%2e/locales/en.toml"},
      {"encoded_slash", "/static/..%2flocales%2fen.toml"},
      {"upper_encoded", "/static/%2E%2E%2F%2E%2E%2FCMakeLists.txt"},
      {"dot", "/static/./style.css"},
      {"double_slash", "/static//style.css"},
      {"backslashes", "/static/..\\locales\\en.toml"},
      {"missing_file", "/static/nothing.css"},
      {"absolute", "/static/%2fetc%2fpasswd"}};
  for (const auto& [name, path] : escapes) rows.push_back(answers(std::string("static_") + name, path, 404));
  return rows;
}

class PublicSiteRows : public testing_support::PageTable {};
TEST_P(PublicSiteRows, Answers) { run_row(shared_site("public", testing_support::seed_public_site)); }
BAROMETER_ROWS_ON_BACKENDS(PublicSiteRows, public_site_rows());

TEST_P(PublicSiteTest, FingerprintedStylesheetIsImmutable) {
  auto home = fetch("/en/");
  const auto css_at = home.body->find("/static/style.css?v=");
  ASSERT_NE(css_at, std::string::npos);
  const std::string css_url = home.body->substr(css_at, home.body->find('"', css_at) - css_at);
  auto css = fetch(css_url);
  ASSERT_EQ(css.status, 200);
  EXPECT_EQ(css.header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(css.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_TRUE(contains(css, "--worse"));
}

TEST_P(PublicSiteTest, CacheHitsAndStoreWritesInvalidate) {
  auto first = fetch("/en/topics/west/");
  ASSERT_EQ(first.status, 200);
  auto second = fetch("/en/topics/west/");
  EXPECT_EQ(second.body.get(), first.body.get());  // the same cached bytes
  EXPECT_FALSE(second.header("ETag").empty());

  auto topic = store_->find_topic("west");
  ASSERT_TRUE(topic.ok());
  topic->text["en"].description = "Rewritten description.";
  ASSERT_TRUE(store_->update_topic(*topic).ok());
  auto third = fetch("/en/topics/west/");
  EXPECT_NE(third.body.get(), first.body.get());
  EXPECT_TRUE(contains(third, "Rewritten description."));
  EXPECT_FALSE(contains(third, "Diplomacy and sanctions."));
}

// Old period-addressed links answer from the page cache like any page: the first request renders
// (a store), the next ones are hits with the same Location; a retitled commentary's new slug
// shows at once (the content version moved). Random weeks (404) are never stored.
TEST_P(PublicSiteTest, PeriodAddressedRedirectIsCached) {
  auto o = options();
  o.cache = std::make_shared<PageCache>();
  make_handler(o);
  auto first = fetch("/en/topics/security/2022-W08/");
  ASSERT_EQ(first.status, 302);
  EXPECT_EQ(first.header("Location"), "/en/topics/security/calm-week/");
  EXPECT_EQ(first.header("Cache-Control"), "public, max-age=60");
  EXPECT_TRUE(first.header("ETag").empty());
  const PageCacheStats after_first = o.cache->stats();
  EXPECT_EQ(after_first.stores, 1u);

  auto second = fetch("/en/topics/security/2022-W08/");
  EXPECT_EQ(second.status, 302);
  EXPECT_EQ(second.header("Location"), "/en/topics/security/calm-week/");
  EXPECT_EQ(o.cache->stats().stores, 1u);  // not rendered again
  EXPECT_EQ(o.cache->stats().hits, after_first.hits + 1);

  ASSERT_EQ(fetch("/en/topics/security/2022-W05/").status, 404);
  ASSERT_EQ(fetch("/en/topics/security/2022-W05/").status, 404);
  EXPECT_EQ(o.cache->stats().stores, 1u);

  CommentaryFilter week;
  week.period = Period::parse("2022-W08").value();
  auto found = store_->find_commentaries(week);
  ASSERT_TRUE(found.ok() && found->size() == 1);
  Commentary c = found->front();
  c.translations["en"].slug = "calm-week-retitled";
  ASSERT_TRUE(store_->update_commentary(c).ok());
  EXPECT_EQ(fetch("/en/topics/security/2022-W08/").header("Location"), "/en/topics/security/calm-week-retitled/");
}

TEST_P(PublicSiteTest, RejectsBadOptionsAndBrokenTheme) {
  auto o = options();
  o.page_size = 0;
  EXPECT_EQ(make_public_site(*store_, o).code(), ErrorCode::invalid);
  o = options();
  o.theme_dir = dir_.file("no-theme");
  EXPECT_FALSE(make_public_site(*store_, o).ok());
}

// RFC 9116: Contact lines in order, Expires 30 days after the day of the request, the site's
// languages, Canonical under the public URL; a plain-text file a day's worth cacheable.
TEST_P(PublicSiteTest, SecurityTxtNamesTheConfiguredContacts) {
  auto o = options();
  o.security_contact = {"mailto:security@test.example", "https://test.example/security"};
  make_handler(o);
  auto r = fetch("/.well-known/security.txt");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r.header("Cache-Control"), "public, max-age=3600");
  const std::string& body = *r.body;
  EXPECT_EQ(body.find("Contact: mailto:security@test.example\nContact: https://test.example/security\n"), 0u) << body;
  EXPECT_TRUE(contains(r, "Preferred-Languages: en, be, ru\n")) << body;
  EXPECT_TRUE(contains(r, "Canonical: http://test.example/.well-known/security.txt\n")) << body;
  const auto expires_at = body.find("Expires: ");
  ASSERT_NE(expires_at, std::string::npos);
  auto expires = parse_iso_date(body.substr(expires_at + 9, 10));
  ASSERT_TRUE(expires.ok()) << body;
  const Date today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  EXPECT_GE(*expires - today, std::chrono::days{29});  // a request just before midnight
  EXPECT_LE(*expires - today, std::chrono::days{30});
  EXPECT_EQ(body.substr(expires_at + 19, 15), "T00:00:00.000Z\n");
  EXPECT_EQ(fetch("/.well-known/security.txt/").status, 404);
}

BAROMETER_ON_BACKENDS(PublicSiteTest);

}  // namespace
}  // namespace barometer::web
