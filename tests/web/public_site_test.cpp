#include <gtest/gtest.h>

#include "web/public_site_fixture.hpp"

namespace barometer::web {
namespace {

using testing_support::contains;
using testing_support::PublicSiteTest;

TEST_P(PublicSiteTest, RootRedirectsByAcceptLanguage) {
  auto r = fetch("/", "ru-RU,ru;q=0.9,en;q=0.5");
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(r.header("Location"), "/ru/");
  EXPECT_EQ(r.header("Vary"), "Accept-Language");
  EXPECT_EQ(fetch("/", "de").header("Location"), "/en/");
  EXPECT_EQ(fetch("/").header("Location"), "/en/");
  EXPECT_EQ(fetch("/", "be;q=1, en;q=0.2").header("Location"), "/be/");
}

TEST_P(PublicSiteTest, HomeShowsSituationPeriodCardsStripAndSubscribeForm) {
  auto en = fetch("/en/");
  ASSERT_EQ(en.status, 200) << *en.body;
  EXPECT_EQ(en.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(en.header("Cache-Control"), "public, max-age=60");
  EXPECT_TRUE(contains(en, "<html lang=\"en\""));
  EXPECT_TRUE(contains(en, "Situation in Belarus"));
  EXPECT_TRUE(contains(en, "February 28\u2009–\u2009March 6, 2022")) << *en.body;
  EXPECT_TRUE(contains(en, "The situation got worse"));
  EXPECT_TRUE(contains(en, "The situation has not changed"));
  EXPECT_TRUE(contains(en, "href=\"/en/topics/security/minsk-shields/\""));
  EXPECT_TRUE(contains(en, "href=\"/en/2022-W09/\""));
  EXPECT_TRUE(contains(en, "href=\"/en/topics/security/2022-W08/\""));  // strip cell
  EXPECT_TRUE(contains(en, "title=\"Security issues, Feb 21\u2009–\u200927, 2022: the situation improved\"")) << *en.body;
  EXPECT_TRUE(contains(en, "action=\"/subscribe\""));
  EXPECT_TRUE(contains(en, "<label for=\"subscribe-email\">"));
  EXPECT_FALSE(contains(en, "Draft"));  // drafts are never shown
  // The title is escaped, never markup.
  EXPECT_TRUE(contains(en, "Minsk &lt;b&gt;shields&lt;/b&gt; the &quot;Kremlin&quot;"));
  EXPECT_FALSE(contains(en, "<b>shields"));

  auto be = fetch("/be/");
  ASSERT_EQ(be.status, 200);
  EXPECT_TRUE(contains(be, "<html lang=\"be\""));
  EXPECT_TRUE(contains(be, "Сітуацыя ў Беларусі"));
  EXPECT_TRUE(contains(be, "28 лютага – 6 сакавіка 2022")) << *be.body;
  EXPECT_TRUE(contains(be, "Сітуацыя пагоршылася"));
  auto ru = fetch("/ru/");
  EXPECT_TRUE(contains(ru, "Ситуация в Беларуси"));
  EXPECT_TRUE(contains(ru, "Ситуация ухудшилась"));
}

TEST_P(PublicSiteTest, EveryPageHasHeadLinksAndSwitcher) {
  auto r = fetch("/be/topics/security/minsk-prykryvae/");
  ASSERT_EQ(r.status, 200) << *r.body;
  EXPECT_TRUE(contains(r, "<title>Мінск прыкрывае Крэмль — Тэставы манітор</title>"));
  EXPECT_TRUE(contains(r, "<meta name=\"description\" content=\"Рэжым дыстанцуецца.\">"));
  EXPECT_TRUE(contains(r, "<link rel=\"canonical\" href=\"http://test.example/be/topics/security/minsk-prykryvae/\">"));
  EXPECT_TRUE(contains(r, "hreflang=\"en\" href=\"http://test.example/en/topics/security/minsk-shields/\""));
  EXPECT_TRUE(contains(r, "hreflang=\"ru\" href=\"http://test.example/ru/topics/security/minsk-prikryvaet/\""));
  EXPECT_TRUE(contains(r, "hreflang=\"x-default\" href=\"http://test.example/en/topics/security/minsk-shields/\""));
  // Switcher keeps the reader on the same commentary (slugs differ per language).
  EXPECT_TRUE(contains(r, "<a href=\"/ru/topics/security/minsk-prikryvaet/\" hreflang=\"ru\" lang=\"ru\">Русский</a>"));
  // Site nav: topics and the about page.
  EXPECT_TRUE(contains(r, "href=\"/be/topics/west/\""));
  EXPECT_TRUE(contains(r, "href=\"/be/pra-manitorynh/\""));
}

TEST_P(PublicSiteTest, SwitcherFallsBackToHomeWithoutTranslation) {
  auto r = fetch("/en/topics/west/sanctions-hold/");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r, "<a href=\"/be/\" hreflang=\"be\" lang=\"be\">Беларуская</a>"));
  EXPECT_TRUE(contains(r, "<a href=\"/ru/topics/west/sankcii-v-sile/\" hreflang=\"ru\""));
  EXPECT_FALSE(contains(r, "hreflang=\"be\" href="));
}

TEST_P(PublicSiteTest, CommentaryPageShowsEverything) {
  auto r = fetch("/en/topics/security/minsk-shields/");
  ASSERT_EQ(r.status, 200) << *r.body;
  EXPECT_TRUE(contains(r, "<h1 class=\"commentary__title\">Minsk &lt;b&gt;shields&lt;/b&gt; the &quot;Kremlin&quot;</h1>"));
  EXPECT_TRUE(contains(r, "href=\"/en/2022-W09/\">February 28\u2009–\u2009March 6, 2022</a>"));
  EXPECT_TRUE(contains(r, "href=\"/en/topics/security/\">Security issues</a>"));
  EXPECT_TRUE(contains(r, "marker--worse"));
  EXPECT_TRUE(contains(r, "The situation got worse"));
  EXPECT_TRUE(contains(r, "Risk: a deterioration is likely soon"));
  EXPECT_TRUE(contains(r, "<a href=\"/en/authors/anna/\">Anna Analyst</a>"));
  EXPECT_TRUE(contains(r, "<em>text</em>"));
  EXPECT_TRUE(contains(r, "<time datetime=\"2022-03-01\">March 1, 2022</time> Troops moved."));
  EXPECT_TRUE(contains(r, "href=\"https://news.example/a\" rel=\"nofollow noopener\""));
  EXPECT_TRUE(contains(r, "href=\"/en/topics/security/calm-week/\""));   // earlier in topic
  EXPECT_TRUE(contains(r, "href=\"/en/topics/west/sanctions-hold/\""));  // same period
  EXPECT_TRUE(contains(r, "hreflang=\"be\" lang=\"be\">Беларуская: Мінск прыкрывае Крэмль</a>"));
  // Markdown with raw HTML and javascript: links is inert.
  EXPECT_FALSE(contains(r, "<script"));
  EXPECT_FALSE(contains(r, "onerror"));
  EXPECT_FALSE(contains(r, "javascript:"));

  auto ru = fetch("/ru/topics/security/minsk-prikryvaet/");
  ASSERT_EQ(ru.status, 200);
  EXPECT_TRUE(contains(ru, "1 марта 2022"));
  EXPECT_TRUE(contains(ru, "Войска двинулись."));
}

TEST_P(PublicSiteTest, PeriodPageWithNeighbours) {
  auto r = fetch("/ru/2022-W09/");
  ASSERT_EQ(r.status, 200) << *r.body;
  EXPECT_TRUE(contains(r, "28 февраля – 6 марта 2022"));
  EXPECT_TRUE(contains(r, "href=\"/ru/2022-W08/\" rel=\"prev\""));
  EXPECT_FALSE(contains(r, "rel=\"next\""));  // W10 only has a draft
  EXPECT_TRUE(contains(r, "Санкции в силе"));
  auto w8 = fetch("/en/2022-W08/");
  ASSERT_EQ(w8.status, 200);
  EXPECT_TRUE(contains(w8, "href=\"/en/2022-W09/\" rel=\"next\""));
  // The security commentary of W08 exists only in English: ru shows the other languages.
  auto w8ru = fetch("/ru/2022-W08/");
  EXPECT_TRUE(contains(w8ru, "Этого комментария пока нет на русском"));
  EXPECT_EQ(fetch("/en/2022-W10/").status, 404);  // only a draft
  EXPECT_EQ(fetch("/en/2022-W54/").status, 404);
  EXPECT_EQ(fetch("/en/2022-W00/").status, 404);
  EXPECT_EQ(fetch("/en/2021-W53/").status, 404);
}

TEST_P(PublicSiteTest, TopicArchivePaginates) {
  auto p1 = fetch("/en/topics/security/");
  ASSERT_EQ(p1.status, 200) << *p1.body;
  EXPECT_TRUE(contains(p1, "Army, police and borders."));
  EXPECT_TRUE(contains(p1, "2 commentaries"));
  EXPECT_TRUE(contains(p1, "Page 1 of 2"));
  EXPECT_TRUE(contains(p1, "minsk-shields"));  // newest first
  EXPECT_TRUE(contains(p1, "<link rel=\"next\" href=\"/en/topics/security/?page=2\">"));
  EXPECT_EQ(fetch("/en/topics/security/?page=1").status, 200);
  auto p2 = fetch("/en/topics/security/?page=2");
  ASSERT_EQ(p2.status, 200);
  EXPECT_TRUE(contains(p2, "calm-week"));
  EXPECT_TRUE(contains(p2, "<link rel=\"prev\" href=\"/en/topics/security/\">"));
  EXPECT_TRUE(contains(p2, "hreflang=\"ru\" href=\"http://test.example/ru/topics/security/?page=2\""));
  EXPECT_EQ(fetch("/en/topics/security/?page=3").status, 404);
  EXPECT_EQ(fetch("/en/topics/security/?page=1000").status, 404);
  for (const char* bad : {"0", "-1", "abc", "99999999999999999999", "", "1.5", "+1", "%zz"}) {
    const int status = fetch(std::string("/en/topics/security/?page=") + bad).status;
    EXPECT_EQ(status, 400) << bad;
  }
  auto ru = fetch("/ru/topics/security/");
  EXPECT_TRUE(contains(ru, "2 комментария"));
}

TEST_P(PublicSiteTest, AuthorPage) {
  auto r = fetch("/be/authors/anna/");
  ASSERT_EQ(r.status, 200) << *r.body;
  EXPECT_TRUE(contains(r, "Ганна Аналітык"));
  EXPECT_TRUE(contains(r, "Піша пра бяспеку."));
  EXPECT_TRUE(contains(r, "2 каментары"));
  EXPECT_TRUE(contains(r, "href=\"/be/topics/security/minsk-prykryvae/\""));
  EXPECT_EQ(fetch("/be/authors/anna/?page=2").status, 200);
  EXPECT_EQ(fetch("/be/authors/anna/?page=3").status, 404);
  EXPECT_EQ(fetch("/be/authors/anna/?page=x").status, 400);
}

TEST_P(PublicSiteTest, StaticPagePerLanguage) {
  auto r = fetch("/ru/o-monitoringe/");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r, "<h1 class=\"page-head__title\">О мониторинге</h1>"));
  EXPECT_TRUE(contains(r, "hreflang=\"en\" href=\"http://test.example/en/about/\""));
  auto en = fetch("/en/about/");
  EXPECT_TRUE(contains(en, "<strong>monitor</strong>"));
  EXPECT_EQ(fetch("/en/o-monitoringe/").status, 404);  // slugs belong to their language
}

