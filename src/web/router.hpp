// Router: maps a method and a decoded path to an action, by patterns of path segments.
//
//   "/{lang}/topics/{topic}/"   literal segments match exactly, {name} matches one non-empty
//                               segment, a final '/' means the path must end with a slash
//   "/static/{*path}"           {*name} at the end matches one or more remaining segments
//
// Routes are tried in the order they were added. When only the slash differs, route() reports
// it so the caller can redirect to the canonical form. Thread-safe for concurrent route() calls
// once all routes are added.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "web/http.hpp"
#include "web/url.hpp"

namespace barometer::web {

struct RouteParams {
  std::map<std::string, std::string, std::less<>> values;  // {name} -> decoded segment
  std::vector<std::string> rest;                           // the segments a {*name} took
  // The value of {name}; "" when absent.
  const std::string& get(std::string_view name) const;
};

using RouteAction = std::function<Response(const Request&, const RouteParams&)>;

class Router {
 public:
  struct Route {
    std::vector<std::string> methods;   // e.g. {"GET", "HEAD"}
    std::vector<std::string> pattern;   // segments; "{x}" parameter, "{*x}" rest
    bool trailing_slash = false;
    bool cacheable = false;             // whether the response may go into the page cache
    RouteAction action;
  };

  // `pattern` as described above; `methods` must not be empty.
  void add(std::vector<std::string> methods, std::string_view pattern, RouteAction action, bool cacheable = false);

  enum class Outcome {
    matched,             // route and params set
    method_not_allowed,  // the path exists for other methods; `allow` lists them
    add_slash,           // the path exists with a trailing slash
    not_found,
  };
  struct Result {
    Outcome outcome = Outcome::not_found;
    const Route* route = nullptr;
    RouteParams params;
    std::string allow;   // "GET, HEAD" for method_not_allowed
  };
  Result route(std::string_view method, const PathSegments& path) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace barometer::web
