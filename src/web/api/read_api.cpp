#include "web/api/read_api.hpp"

#include <functional>

#include "web/api/api_json.hpp"
#include "web/api/openapi_document.hpp"
#include "web/api/parameters.hpp"
#include "web/api/rate_limit.hpp"
#include "web/api/resources.hpp"
#include "web/router.hpp"
#include "web/url.hpp"

namespace barometer::web::api {
namespace {

const std::vector<std::string> kRead = {"GET", "HEAD"};
constexpr const char* kAllow = "GET, HEAD, OPTIONS";

// Response headers a page of JavaScript on any origin may read besides the simple ones.
void add_cors(Response& r) {
  r.set_header("Access-Control-Allow-Origin", "*");
  r.set_header("Access-Control-Expose-Headers", "ETag, Link, Retry-After");
}

class ReadApi final : public Handler {
 public:
  ReadApi(Store& store, SearchStore* search, ReadApiOptions options)
      : store_(store), search_(search), options_(std::move(options)), limiter_(options_.rate_limit) {
    add("/api/v1/", &api_index);
    add("/api/v1/topics", &topic_list);
    add("/api/v1/topics/{slug}", &topic_one);
    add("/api/v1/authors", &author_list);
    add("/api/v1/periods", &period_list);
    add("/api/v1/periods/{period}", &period_one);
    add("/api/v1/commentaries", &commentary_list);
    add("/api/v1/commentaries/{id}", &commentary_one);
    // Never cached: every query is another key, as on the search page.
    add("/api/v1/search", &search_list, false);
    router_.add(kRead, "/api/v1/openapi.json", [](const Request& request, const RouteParams&) {
      if (!request.query.empty())
        return error_response(bad_parameter("", "the document takes no parameters", "unknown_parameter"));
      Response r;
      r.set_header("Content-Type", "application/json");
      r.set_header("Cache-Control", "public, max-age=3600");
      r.set_body(std::string(openapi_document()));
      return r;
    }, true);
  }

  Response handle(const Request& request) override {
    Response response;
    try {
      response = dispatch(request);
    } catch (const std::exception&) {
      // A bug, not bad input: never show internals.
      response = error_response(ApiError{500, "internal", "internal error", ""});
    }
    add_cors(response);
    return response;
  }

 private:
  using Endpoint = Response (*)(const ApiCall&);

  void add(std::string_view pattern, Endpoint endpoint, bool cacheable = true) {
    router_.add(kRead, pattern, [this, endpoint](const Request& request, const RouteParams& params) {
      auto query = parse_query(request.query);
      if (!query) return error_response(ApiError{400, "invalid_query", "the query string is not well formed", ""});
      auto catalog = load_catalog();
      if (!catalog) return unavailable_response();
      return endpoint(ApiCall{store_, search_, *catalog, options_, request.path, *query, params});
    }, cacheable);
  }

  std::optional<Catalog> load_catalog() {
    Catalog c;
    auto site = store_.load_site();
    auto topics = store_.list_topics();
    auto authors = store_.list_authors();
    if (!site || !topics || !authors) return std::nullopt;
    c.site = std::move(*site);
    c.topics = std::move(*topics);
    c.authors = std::move(*authors);
    c.base_url = options_.base_url.empty() ? c.site.base_url : options_.base_url;
    while (!c.base_url.empty() && c.base_url.back() == '/') c.base_url.pop_back();
    return c;
  }

  Response dispatch(const Request& request) {
    if (limiter_.enabled()) {
      if (const int wait = limiter_.admit(request.remote_address, RateLimiter::Clock::now())) {
        Response r = error_response(ApiError{429, "rate_limited",
                                             "more than " + std::to_string(options_.rate_limit) +
                                                 " requests a minute from this address; retry after " +
                                                 std::to_string(wait) + " s",
                                             ""});
        r.set_header("Retry-After", std::to_string(wait));
        return r;
      }
    }
    auto path = split_path(request.path);
    if (!path) return error_response(ApiError{400, "invalid_path", "the path is not well formed", ""});
    const bool preflight = request.method == "OPTIONS";
    auto match = router_.route(preflight ? "GET" : request.method, *path);
    switch (match.outcome) {
      case Router::Outcome::not_found:
      case Router::Outcome::add_slash:  // "/api/v1" as much as "/api/v1/nothing": the index has a slash
        return error_response(ApiError{404, "not_found", "no such API resource; the index is /api/v1/", ""});
      case Router::Outcome::method_not_allowed: {
        Response r = error_response(ApiError{405, "method_not_allowed", "the API only reads: GET, HEAD or OPTIONS", ""});
        r.set_header("Allow", kAllow);
        return r;
      }
      case Router::Outcome::matched:
        break;
    }
    if (preflight) return preflight_response();
    if (!match.route->cacheable || !options_.cache) return match.route->action(request, match.params);
    const std::uint64_t version = store_.content_version();
    const std::string key = "api:" + request.path + "?" + request.query;
    if (auto hit = options_.cache->lookup(key, version)) return std::move(*hit);
    Response response = match.route->action(request, match.params);
    if (response.status == 200) {
      options_.cache->store(key, version, response);
      // The cache adds ETag and gzip to its copy; serve the same bytes from the first time.
      if (auto stored = options_.cache->lookup(key, version)) return std::move(*stored);
    }
    return response;
  }

  static Response preflight_response() {
    Response r;
    r.status = 204;
    r.set_header("Allow", kAllow);
    r.set_header("Access-Control-Allow-Methods", kAllow);
    // Conditional requests from scripts: If-None-Match is not a CORS-safelisted header.
    r.set_header("Access-Control-Allow-Headers", "If-None-Match");
    r.set_header("Access-Control-Max-Age", "86400");
    r.set_header("Cache-Control", "public, max-age=86400");
    return r;
  }

  Store& store_;
  SearchStore* search_;
  const ReadApiOptions options_;
  Router router_;
  RateLimiter limiter_;
};

}  // namespace

bool is_api_path(std::string_view path) { return path == "/api" || path.rfind("/api/", 0) == 0; }

Result<std::unique_ptr<Handler>> make_read_api(Store& store, SearchStore* search, const ReadApiOptions& options) {
  if (options.max_limit < 1 || options.max_limit > kMaxSearchLimit)
    return invalid("max_limit must be 1.." + std::to_string(kMaxSearchLimit));
  if (options.default_limit < 1 || options.default_limit > options.max_limit)
    return invalid("default_limit must be 1..max_limit");
  if (options.rate_limit < 0) return invalid("rate_limit must not be negative");
  return std::unique_ptr<Handler>(std::make_unique<ReadApi>(store, search, options));
}

}  // namespace barometer::web::api
