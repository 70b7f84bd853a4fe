// View models of the dynamics: the range a reader chose, the topic strip, the index chart and
// the matrix (inline SVG from render/svg_chart), and the tables that are their text alternative.
// Every number comes from one domain::compute_dynamics() over one find_markers() query, so the
// strip, chart, matrix and tables of a page cannot disagree.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/dynamics.hpp"
#include "render/view.hpp"
#include "web/routes/public_context.hpp"
#include "web/url.hpp"

namespace barometer::web::views {

using routes::PageEnv;

// ?range=: the last 52 weeks, the last 156 weeks, or every week from the first published one.
enum class DynamicsRange { year, three_years, all };
std::string_view to_string(DynamicsRange range);  // "1y" | "3y" | "all"
// The value of ?range= (fallback when absent); nullopt for anything else, repeated or empty.
std::optional<DynamicsRange> parse_range(const QueryParams& query, DynamicsRange fallback);

// The dynamics of `topic_ids` over `range`, ending at the latest published period:
// latest_published_period() plus one find_markers() query (and, for one topic over all weeks,
// one row more: the site's first week). `links`: the markers carry their slugs (strips link each
// commentary); the charts and tables need none. nullopt when nothing is published.
Result<std::optional<Dynamics>> load_dynamics(const PageEnv& env, DynamicsRange range, const std::vector<Id>& topic_ids,
                                              bool links);
// The last `count` periods up to and including `last` for every topic of the site (home cards).
Result<Dynamics> load_recent(const PageEnv& env, const Period& last, int count);

// The strip of one topic's row: {id, caption, cells: [{assessment, icon, label, href}]}; a cell
// without a commentary has assessment "none" and no href. Labels read
// "Security issues, Feb 28 – Mar 6, 2022: the situation got worse".
render::View strip_view(const PageEnv& env, const Topic& topic, const Dynamics& dynamics, std::size_t row,
                        const std::string& id);

// {svg_html, legend: [{name, style}]} for the topics at `rows` of `dynamics`.
render::View index_chart_view(const PageEnv& env, const Dynamics& dynamics, const std::vector<std::size_t>& rows,
                              const std::string& id);
// {svg_html} with every topic of `dynamics` as a row.
render::View matrix_view(const PageEnv& env, const Dynamics& dynamics, const std::string& id);
// Per topic: {name, href, better, worse, unchanged, missing, longest_worse, longest_better, current}.
render::View summary_view(const PageEnv& env, const Dynamics& dynamics);
// Per year (newest first): {year, rows: [{name, better, worse, unchanged, missing, first, span}]}.
render::View years_view(const PageEnv& env, const Dynamics& dynamics);
// The text alternative of chart and matrix: {topics: [name], weeks: [{range, href, cells: [{
// assessment, icon, words, outlook_words, index}]}]}, newest week first.
render::View weeks_table_view(const PageEnv& env, const Dynamics& dynamics);

// The words for the range ("Last year") and the period it spans ("Mar 1, 2021 – Feb 27, 2022").
std::string range_name(const PageEnv& env, DynamicsRange range);
std::string span_text(const PageEnv& env, const Dynamics& dynamics);

}  // namespace barometer::web::views
