// URL pieces for routing: path segments, query parameters, encoding links (percent_decode itself
// is domain/text.hpp's, shared with mail). Pure functions, no allocation beyond their results;
// malformed input gives nullopt (the caller answers 400), never an exception.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/text.hpp"

namespace barometer::web {

// A request path split at '/', each segment decoded on its own (so "%2F" stays inside its
// segment and can be refused by whoever cares). "/en/topics/x/" -> {"en","topics","x"}, with
// trailing_slash; "/" -> {} with trailing_slash.
struct PathSegments {
  std::vector<std::string> segments;
  bool trailing_slash = false;
};
// nullopt when the path does not start with '/' or a segment is malformed.
std::optional<PathSegments> split_path(std::string_view raw_path);

using QueryParams = std::vector<std::pair<std::string, std::string>>;
// "a=1&b=x+y" -> {{"a","1"},{"b","x y"}}; a bare "flag" gives {"flag",""}. nullopt when malformed.
std::optional<QueryParams> parse_query(std::string_view raw_query);
// The first value of `name`, or nullopt.
std::optional<std::string> query_value(const QueryParams& params, std::string_view name);

// Percent-encodes everything but RFC 3986 unreserved characters, for one path segment or one
// query value.
std::string percent_encode(std::string_view text);

}  // namespace barometer::web
