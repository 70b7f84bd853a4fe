// The read-only JSON API under /api/v1/ (issue 16; docs/decisions/0021-read-api.md; the contract
// is src/web/api/openapi.json, served at /api/v1/openapi.json): the published topics, periods
// with their markers, commentaries, authors and the readers' search, never anything unpublished.
//
// Contract:
//  - GET and HEAD answer; OPTIONS answers a CORS preflight (204) for any API route; any other
//    method is a 405 with Allow. Every response, errors and 304s included, carries
//    Access-Control-Allow-Origin: * (no credentials: the API has nothing private).
//  - Every failure is JSON {"error": {"code", "message", "parameter"}} with a 4xx (or 503 when
//    the database is down): bad or unknown parameters (400), forged cursors (400
//    invalid_cursor), unknown routes and things (404), wrong methods (405), too many requests
//    (429 with Retry-After). Never HTML, never a 500 for anything a client can send.
//  - Lists page by keyset: `limit` (default and maximum below) and an opaque `cursor`; a `next`
//    URL in the body and in a Link header while there is more.
//  - 200s but search's go into the page cache keyed by path and query and tagged with the
//    content version, like pages: a publish is visible on the next request; ETag/304 and gzip
//    come from the cache and the standard middleware.
//  - Thread-safe; `store` (and `search`) must outlive the handler.
#pragma once

#include <memory>
#include <string>

#include "domain/result.hpp"
#include "storage/search_store.hpp"
#include "storage/store.hpp"
#include "web/http.hpp"
#include "web/page_cache.hpp"

namespace barometer::web::api {

struct ReadApiOptions {
  // Public URL (no trailing slash) of `next` links and the site URLs in objects, overriding the
  // base URL stored with the site: the operator's configuration wins. "" = the stored one.
  std::string base_url;
  // Items per page when a request gives no `limit`. Default 20; must be 1..max_limit.
  int default_limit = 20;
  // The largest `limit` accepted (a larger one is a 400, not silently cut). Default 100; 1..100
  // (search's own bound, kMaxSearchLimit).
  int max_limit = 100;
  // The rendered-response cache (shared with the public site's pages, so one memory bound covers
  // both). Null: nothing is cached.
  std::shared_ptr<PageCache> cache;
  // Cache-Control of successful responses; content changes when analysts publish.
  // Default "public, max-age=60" (the pages' own).
  std::string cache_control = "public, max-age=60";
  // Requests per minute per client address (web/client_address.hpp), counted over every API
  // request; 0 = no limit. Default 600. Setting api_rate_limit.
  int rate_limit = 600;
};

// invalid when an option is out of range.
Result<std::unique_ptr<Handler>> make_read_api(Store& store, SearchStore* search, const ReadApiOptions& options);

// Whether `path` (raw, from the request) belongs to the API: "/api/v1" or below. The
// application's dispatcher sends those here, so that nothing under /api/v1 is answered in HTML.
bool is_api_path(std::string_view path);

}  // namespace barometer::web::api
