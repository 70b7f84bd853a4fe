// /{lang}/topics/{topic}/{slug}/: one commentary with its evidence and "Read more". The page is
// rendered by render_commentary(), which the editor's preview (web/commentary_preview.hpp) shares.
#include <algorithm>

#include "i18n/date_format.hpp"
#include "render/markdown.hpp"
#include "web/routes/public_pages.hpp"
#include "web/views/page_views.hpp"

namespace barometer::web::routes {

using render::View;

namespace {

// /{lang}/topics/{topic}/{yyyy}-W{ww}/ addresses a topic's commentary by its period: the strip
// cells link here, so they need no per-language slug. Answers with a redirect to the
// commentary's own URL (in this language, or the first language that has it).
Response commentary_by_period(const PageEnv& env, const Topic& topic, const Period& period) {
  CommentaryFilter filter;
  filter.topic_id = topic.id;
  filter.period = period;
  auto found = env.ctx.store().find_commentaries(filter);
  if (!found) return error_page(env, found.code() == ErrorCode::unavailable || found.code() == ErrorCode::io ? 503 : 404);
  if (found->empty()) return error_page(env, 404);
  const Commentary& c = found->front();
  auto tr = c.translations.find(env.lang());
  std::string location;
  if (tr != c.translations.end()) {
    location = views::commentary_path(env.lang(), topic, tr->second);
  } else {
    for (const auto& language : env.snap.site.languages)
      if (auto other = c.translations.find(language.code); other != c.translations.end()) {
        location = views::commentary_path(language.code, topic, other->second);
        break;
      }
  }
  if (location.empty()) return error_page(env, 404);
  Response r;
  r.status = 302;  // temporary: the slug may change when an editor retitles the commentary
  r.set_header("Location", location);
  r.set_header("Cache-Control", "public, max-age=60");
  return r;
}

}  // namespace

Response commentary_page(const PageEnv& env, const std::string& topic_slug, const std::string& slug) {
  const Topic* topic = env.snap.topic(topic_slug);
  if (!topic) return error_page(env, 404);
  // Slugs are lowercase, so "2022-W09" can only be a period address.
  if (slug.find('W') != std::string::npos) {
    auto period = Period::parse(slug);
    if (!period || period->id() != slug) return error_page(env, 404);
    return commentary_by_period(env, *topic, *period);
  }
  auto found = env.ctx.store().find_published(topic->id, env.lang(), slug);
  if (!found) return error_page(env, found.code() == ErrorCode::unavailable || found.code() == ErrorCode::io ? 503 : 404);
  if (!found->translations.contains(env.lang())) return error_page(env, 404);
  return render_commentary(env, *topic, *found);
}

Response render_commentary(const PageEnv& env, const Topic& topic_ref, const Commentary& c) {
  const Topic* topic = &topic_ref;
  auto tr = c.translations.find(env.lang());
  if (tr == c.translations.end()) return error_page(env, 404);
  const Translation& text = tr->second;

  views::PageMeta meta;
  meta.title = text.title;
  meta.description = text.lead;
  meta.path = views::commentary_path(env.lang(), *topic, text);
  meta.nav_current = topic->slug;
  for (const auto& [code, t] : c.translations)
    if (env.snap.site.language(code)) meta.translations[code] = views::commentary_path(code, *topic, t);
  meta.feed_topic = topic;
  views::ArticleMeta article;
  article.published = c.published_at;
  if (c.updated_at > Instant{}) article.modified = std::max(c.updated_at, c.published_at.value_or(c.updated_at));
  auto section = topic->text.find(env.lang());
  article.section = section != topic->text.end() ? section->second.name : topic->slug;
  for (Id id : c.author_ids)
    if (const Author* a = env.snap.author(id); a && a->text.contains(env.lang()))
      article.authors.emplace_back(a->text.at(env.lang()).name, env.snap.site.base_url + views::author_path(env.lang(), *a));
  meta.article = std::move(article);

  View v = views::page_frame(env, meta);
  View& cv = v["commentary"];
  cv["title"] = text.title;
  cv["lead"] = text.lead;
  cv["body_html"] = render::markdown_to_html(text.body);
  cv["period"] = views::period_view(env, c.period);
  auto topic_text = topic->text.find(env.lang());
  cv["topic"] = View(View::Object{{"name", View(topic_text != topic->text.end() ? topic_text->second.name : topic->slug)},
                                  {"href", View(views::topic_path(env.lang(), *topic))}});
  cv["marker"] = views::marker_view(c.assessment, c.outlook, env.cat);

  cv["authors"] = View::list();
  std::vector<const Author*> authors;
  for (Id id : c.author_ids)
    if (const Author* a = env.snap.author(id); a && a->text.contains(env.lang())) authors.push_back(a);
  for (std::size_t i = 0; i < authors.size(); ++i) {
    cv["authors"].push(View(View::Object{{"name", View(authors[i]->text.at(env.lang()).name)},
                                         {"href", View(views::author_path(env.lang(), *authors[i]))},
                                         {"last", View(i + 1 == authors.size())}}));
  }
  cv["has_authors"] = !authors.empty();

  cv["evidence"] = View::list();
  const LangCode& fallback = env.snap.site.default_language().code;
  for (const auto& e : c.evidence) {
    auto line = e.line.find(env.lang());
    if (line == e.line.end()) line = e.line.find(fallback);
    if (line == e.line.end()) continue;
    View item = View::object();
    item["iso"] = to_iso(e.date);
    item["date"] = format_date(e.date, env.icu());
    item["line"] = line->second;
    // Only http(s) sources become links; anything else is dropped rather than risked.
    const bool linkable = e.source_url.starts_with("https://") || e.source_url.starts_with("http://");
    item["source"] = linkable ? View(e.source_url) : View();
    cv["evidence"].push(std::move(item));
  }
  cv["has_evidence"] = !cv["evidence"].as_list().empty();

  cv["translations"] = View::list();
  for (const auto& language : env.snap.site.languages) {
    auto other = c.translations.find(language.code);
    if (other == c.translations.end() || language.code == env.lang()) continue;
    cv["translations"].push(View(View::Object{{"code", View(language.code)},
                                              {"name", View(language.name)},
                                              {"title", View(other->second.title)},
                                              {"href", View(views::commentary_path(language.code, *topic, other->second))}}));
  }
  cv["has_translations"] = !cv["translations"].as_list().empty();

  // Read more: the same topic's earlier periods, and the same period's other topics.
  CommentaryFilter earlier;
  earlier.topic_id = topic->id;
  earlier.before = c.period;
  earlier.limit = env.ctx.options().read_more_earlier;
  // Markers, not commentaries: an entry needs title, lead and slug, not bodies and evidence.
  auto earlier_rows = env.ctx.store().find_markers(earlier);
  if (!earlier_rows) return error_page(env, 503);
  cv["earlier"] = View::list();
  for (const auto& e : *earlier_rows) cv["earlier"].push(views::entry_view(env, e, false));
  cv["has_earlier"] = !earlier_rows->empty();
  cv["earlier_heading"] = env.cat.format("commentary.earlier", {{"topic", cv["topic"].find("name")->as_string()}});

  CommentaryFilter same;
  same.period = c.period;
  auto same_rows = env.ctx.store().find_markers(same);
  if (!same_rows) return error_page(env, 503);
  cv["same_period"] = View::list();
  for (const auto& s : *same_rows)
    if (s.commentary_id != c.id) cv["same_period"].push(views::entry_view(env, s, true));
  cv["has_same_period"] = !cv["same_period"].as_list().empty();

  return html_response(env, "commentary", v);
}

}  // namespace barometer::web::routes
