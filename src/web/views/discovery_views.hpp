// What a page's <head> tells machines besides its canonical URL and hreflang alternates (those
// are page_frame's): the feeds that follow the page (<link rel="alternate">), OpenGraph and a
// Twitter card for link previews, and on commentary pages a JSON-LD NewsArticle.
// docs/decisions/0018. Plain data for partials/discovery.mustache; json_ld_html is the only
// field the template does not escape, made safe inside <script> by json_in_script().
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/date.hpp"
#include "render/view.hpp"
#include "web/routes/public_context.hpp"

namespace barometer::web::views {

struct PageMeta;

// A commentary page's article facts (OpenGraph article:*, JSON-LD NewsArticle).
struct ArticleMeta {
  std::optional<Instant> published;  // absent in the editor's preview of a draft
  std::optional<Instant> modified;
  std::string section;               // the topic's name
  std::vector<std::pair<std::string, std::string>> authors;  // name, absolute URL of their page
};

// Sets meta["feeds"], meta["og"] and, for an article, meta["json_ld_html"] on the page frame's
// "meta" object. `site_name` is the site's name in env's language.
void add_discovery_meta(const routes::PageEnv& env, const PageMeta& meta, const std::string& site_name,
                        render::View& out);

// JSON text made safe as the content of a <script> element: '<', '>' and '&' (which JSON allows
// only inside strings) become \u003c, \u003e, \u0026, so "</script>" or "<!--" in a headline can
// neither end the element nor change how the HTML parser reads it. The JSON value is unchanged.
std::string json_in_script(std::string_view json_text);

}  // namespace barometer::web::views
