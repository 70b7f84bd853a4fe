// The read API's JSON: the objects it returns (the shapes src/web/api/openapi.json documents, one
// schema each — change both together; tests/web/api_test.cpp and tests/checks/api_openapi.sh hold
// them to it) and its responses. Pure functions over domain values; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <string>

#include "domain/author.hpp"
#include "domain/commentary.hpp"
#include "domain/site.hpp"
#include "domain/topic.hpp"
#include "storage/search_store.hpp"
#include "web/http.hpp"

namespace barometer::site_search {
struct ResultLine;
}

namespace barometer::web::api {

using Json = nlohmann::ordered_json;

// What a request needs to render: the site, its topics and authors, the public URL.
struct Catalog {
  Site site;
  std::vector<Topic> topics;    // by position
  std::vector<Author> authors;  // by slug
  std::string base_url;         // no trailing slash

  const Topic* topic(Id id) const;
  const Topic* topic(std::string_view slug) const;
  const Author* author(Id id) const;
  const Author* author(std::string_view slug) const;
};

// A bad request, a missing thing, a refusal: {"error": {code, message, parameter}}.
struct ApiError {
  int status = 400;
  std::string code;       // stable, machine-readable: invalid_parameter, not_found, ...
  std::string message;    // for people, English
  std::string parameter;  // the query or path parameter at fault; "" when none
};

// Which members of a commentary to include (`fields=`); everything when `all`.
struct FieldSelection {
  bool all = true;
  std::set<std::string, std::less<>> names;  // members and translation members asked for
  bool has(std::string_view name) const { return all || names.contains(name); }
};
// The names `fields=` accepts, in the documented order.
const std::vector<std::string>& commentary_field_names();
// Whether `name` is a member of a translation (title, lead, body, slug, url).
bool is_translation_field(std::string_view name);

Json topic_json(const Catalog& catalog, const Topic& topic);
Json author_json(const Catalog& catalog, const Author& author);
// `lang`: only that language's translations and evidence lines.
Json commentary_json(const Catalog& catalog, const Commentary& commentary, const FieldSelection& fields,
                     const std::optional<LangCode>& lang);
// A week and its markers, topics by position.
Json period_json(const Catalog& catalog, const Period& period, const std::vector<Marker>& markers);
Json search_hit_json(const Catalog& catalog, const site_search::ResultLine& line);

// JSON text of `body` (invalid UTF-8 replaced rather than thrown on), with the API's headers.
Response json_response(int status, const Json& body, const std::string& cache_control);
Response error_response(const ApiError& error);

}  // namespace barometer::web::api
