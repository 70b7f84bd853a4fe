#include "web/router.hpp"

#include <algorithm>

namespace barometer::web {
namespace {

bool is_param(const std::string& s) { return s.size() > 2 && s.front() == '{' && s.back() == '}'; }
bool is_rest(const std::string& s) { return is_param(s) && s[1] == '*'; }

// Matches segments only (not the trailing slash); fills params on success.
bool match_segments(const Router::Route& route, const std::vector<std::string>& segments, RouteParams& params) {
  const auto& pattern = route.pattern;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const std::string& p = pattern[i];
    if (is_rest(p)) {
      if (i >= segments.size()) return false;
      params.rest.assign(segments.begin() + static_cast<std::ptrdiff_t>(i), segments.end());
      return true;
    }
    if (i >= segments.size()) return false;
    if (is_param(p)) {
      if (segments[i].empty()) return false;
      params.values[p.substr(1, p.size() - 2)] = segments[i];
    } else if (p != segments[i]) {
      return false;
    }
  }
  return pattern.size() == segments.size();
}

}  // namespace

const std::string& RouteParams::get(std::string_view name) const {
  static const std::string kEmpty;
  auto it = values.find(name);
  return it == values.end() ? kEmpty : it->second;
}

void Router::add(std::vector<std::string> methods, std::string_view pattern, RouteAction action, bool cacheable) {
  Route route;
  route.methods = std::move(methods);
  route.action = std::move(action);
  route.cacheable = cacheable;
  auto split = split_path(pattern);
  if (split) {
    route.pattern = std::move(split->segments);
    route.trailing_slash = split->trailing_slash && !route.pattern.empty();
  }
  routes_.push_back(std::move(route));
}

Router::Result Router::route(std::string_view method, const PathSegments& path) const {
  Result result;
  bool slash_differs = false;
  for (const Route& route : routes_) {
    RouteParams params;
    if (!match_segments(route, path.segments, params)) continue;
    const bool has_rest = !route.pattern.empty() && is_rest(route.pattern.back());
    const bool path_slash = path.trailing_slash && !path.segments.empty();
    if (!has_rest && route.trailing_slash != path_slash) {
      // Only offer the slashed form (never strip one): /en/topics/x -> /en/topics/x/.
      if (route.trailing_slash) slash_differs = true;
      continue;
    }
    if (std::find(route.methods.begin(), route.methods.end(), method) == route.methods.end()) {
      if (result.outcome != Outcome::method_not_allowed) {
        result.outcome = Outcome::method_not_allowed;
        for (const auto& m : route.methods) result.allow += (result.allow.empty() ? "" : ", ") + m;
      }
      continue;
    }
    result.outcome = Outcome::matched;
    result.route = &route;
    result.params = std::move(params);
    result.allow.clear();
    return result;
  }
  if (result.outcome == Outcome::method_not_allowed) return result;
  if (slash_differs) result.outcome = Outcome::add_slash;
  return result;
}

}  // namespace barometer::web
