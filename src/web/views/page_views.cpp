#include "web/views/page_views.hpp"

#include <algorithm>

#include "i18n/date_format.hpp"
#include "web/routes/search_page.hpp"
#include "web/url.hpp"
#include "web/views/subscribe_form_view.hpp"

namespace barometer::web::views {

using render::View;

std::string home_path(const LangCode& lang) { return "/" + lang + "/"; }
std::string period_path(const LangCode& lang, const Period& period) { return "/" + lang + "/" + period.id() + "/"; }
std::string topic_path(const LangCode& lang, const Topic& topic) {
  return "/" + lang + "/topics/" + percent_encode(topic.slug) + "/";
}
std::string commentary_path(const LangCode& lang, const Topic& topic, const Translation& translation) {
  return topic_path(lang, topic) + percent_encode(translation.slug) + "/";
}
std::string author_path(const LangCode& lang, const Author& author) {
  return "/" + lang + "/authors/" + percent_encode(author.slug) + "/";
}

View page_frame(const PageEnv& env, const PageMeta& meta) {
  const Site& site = env.snap.site;
  const LangCode& lang = env.lang();
  View v = View::object();
  v["lang"] = lang;  // "t" (the UI strings) comes from the snapshot as globals: html_response

  auto site_name = site.name.find(lang);
  const std::string name = site_name != site.name.end() ? site_name->second
                           : site.name.empty()          ? std::string("barometer")
                                                        : site.name.begin()->second;
  v["site"]["name"] = name;

  View& m = v["meta"];
  m["title"] = meta.full_title_is_site ? name + " — " + meta.title
                                       : env.cat.format("meta.title", {{"page", meta.title}, {"site", name}});
  m["description"] = meta.description;
  m["canonical"] = site.base_url + meta.path;
  m["alternates"] = View::list();
  for (const auto& language : site.languages) {
    auto it = meta.translations.find(language.code);
    if (it == meta.translations.end()) continue;
    m["alternates"].push(View(View::Object{{"hreflang", View(language.code)}, {"href", View(site.base_url + it->second)}}));
  }
  // x-default: the default language's version, else the first language that has the page.
  for (const auto& language : site.languages) {
    auto it = meta.translations.find(language.code);
    if (it == meta.translations.end()) continue;
    m["x_default"] = site.base_url + it->second;
    break;
  }
  add_discovery_meta(env, meta, name, m);  // feeds, OpenGraph, JSON-LD (views/discovery_views.hpp)
  if (meta.prev_path) m["prev"] = *meta.prev_path;
  if (meta.next_path) m["next"] = *meta.next_path;

  v["assets"]["css"] = env.ctx.assets().url("style.css");
  v["assets"]["icon"] = env.ctx.assets().url("favicon.svg");

  View& nav = v["nav"];
  nav["home"] = home_path(lang);
  nav["home_current"] = meta.nav_current == "home";
  nav["dynamics"] = "/" + lang + "/dynamics/";
  nav["dynamics_current"] = meta.nav_current == "dynamics";
  nav["topics"] = View::list();
  for (const auto& topic : env.snap.topics) {
    auto text = topic.text.find(lang);
    if (text == topic.text.end()) continue;
    nav["topics"].push(View(View::Object{{"name", View(text->second.name)},
                                         {"href", View(topic_path(lang, topic))},
                                         {"current", View(meta.nav_current == topic.slug)}}));
  }
  nav["pages"] = View::list();
  for (const auto& page : env.snap.pages) {
    auto text = page.text.find(lang);
    if (text == page.text.end()) continue;
    nav["pages"].push(View(View::Object{{"title", View(text->second.title)},
                                        {"href", View("/" + lang + "/" + percent_encode(text->second.slug) + "/")},
                                        {"current", View(meta.nav_current == "page:" + page.key)}}));
  }

  // The switcher keeps the reader on the same page when it exists in that language, else
  // takes them to that language's home page.
  v["switcher"] = View::list();
  for (const auto& language : site.languages) {
    auto it = meta.translations.find(language.code);
    v["switcher"].push(View(View::Object{
        {"code", View(language.code)},
        {"name", View(language.name)},
        {"href", View(it != meta.translations.end() ? it->second : home_path(language.code))},
        {"current", View(language.code == lang)}}));
  }
  // The header's search box (web/routes/search_page.hpp), when the site has search.
  if (env.ctx.search()) v["search_box"] = routes::search_box_view(env);
  // The subscribe form of every page's footer: the same for every reader, so pages stay cacheable.
  v["subscribe_form"] = subscribe_form_view(env);
  return v;
}

View marker_view(Assessment assessment, Outlook outlook, const Catalogue& cat) {
  View v = View::object();
  v["assessment"] = std::string(to_string(assessment));
  v["icon"] = assessment == Assessment::worse ? "▼" : assessment == Assessment::better ? "▲" : "■";
  v["words"] = cat.format("marker." + std::string(to_string(assessment)), {});
  v["has_outlook"] = outlook != Outlook::none;
  if (outlook != Outlook::none) {
    v["outlook"] = std::string(to_string(outlook));
    v["outlook_icon"] = outlook == Outlook::risk ? "!" : "+";
    v["outlook_words"] = cat.format("outlook." + std::string(to_string(outlook)), {});
  }
  return v;
}

View period_view(const PageEnv& env, const Period& period) {
  return View(View::Object{{"href", View(period_path(env.lang(), period))},
                           {"range", View(format_date_range(period.start(), period.end(), env.icu()))},
                           {"id", View(period.id())}});
}

namespace {

std::string marker_text_path(const LangCode& lang, const Topic& topic, const MarkerText& text) {
  return topic_path(lang, topic) + percent_encode(text.slug) + "/";
}

View other_languages(const PageEnv& env, const Marker& c, const Topic& topic) {
  View list = View::list();
  for (const auto& language : env.snap.site.languages) {
    const MarkerText* text = c.text(language.code);
    if (!text || language.code == env.lang()) continue;
    list.push(View(View::Object{{"code", View(language.code)},
                                {"name", View(language.name)},
                                {"title", View(text->title)},
                                {"href", View(marker_text_path(language.code, topic, *text))}}));
  }
  return list;
}

}  // namespace

View card_view(const PageEnv& env, const Marker& c, const Topic& topic, std::optional<View> strip) {
  View v = View::object();
  auto text = topic.text.find(env.lang());
  v["topic"] = View(View::Object{{"slug", View(topic.slug)},
                                 {"name", View(text != topic.text.end() ? text->second.name : topic.slug)},
                                 {"href", View(topic_path(env.lang(), topic))}});
  v["marker"] = marker_view(c.assessment, c.outlook, env.cat);
  const MarkerText* tr = c.text(env.lang());
  v["translated"] = tr != nullptr;
  v["others"] = other_languages(env, c, topic);
  if (tr) {
    v["title"] = tr->title;
    v["lead"] = tr->lead;
    v["href"] = marker_text_path(env.lang(), topic, *tr);
  }
  v["strip"] = strip ? std::move(*strip) : View();
  return v;
}

View entry_view(const PageEnv& env, const Marker& m, bool with_topic) {
  View v = View::object();
  const Topic* topic = env.snap.topic(m.topic_id);
  v["period"] = period_view(env, m.period);
  v["marker"] = marker_view(m.assessment, m.outlook, env.cat);
  v["topic"] = View();
  if (topic && with_topic) {
    auto text = topic->text.find(env.lang());
    v["topic"] = View(View::Object{{"name", View(text != topic->text.end() ? text->second.name : topic->slug)},
                                   {"href", View(topic_path(env.lang(), *topic))}});
  }
  // Untranslated: show the first language that has it, marked with its language.
  const MarkerText* tr = m.text(env.lang());
  LangCode shown = env.lang();
  if (!tr) {
    for (const auto& language : env.snap.site.languages) {
      tr = m.text(language.code);
      if (tr) {
        shown = language.code;
        break;
      }
    }
  }
  v["title_lang"] = View();
  if (tr && topic) {
    v["title"] = tr->title;
    v["lead"] = tr->lead;
    v["href"] = marker_text_path(shown, *topic, *tr);
    if (shown != env.lang()) v["title_lang"] = shown;
  }
  return v;
}

View pagination_view(const PageEnv& env, const std::string& base_path, int page, int pages) {
  if (pages <= 1) return View();
  View v = View::object();
  v["status"] = env.cat.format("pagination.status", {}, {{"page", page}, {"pages", pages}});
  v["newer"] = page > 1 ? View(page == 2 ? base_path : base_path + "?page=" + std::to_string(page - 1)) : View();
  v["older"] = page < pages ? View(base_path + "?page=" + std::to_string(page + 1)) : View();
  return v;
}

}  // namespace barometer::web::views
