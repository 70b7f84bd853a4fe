// The read API's query parameters: which a route accepts, and what each value means. Every check
// names the parameter at fault (ApiError::parameter), so a client sees which one to fix.
// Pure functions over the query and the catalog; thread-safe.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "domain/assessment.hpp"
#include "domain/period.hpp"
#include "storage/search_store.hpp"
#include "web/api/api_json.hpp"
#include "web/url.hpp"

namespace barometer::web::api {

// A parsed value or the error that refused it.
template <class T>
using Checked = std::variant<T, ApiError>;

template <class T>
const ApiError* failure(const Checked<T>& c) {
  return std::get_if<ApiError>(&c);
}

ApiError bad_parameter(std::string parameter, std::string message, std::string code = "invalid_parameter");

// unknown_parameter for a name outside `allowed`; invalid_parameter for one given twice.
std::optional<ApiError> accept_only(const QueryParams& query, std::initializer_list<std::string_view> allowed);

// `limit`: 1..max, default when absent.
Checked<int> page_limit(const QueryParams& query, int default_limit, int max_limit);

// The key of `cursor` for this collection and these filters (nullopt when there is none).
Checked<std::optional<std::string>> cursor_key(const QueryParams& query, std::string_view collection,
                                              bool limit_in_fingerprint = false);

// The filters commentaries and search share: topic and author (slugs of the catalog), from/to
// (weeks, from <= to), assessment, outlook (risk | opportunity), lang (a site language; search
// also takes "all", which is the same as none).
struct ContentFilters {
  std::optional<Id> topic_id, author_id;
  std::optional<Period> from, to;
  std::optional<Assessment> assessment;
  std::optional<Outlook> outlook;
  std::optional<LangCode> lang;
};
Checked<ContentFilters> content_filters(const QueryParams& query, const Catalog& catalog, bool lang_may_be_all);

// `fields`: a comma-separated list of commentary_field_names(); all fields when absent.
Checked<FieldSelection> field_selection(const QueryParams& query);

// A positive decimal id of at most 18 digits.
std::optional<Id> parse_id(std::string_view text);

// base URL + path + the query without its cursor + "cursor=<token>".
std::string next_url(const std::string& base_url, const std::string& path, const QueryParams& query,
                     const std::string& token);

}  // namespace barometer::web::api
