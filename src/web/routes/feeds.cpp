// /{lang}/feed.xml, /{lang}/feed.json and the same under /{lang}/topics/{topic}/: the newest
// published commentaries in one language as Atom 1.0 and JSON Feed 1.1 (docs/decisions/0018).
#include <algorithm>

#include "domain/text.hpp"
#include "i18n/date_format.hpp"
#include "render/feed.hpp"
#include "render/markdown.hpp"
#include "web/routes/discovery.hpp"
#include "web/routes/public_pages.hpp"
#include "web/views/page_views.hpp"

namespace barometer::web::routes {
namespace {

std::string site_name(const PageEnv& env) {
  auto it = env.snap.site.name.find(env.lang());
  if (it != env.snap.site.name.end()) return it->second;
  return env.snap.site.name.empty() ? std::string("barometer") : env.snap.site.name.begin()->second;
}

std::string topic_name(const PageEnv& env, const Topic& topic) {
  auto it = topic.text.find(env.lang());
  return it != topic.text.end() ? it->second.name : topic.slug;
}

// The newest `limit` published commentaries (of one topic, when given) with a translation in
// env's language. The store cannot filter by language, so it is read in pages until enough.
Result<std::vector<Commentary>> newest_translated(const PageEnv& env, std::optional<Id> topic_id, int limit) {
  std::vector<Commentary> out;
  CommentaryFilter filter;
  filter.topic_id = topic_id;
  filter.limit = std::max(limit, 16);
  for (;;) {
    auto rows = env.ctx.store().find_commentaries(filter);
    if (!rows) return rows.error();
    for (auto& c : *rows) {
      if (static_cast<int>(out.size()) == limit) return out;
      if (c.translations.contains(env.lang())) out.push_back(std::move(c));
    }
    if (static_cast<int>(out.size()) == limit || static_cast<int>(rows->size()) < filter.limit) return out;
    filter.offset += filter.limit;
  }
}

render::FeedEntry entry_of(const PageEnv& env, const Commentary& c, const Topic& topic) {
  const Translation& text = c.translations.at(env.lang());
  const std::string& base = env.snap.site.base_url;
  const std::string topic_words = topic_name(env, topic);
  const std::string marker = env.msg("marker." + std::string(to_string(c.assessment)));
  const std::string range = format_date_range(c.period.start(), c.period.end(), env.icu());

  render::FeedEntry e;
  // The period address of the commentary (it redirects to the page): unlike the slug, it stays
  // the same when an editor retitles the commentary, so readers never see an entry twice.
  e.id = base + views::topic_path(env.lang(), topic) + c.period.id() + "/";
  e.url = base + views::commentary_path(env.lang(), topic, text);
  e.title = env.cat.format("feed.entry_title",
                           {{"topic", topic_words}, {"range", range}, {"marker", marker}, {"title", text.title}});
  e.summary = text.lead;
  std::string html = "<p><strong>" + html_escape(marker) + "</strong></p>\n";
  if (c.outlook != Outlook::none)
    html += "<p><em>" + html_escape(env.msg("outlook." + std::string(to_string(c.outlook)))) + "</em></p>\n";
  html += "<p>" + html_escape(text.lead) + "</p>\n" + render::markdown_to_html(text.body);
  e.content_html = std::move(html);
  e.published = c.published_at.value_or(c.updated_at);
  e.updated = std::max(e.published, c.updated_at);
  for (Id id : c.author_ids) {
    const Author* a = env.snap.author(id);
    if (!a) continue;
    auto name = a->text.find(env.lang());
    if (name != a->text.end()) e.authors.push_back({name->second.name, base + views::author_path(env.lang(), *a)});
    else if (!a->text.empty()) e.authors.push_back({a->text.begin()->second.name, ""});
  }
  e.categories.push_back({topic.slug, topic_words, base + "/" + env.lang() + "/topics/"});
  e.categories.push_back({std::string(to_string(c.assessment)), marker, ""});
  e.topic = topic.slug;
  e.period = c.period.id();
  e.assessment = std::string(to_string(c.assessment));
  if (c.outlook != Outlook::none) e.outlook = std::string(to_string(c.outlook));
  return e;
}

Response feed_response(const PageEnv& env, render::Feed feed, const std::vector<Commentary>& rows, FeedFormat format) {
  for (const Commentary& c : rows) {
    const Topic* topic = env.snap.topic(c.topic_id);
    if (!topic) continue;
    feed.entries.push_back(entry_of(env, c, *topic));
    feed.updated = std::max(feed.updated, feed.entries.back().updated);
  }
  Response r;
  r.status = 200;
  r.set_header("Content-Language", env.lang());
  r.set_header("Cache-Control", env.ctx.options().page_cache_control);
  if (format == FeedFormat::atom) {
    r.set_header("Content-Type", "application/atom+xml; charset=utf-8");
    r.set_body(render::atom_xml(feed));
  } else {
    r.set_header("Content-Type", "application/feed+json");
    r.set_body(render::json_feed(feed));
  }
  return r;
}

Response store_failure(const PageEnv& env, const Error& error) {
  return error_page(env, error.code == ErrorCode::not_found ? 404 : 503);
}

}  // namespace

std::string feed_path(const LangCode& lang, FeedFormat format) {
  return "/" + lang + (format == FeedFormat::atom ? "/feed.xml" : "/feed.json");
}

std::string topic_feed_path(const LangCode& lang, const Topic& topic, FeedFormat format) {
  return views::topic_path(lang, topic) + (format == FeedFormat::atom ? "feed.xml" : "feed.json");
}

Response language_feed(const PageEnv& env, FeedFormat format) {
  auto rows = newest_translated(env, std::nullopt, env.ctx.options().feed_entries);
  if (!rows) return store_failure(env, rows.error());
  const std::string& base = env.snap.site.base_url;
  render::Feed feed;
  feed.language = env.lang();
  feed.title = site_name(env);
  auto subject = env.snap.site.subject.find(env.lang());
  feed.subtitle = env.cat.format("meta.home_description",
                                 {{"subject", subject != env.snap.site.subject.end() ? subject->second : feed.title}});
  feed.home_url = base + views::home_path(env.lang());
  feed.atom_url = base + feed_path(env.lang(), FeedFormat::atom);
  feed.json_url = base + feed_path(env.lang(), FeedFormat::json);
  return feed_response(env, std::move(feed), *rows, format);
}

Response topic_feed(const PageEnv& env, const std::string& topic_slug, FeedFormat format) {
  const Topic* topic = env.snap.topic(topic_slug);
  if (!topic || !topic->text.contains(env.lang())) return error_page(env, 404);
  auto rows = newest_translated(env, topic->id, env.ctx.options().feed_entries);
  if (!rows) return store_failure(env, rows.error());
  const std::string& base = env.snap.site.base_url;
  const TopicText& text = topic->text.at(env.lang());
  render::Feed feed;
  feed.language = env.lang();
  feed.title = env.cat.format("feed.topic_title", {{"topic", text.name}, {"site", site_name(env)}});
  feed.subtitle = text.description;
  feed.home_url = base + views::topic_path(env.lang(), *topic);
  feed.atom_url = base + topic_feed_path(env.lang(), *topic, FeedFormat::atom);
  feed.json_url = base + topic_feed_path(env.lang(), *topic, FeedFormat::json);
  return feed_response(env, std::move(feed), *rows, format);
}

}  // namespace barometer::web::routes
