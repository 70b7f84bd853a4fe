// /{lang}/search: the readers' search page (issue 14, docs/decisions/0017-search.md). Parses
// the query string — q, lang (a site language or "all"; default the page's), topic, author (slugs),
// assessment, outlook, from, to (ISO weeks, "2022-W09", as <input type="week"> sends them),
// page — calls site_search::SiteSearch and renders the results, the filters form (every value
// kept, so a URL is a shareable search), pagination and, when nothing matched, suggestions.
// Without q: the archive browser (the filters alone). An empty value means "any".
// A malformed or unknown filter value is a localized 400 page; q is any text.
#pragma once

#include "services/search/site_search.hpp"
#include "web/http.hpp"
#include "web/routes/public_context.hpp"
#include "web/url.hpp"

namespace barometer::web::routes {

Response search_page(const PageEnv& env, const site_search::SiteSearch& search, const QueryParams& query);

// The header's search box of every page: {action, q}. (page_frame puts it in every view.)
render::View search_box_view(const PageEnv& env, const std::string& q = "");

}  // namespace barometer::web::routes
