// The read API's endpoints, one function each: check the query, ask the store (or the search
// service), render JSON. Called by the handler in read_api.cpp once the route, the method and the
// rate limit are settled; each answers its own bad parameters (web/api/api_json.hpp ApiError).
// Thread-safe as the store is.
#pragma once

#include <string>

#include "storage/search_store.hpp"
#include "storage/store.hpp"
#include "web/api/api_json.hpp"
#include "web/api/read_api.hpp"
#include "web/router.hpp"
#include "web/url.hpp"

namespace barometer::web::api {

struct ApiCall {
  Store& store;
  SearchStore* search;  // null: /api/v1/search is a 404
  const Catalog& catalog;
  const ReadApiOptions& options;
  const std::string& path;  // the request's raw path, for next links
  const QueryParams& query;
  const RouteParams& params;
};

Response api_index(const ApiCall& call);
Response topic_list(const ApiCall& call);
Response topic_one(const ApiCall& call);
Response author_list(const ApiCall& call);
Response period_list(const ApiCall& call);
Response period_one(const ApiCall& call);
Response commentary_list(const ApiCall& call);
Response commentary_one(const ApiCall& call);
Response search_list(const ApiCall& call);

// 503 unavailable with Retry-After: the database did not answer.
Response unavailable_response();

}  // namespace barometer::web::api
