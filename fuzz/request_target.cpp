// The HTTP request-target as the server splits it (web/wire.hpp set_target), then the router's
// path segments and the query string (web/url.hpp split_path, parse_query).
// Invariants: path + "?" + query is the target; a parsed path and a parsed query are rebuilt
// from their decoded parts with percent_encode and parse back to the same parts.
#include <string>

#include "fuzz_check.hpp"
#include "web/url.hpp"
#include "web/wire.hpp"

using namespace barometer::web;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view target = barometer::fuzz::as_text(data, size);
  Request request;
  set_target(request, target);
  FUZZ_CHECK(request.target == target);
  FUZZ_CHECK(request.path.find('?') == std::string::npos);
  FUZZ_CHECK((target.find('?') == std::string_view::npos ? request.path : request.path + "?" + request.query) ==
             target);

  if (auto path = split_path(request.path)) {
    std::string rebuilt = "/";
    for (std::size_t i = 0; i < path->segments.size(); ++i) {
      if (i > 0) rebuilt += '/';
      rebuilt += percent_encode(path->segments[i]);
    }
    if (path->trailing_slash && !path->segments.empty()) rebuilt += '/';
    auto again = split_path(rebuilt);
    FUZZ_CHECK(again);
    FUZZ_CHECK(again->segments == path->segments);
  }

  if (auto query = parse_query(request.query)) {
    std::string rebuilt;
    for (const auto& [name, value] : *query) {
      if (!rebuilt.empty()) rebuilt += '&';
      rebuilt += percent_encode(name) + "=" + percent_encode(value);
    }
    auto again = parse_query(rebuilt);
    FUZZ_CHECK(again);
    FUZZ_CHECK(*again == *query);
    for (const auto& [name, value] : *query) FUZZ_CHECK(query_value(*query, name).has_value());
  }
  return 0;
}
