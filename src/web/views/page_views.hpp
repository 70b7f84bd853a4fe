// View models of the public pages: the shared page frame (head, navigation, language switcher,
// hreflang) and the pieces pages are made of (marker, period, commentary card, list entry,
// strip, pagination). Plain data for the theme's templates; every string is text, escaped by
// the template, except the fields named *_html (rendered Markdown, safe by construction).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/commentary.hpp"
#include "render/view.hpp"
#include "web/routes/public_context.hpp"
#include "web/views/discovery_views.hpp"

namespace barometer::web::views {

using routes::PageEnv;

// What the frame of a page needs to know about the page.
struct PageMeta {
  std::string title;                        // the page's own title; <title> adds the site name
  std::string description;                  // meta description, plain text
  std::string path;                         // this page's path in this language ("/en/topics/x/")
  PerLanguage<std::string> translations;    // language -> path of the same page (incl. this one)
  std::optional<std::string> prev_path;     // rel=prev (pagination)
  std::optional<std::string> next_path;     // rel=next
  const Topic* feed_topic = nullptr;        // a topic whose feeds the head links (topic, commentary)
  std::optional<ArticleMeta> article;       // commentary pages: OpenGraph article, JSON-LD
  std::string nav_current;                  // "home", "dynamics", a topic slug or a page key
  bool full_title_is_site = false;          // the home page: <title> is just the site name + title
};

// The whole frame: lang, site, assets, nav, switcher, meta. Pages add their own object. The UI
// strings ("t") are not in it: html_response renders with the snapshot's per-language globals.
render::View page_frame(const PageEnv& env, const PageMeta& meta);

// Paths (always with the trailing slash).
std::string home_path(const LangCode& lang);
std::string period_path(const LangCode& lang, const Period& period);
std::string topic_path(const LangCode& lang, const Topic& topic);
std::string commentary_path(const LangCode& lang, const Topic& topic, const Translation& translation);
std::string author_path(const LangCode& lang, const Author& author);

// Marker: {assessment, icon, words, has_outlook, outlook, outlook_icon, outlook_words}.
render::View marker_view(Assessment assessment, Outlook outlook, const Catalogue& cat);
// {href, range, id}
render::View period_view(const PageEnv& env, const Period& period);
// A card on the home and period pages: topic, marker, title/lead/link or the other languages,
// and a strip of the topic's recent markers when `strip` is given.
// Built from a Marker (find_markers: titles, leads and slugs, no bodies loaded).
render::View card_view(const PageEnv& env, const Marker& marker, const Topic& topic, std::optional<render::View> strip);
// An entry of an archive list; `with_topic` shows the topic's name. From a Marker, as cards.
render::View entry_view(const PageEnv& env, const Marker& marker, bool with_topic);
// The strip of a topic's markers: see views/dynamics_views.hpp (strip_view over a Dynamics).
// {status, newer, older} for page `page` of `pages` of a list at `base_path`.
render::View pagination_view(const PageEnv& env, const std::string& base_path, int page, int pages);

}  // namespace barometer::web::views
