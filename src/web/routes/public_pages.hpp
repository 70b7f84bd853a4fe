// The public page types, each a function from a request's language environment and its decoded
// route parameters to a complete response. Missing things are localized 404 pages, bad query
// values localized 400 pages; a failing store is a 503 page. No I/O besides the Store.
#pragma once

#include <string>
#include <string_view>

#include "render/view.hpp"
#include "web/http.hpp"
#include "web/routes/public_context.hpp"
#include "web/url.hpp"

namespace barometer::web::routes {

Response home_page(const PageEnv& env);
// /{lang}/{segment}/: a period ("2022-W09") or a static page slug.
Response period_or_static_page(const PageEnv& env, const std::string& segment);
Response topic_page(const PageEnv& env, const std::string& topic_slug, const QueryParams& query);
Response commentary_page(const PageEnv& env, const std::string& topic_slug, const std::string& slug);
// The commentary page of `commentary` (of `topic`) in env's language, whether stored or not: the
// public route and the editor's preview share it. 404 page when it has no text in env's language.
Response render_commentary(const PageEnv& env, const Topic& topic, const Commentary& commentary);
Response author_page(const PageEnv& env, const std::string& author_slug, const QueryParams& query);

// A localized error page (400, 404, 405, 503) in env's language.
Response error_page(const PageEnv& env, int status);
// Renders `template_name` with `view` into an HTML response.
Response html_response(const PageEnv& env, std::string_view template_name, const render::View& view, int status = 200);

// ?page=N: 1 when absent; nullopt when not a plain positive number of at most 9 digits.
std::optional<int> parse_page_number(const QueryParams& query);

}  // namespace barometer::web::routes
