// Feeds, sitemaps and robots.txt (docs/decisions/0018) as rows over the small public site, behind
// the standard middleware as `serve` runs them (so ETag/304 and gzip are the real ones).
#include "web/page_table.hpp"

namespace barometer::web::testing_support {
namespace {

const std::vector<Header> kAtom = {{"Content-Type", "application/atom+xml; charset=utf-8"}};
const std::vector<Header> kJsonFeed = {{"Content-Type", "application/feed+json"}};
const std::vector<Header> kXml = {{"Content-Type", "application/xml"}};

PageCase answers(std::string name, std::string target, int status, std::string method = "GET") {
  return {.name = std::move(name), .target = std::move(target), .status = status, .method = std::move(method)};
}

std::vector<PageCase> discovery_rows() {
  return {
      // --- Language feeds: only published commentaries translated into the language.
      {.name = "en_atom",
       .target = "/en/feed.xml",
       .expect = {kAtom[0], {"Content-Language", "en"}, {"Cache-Control", "public, max-age=60"}},
       .has = {"<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">",
               "<id>http://test.example/en/feed.xml</id>", "<title>Test Monitor</title>",
               // ICU puts thin spaces around the range's dash
               "Security issues, February 28\u2009–\u2009March 6, 2022: The situation got worse. Minsk &lt;b&gt;shields&lt;/b&gt;",
               "<id>http://test.example/en/topics/security/2022-W09/</id>",
               "href=\"http://test.example/en/topics/security/minsk-shields/\"", "<name>Anna Analyst</name>",
               "<uri>http://test.example/en/authors/anna/</uri>", "Calm week", "Sanctions hold",
               "<published>2022-03-06T18:00:00Z</published>", "term=\"security\"", "label=\"The situation got worse\"",
               // the rendered Markdown, escaped once more as Atom's type="html"
               "&lt;em&gt;text&lt;/em&gt;", "&lt;p&gt;&lt;em&gt;Risk: a deterioration is likely soon&lt;/em&gt;"},
       .lacks = {"Draft", "<script", "<b>", "<img", "javascript:"}},
      {.name = "ru_atom",
       .target = "/ru/feed.xml",
       .expect = {kAtom[0], {"Content-Language", "ru"}},
       .has = {"xml:lang=\"ru\"", "Санкции в силе", "Минск прикрывает Кремль", "Ситуация ухудшилась", "<name>Анна Аналитик</name>"},
       .lacks = {"Calm week", "Sanctions hold", "Draft"}},
      {.name = "be_atom",
       .target = "/be/feed.xml",
       .has = {"xml:lang=\"be\"", "Мінск прыкрывае Крэмль"},
       .lacks = {"Санкции", "Calm week"}},
      {.name = "en_json",
       .target = "/en/feed.json",
       .expect = kJsonFeed,
       .has = {"\"version\": \"https://jsonfeed.org/version/1.1\"", "\"feed_url\": \"http://test.example/en/feed.json\"",
               "\"language\": \"en\"", "\"assessment\": \"worse\"", "\"outlook\": \"risk\"", "\"period\": \"2022-W09\"",
               "\"date_published\": \"2022-03-06T18:00:00Z\"", "\"name\": \"Anna Analyst\""},
       .lacks = {"Draft"}},
      // --- Topic feeds.
      {.name = "topic_atom",
       .target = "/en/topics/security/feed.xml",
       .expect = kAtom,
       .has = {"<title>Security issues — Test Monitor</title>", "Calm week", "Minsk &lt;b&gt;shields",
               "<link rel=\"alternate\" type=\"text/html\" href=\"http://test.example/en/topics/security/\"/>"},
       .lacks = {"Sanctions hold"}},
      {.name = "topic_json", .target = "/ru/topics/west/feed.json", .expect = kJsonFeed, .has = {"Санкции в силе"}},
      // west has no Belarusian commentary: an empty feed, still valid.
      {.name = "topic_atom_empty",
       .target = "/be/topics/west/feed.xml",
       .expect = kAtom,
       .has = {"<updated>1970-01-01T00:00:00Z</updated>"},
       .lacks = {"<entry>"}},
      {.name = "topic_json_empty", .target = "/be/topics/west/feed.json", .has = {"\"items\": []"}},
      answers("topic_feed_unknown_topic", "/en/topics/nowhere/feed.xml", 404),
      answers("topic_feed_unknown_topic_json", "/en/topics/nowhere/feed.json", 404),
      answers("feed_unknown_language", "/xx/feed.xml", 404),
      answers("topic_feed_unknown_language", "/xx/topics/security/feed.json", 404),
      answers("feed_with_query", "/en/feed.xml?utm_source=x", 400),
      answers("topic_feed_with_query", "/en/topics/security/feed.json?x", 400),
      answers("feed_with_slash", "/en/feed.xml/", 404),
      answers("feed_other_name", "/en/feed.rss", 404),
      answers("feed_post", "/en/feed.xml", 405, "POST"),
      {.name = "feed_head", .target = "/en/feed.xml", .expect = kAtom, .method = "HEAD"},
      {.name = "feed_not_modified",
       .target = "/en/topics/security/feed.xml",
       .headers = {{"If-None-Match", "*"}},
       .status = 304,
       .expect = {{"Content-Type", ""}},
       .body = ""},
      {.name = "feed_gzip",
       .target = "/en/feed.xml",
       .headers = {{"Accept-Encoding", "gzip"}},
       .expect = {kAtom[0], {"Content-Encoding", "gzip"}, {"Vary", "Accept-Encoding"}}},
      // --- Sitemaps.
      {.name = "sitemap_index",
       .target = "/sitemap.xml",
       .expect = kXml,
       .has = {"<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
               "<loc>http://test.example/en/sitemap.xml</loc>", "<loc>http://test.example/be/sitemap.xml</loc>",
               "<loc>http://test.example/ru/sitemap.xml</loc>", "<lastmod>2022-03-06T18:00:00Z</lastmod>"}},
      {.name = "sitemap_en",
       .target = "/en/sitemap.xml",
       .expect = kXml,
       .has = {"<loc>http://test.example/en/</loc>", "<loc>http://test.example/en/topics/security/minsk-shields/</loc>",
               "<xhtml:link rel=\"alternate\" hreflang=\"be\" href=\"http://test.example/be/topics/security/minsk-prykryvae/\"/>",
               "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"http://test.example/en/topics/security/minsk-shields/\"/>",
               "<loc>http://test.example/en/topics/security/calm-week/</loc>", "<loc>http://test.example/en/2022-W09/</loc>",
               "<loc>http://test.example/en/about/</loc>", "<loc>http://test.example/en/authors/anna/</loc>",
               "<loc>http://test.example/en/dynamics/</loc>"},
       .lacks = {"draft", "2022-W10"}},
      // A Russian-only page's x-default is its first language that has it (decision 0001).
      {.name = "sitemap_ru",
       .target = "/ru/sitemap.xml",
       .has = {"<loc>http://test.example/ru/topics/west/sankcii-v-sile/</loc>",
               "hreflang=\"x-default\" href=\"http://test.example/en/topics/west/sanctions-hold/\""},
       .lacks = {"calm-week"}},
      {.name = "sitemap_page_1", .target = "/en/sitemap.xml?page=1", .expect = kXml},
      answers("sitemap_past_last_part", "/en/sitemap.xml?page=2", 404),
      answers("sitemap_bad_page", "/en/sitemap.xml?page=0", 400),
      answers("sitemap_other_query", "/en/sitemap.xml?lang=en", 400),
      answers("sitemap_index_query", "/sitemap.xml?page=2", 400),
      answers("sitemap_unknown_language", "/xx/sitemap.xml", 404),
      answers("sitemap_post", "/sitemap.xml", 405, "POST"),
      {.name = "sitemap_head", .target = "/sitemap.xml", .expect = kXml, .method = "HEAD"},
      {.name = "sitemap_not_modified", .target = "/en/sitemap.xml", .headers = {{"If-None-Match", "*"}}, .status = 304, .body = ""},
      // --- robots.txt
      {.name = "robots",
       .target = "/robots.txt",
       .expect = {{"Content-Type", "text/plain; charset=utf-8"}},
       .body = "User-agent: *\nDisallow: /admin/\n\nSitemap: http://test.example/sitemap.xml\n"},
      {.name = "robots_not_modified", .target = "/robots.txt", .headers = {{"If-None-Match", "*"}}, .status = 304, .body = ""},
      // --- The heads of pages link the feeds.
      {.name = "home_links_feeds",
       .target = "/en/",
       .has = {"<link rel=\"alternate\" type=\"application/atom+xml\" href=\"http://test.example/en/feed.xml\" "
               "title=\"Test Monitor (Atom feed)\">",
               "<link rel=\"alternate\" type=\"application/feed+json\" href=\"http://test.example/en/feed.json\"",
               "<meta property=\"og:type\" content=\"website\">", "<meta property=\"og:locale\" content=\"en\">",
               "<meta property=\"og:locale:alternate\" content=\"be_BY\">", "<meta name=\"twitter:card\" content=\"summary\">"},
       .lacks = {"application/ld+json", "topics/security/feed.xml"}},
      {.name = "topic_links_topic_feed",
       .target = "/ru/topics/security/",
       .has = {"href=\"http://test.example/ru/topics/security/feed.xml\" title=\"Вопросы безопасности — Тестовый монитор (лента Atom)\"",
               "href=\"http://test.example/ru/feed.xml\""}},
      {.name = "commentary_head",
       .target = "/en/topics/security/minsk-shields/",
       .has = {"<meta property=\"og:type\" content=\"article\">",
               "<meta property=\"og:title\" content=\"Minsk &lt;b&gt;shields&lt;/b&gt; the &quot;Kremlin&quot;\">",
               "<meta property=\"og:url\" content=\"http://test.example/en/topics/security/minsk-shields/\">",
               "<meta property=\"og:locale:alternate\" content=\"ru_RU\">",
               "<meta property=\"article:published_time\" content=\"2022-03-06T18:00:00Z\">",
               "<meta property=\"article:section\" content=\"Security issues\">",
               "<meta property=\"article:author\" content=\"http://test.example/en/authors/anna/\">",
               "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\","
               "\"headline\":\"Minsk \\u003cb\\u003eshields\\u003c/b\\u003e the \\\"Kremlin\\\"\"",
               "\"author\":[{\"@type\":\"Person\",\"name\":\"Anna Analyst\",\"url\":\"http://test.example/en/authors/anna/\"}]",
               "href=\"http://test.example/en/topics/security/feed.xml\""}},
      // English only: no og:locale:alternate.
      {.name = "commentary_head_one_language",
       .target = "/en/topics/security/calm-week/",
       .has = {"<meta property=\"og:locale\" content=\"en\">"},
       .lacks = {"og:locale:alternate"}},
  };
}

class DiscoveryRows : public PageTable {};

TEST_P(DiscoveryRows, Answers) { run_row(shared_site("discovery", seed_public_site, test_site_options(), true)); }

BAROMETER_ROWS_ON_BACKENDS(DiscoveryRows, discovery_rows());

}  // namespace
}  // namespace barometer::web::testing_support