TEST_P(PublicSiteTest, NotFoundIsLocalized) {
  for (const char* path : {"/be/nothing/", "/be/topics/nothing/", "/be/topics/security/nothing/",
                           "/be/authors/nobody/", "/be/topics/", "/be/a/b/c/d/"}) {
    auto r = fetch(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_TRUE(contains(r, "<html lang=\"be\"")) << path;
    EXPECT_TRUE(contains(r, "Старонка не знойдзена")) << path;
  }
  auto unknown_lang = fetch("/de/", "ru");
  EXPECT_EQ(unknown_lang.status, 404);
  EXPECT_TRUE(contains(unknown_lang, "<html lang=\"ru\""));
  auto nowhere = fetch("/nowhere.php", "be");
  EXPECT_EQ(nowhere.status, 404);
  EXPECT_TRUE(contains(nowhere, "<html lang=\"be\""));
  // A commentary slug of another language is not this language's page.
  EXPECT_EQ(fetch("/en/topics/security/minsk-prykryvae/").status, 404);
}

TEST_P(PublicSiteTest, BadRequestsAndMethods) {
  auto bad = fetch("/ru/topics/%zz/");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(contains(bad, "<html lang=\"ru\""));
  EXPECT_TRUE(contains(bad, "Неверный запрос"));
  EXPECT_EQ(fetch("/en/%").status, 400);
  EXPECT_EQ(fetch("/en/topics/security/?q=%E0%A4%A").status, 400);

  auto post = testing_support::get("/en/");
  post.method = "POST";
  auto r = handler_->handle(post);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("Allow"), "GET, HEAD");
  auto head = testing_support::get("/en/");
  head.method = "HEAD";
  EXPECT_EQ(handler_->handle(head).status, 200);

  auto slashless = fetch("/en/topics/security?page=2");
  EXPECT_EQ(slashless.status, 301);
  EXPECT_EQ(slashless.header("Location"), "/en/topics/security/?page=2");
}

