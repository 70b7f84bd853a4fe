// The dynamics area: /{lang}/dynamics/ (index chart, matrix, streaks, yearly counts, the weekly
// table), the dynamics section of a topic page, and the markers as open data at
// /data/markers.csv and /data/markers.json (language-neutral: every language's title and URL is
// in each row; schema in docs/open-data.md).
//
// Query strings are checked: ?range=1y|3y|all (once), ?topic=<slug> (repeatable, known topics
// only; none = all) on the dynamics page; any other parameter is a 400 there, so random query
// strings cannot fill the page cache. No I/O besides the Store; thread-safe like the rest.
#pragma once

#include <string>

#include "web/http.hpp"
#include "web/routes/public_context.hpp"
#include "web/url.hpp"

namespace barometer::web::routes {

Response dynamics_page(const PageEnv& env, const QueryParams& query);

// The dynamics of one topic for its page: {ranges: [{label, href, current}], strip, chart,
// range_name, compare_href}, or nullopt-like errors: invalid for a bad ?range= (answer 400),
// other codes from the store. A View that is false when nothing is published yet.
Result<render::View> topic_dynamics(const PageEnv& env, const Topic& topic, const QueryParams& query);

// Open data. `format` is "csv" or "json"; the snapshot supplies languages, topics and base URL.
Response markers_data(PublicContext& ctx, const Snapshot& snap, const std::string& format);

// RFC 4180 field: quoted (with "" for ") when it holds a comma, quote, CR or LF.
std::string csv_field(std::string_view value);

}  // namespace barometer::web::routes
