#include "web/views/discovery_views.hpp"

#include <nlohmann/json.hpp>

#include "web/routes/discovery.hpp"
#include "web/views/page_views.hpp"

namespace barometer::web::views {

using render::View;

namespace {

View feed_link(const routes::PageEnv& env, const std::string& type, const std::string& href, const std::string& title,
               routes::FeedFormat format) {
  const std::string key = format == routes::FeedFormat::atom ? "feed.atom" : "feed.json";
  return View(View::Object{{"type", View(type)},
                           {"href", View(env.snap.site.base_url + href)},
                           {"title", View(env.cat.format(key, {{"title", title}}))}});
}

std::string news_article(const routes::PageEnv& env, const PageMeta& meta, const ArticleMeta& article,
                         const std::string& site_name) {
  using json = nlohmann::ordered_json;
  const std::string canonical = env.snap.site.base_url + meta.path;
  json doc = {{"@context", "https://schema.org"},
              {"@type", "NewsArticle"},
              {"headline", meta.title},
              {"description", meta.description},
              {"inLanguage", env.lang()},
              {"url", canonical},
              {"mainEntityOfPage", canonical}};
  if (article.published) doc["datePublished"] = to_iso(*article.published);
  if (article.modified) doc["dateModified"] = to_iso(*article.modified);
  doc["articleSection"] = article.section;
  json authors = json::array();
  for (const auto& [name, url] : article.authors) authors.push_back({{"@type", "Person"}, {"name", name}, {"url", url}});
  doc["author"] = std::move(authors);
  doc["publisher"] = {{"@type", "Organization"},
                      {"name", site_name},
                      {"url", env.snap.site.base_url + home_path(env.lang())}};
  // Text is stored as UTF-8; a broken byte sequence is replaced rather than failing the page.
  return json_in_script(doc.dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace

std::string json_in_script(std::string_view json_text) {
  std::string out;
  out.reserve(json_text.size());
  for (char c : json_text) {
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else out += c;
  }
  return out;
}

void add_discovery_meta(const routes::PageEnv& env, const PageMeta& meta, const std::string& site_name, View& out) {
  using routes::FeedFormat;
  // The language's feeds on every page; a topic's own feeds first where the page is about one.
  View feeds = View::list();
  if (meta.feed_topic) {
    auto text = meta.feed_topic->text.find(env.lang());
    if (text != meta.feed_topic->text.end()) {
      const std::string title = env.cat.format("feed.topic_title", {{"topic", text->second.name}, {"site", site_name}});
      for (FeedFormat f : {FeedFormat::atom, FeedFormat::json})
        feeds.push(feed_link(env, f == FeedFormat::atom ? "application/atom+xml" : "application/feed+json",
                             routes::topic_feed_path(env.lang(), *meta.feed_topic, f), title, f));
    }
  }
  feeds.push(feed_link(env, "application/atom+xml", routes::feed_path(env.lang(), FeedFormat::atom), site_name, FeedFormat::atom));
  feeds.push(feed_link(env, "application/feed+json", routes::feed_path(env.lang(), FeedFormat::json), site_name, FeedFormat::json));
  out["feeds"] = std::move(feeds);

  View og = View::object();
  og["type"] = meta.article ? "article" : "website";
  og["site_name"] = site_name;
  og["title"] = meta.title;
  og["description"] = meta.description;
  og["url"] = env.snap.site.base_url + meta.path;
  og["locale"] = env.icu();
  View alternates = View::list();
  for (const auto& language : env.snap.site.languages)
    if (language.code != env.lang() && meta.translations.contains(language.code))
      alternates.push(View(View::Object{{"locale", View(language.icu_locale)}}));
  og["locale_alternates"] = std::move(alternates);
  og["article"] = View();
  if (meta.article) {
    View a = View::object();
    a["published"] = meta.article->published ? View(to_iso(*meta.article->published)) : View();
    a["modified"] = meta.article->modified ? View(to_iso(*meta.article->modified)) : View();
    a["section"] = meta.article->section;
    a["authors"] = View::list();
    for (const auto& [name, url] : meta.article->authors) a["authors"].push(View(View::Object{{"url", View(url)}}));
    og["article"] = std::move(a);
    out["json_ld_html"] = news_article(env, meta, *meta.article, site_name);
  }
  out["og"] = std::move(og);
}

}  // namespace barometer::web::views