TEST_P(PublicSiteTest, MachinesAndStaticFiles) {
  auto health = fetch("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(*health.body, "ok\n");
  auto robots = fetch("/robots.txt");
  EXPECT_EQ(robots.status, 200);
  EXPECT_TRUE(contains(robots, "User-agent: *"));

  auto home = fetch("/en/");
  const auto css_at = home.body->find("/static/style.css?v=");
  ASSERT_NE(css_at, std::string::npos);
  const std::string css_url = home.body->substr(css_at, home.body->find('"', css_at) - css_at);
  auto css = fetch(css_url);
  ASSERT_EQ(css.status, 200);
  EXPECT_EQ(css.header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(css.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_TRUE(contains(css, "--worse"));
  EXPECT_EQ(fetch("/static/style.css").header("Cache-Control"), "public, max-age=300");
  for (const char* path : {"/static/../CMakeLists.txt", "/static/%2e%2e/locales/en.toml", "/static/..%2flocales%2fen.toml",
                           "/static/%2E%2E%2F%2E%2E%2FCMakeLists.txt", "/static/./style.css", "/static//style.css",
                           "/static/..\\locales\\en.toml", "/static/nothing.css", "/static/%2fetc%2fpasswd"}) {
    const int status = fetch(path).status;
    EXPECT_EQ(status, 404) << path;
  }
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

TEST_P(PublicSiteTest, RejectsBadOptionsAndBrokenTheme) {
  auto o = options();
  o.page_size = 0;
  EXPECT_EQ(make_public_site(*store_, o).code(), ErrorCode::invalid);
  o = options();
  o.theme_dir = dir_.file("no-theme");
  EXPECT_FALSE(make_public_site(*store_, o).ok());
}

BAROMETER_ON_BACKENDS(PublicSiteTest);

}  // namespace
}  // namespace barometer::web
