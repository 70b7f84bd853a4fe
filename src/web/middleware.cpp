#include "web/middleware.hpp"

#include <utility>

#include "web/etag.hpp"
#include "web/gzip.hpp"

namespace barometer::web {
namespace {

bool has_header(const Response& response, std::string_view name) {
  for (const auto& h : response.headers)
    if (iequals(h.name, name)) return true;
  return false;
}

bool is_get_or_head(const Request& request) {
  return request.method == "GET" || request.method == "HEAD";
}

// Headers a 304 keeps (RFC 9110 §15.4.5): those a 200 would carry that caches need.
bool kept_on_304(std::string_view name) {
  for (std::string_view keep : {"ETag", "Cache-Control", "Vary", "Expires", "Content-Location", "Date"})
    if (iequals(name, keep)) return true;
  // CORS: a script on another origin that revalidates (the read API) must be allowed to see the
  // 304 too (Fetch standard, CORS check on every response).
  for (std::string_view keep : {"Access-Control-Allow-Origin", "Access-Control-Expose-Headers"})
    if (iequals(name, keep)) return true;
  return false;
}

// Whether a comma-separated field value lists `token` (case-insensitive).
bool lists_token(std::string_view field, std::string_view token) {
  while (!field.empty()) {
    std::size_t comma = field.find(',');
    std::string_view item = field.substr(0, comma);
    field = comma == std::string_view::npos ? std::string_view{} : field.substr(comma + 1);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (iequals(item, token) || item == "*") return true;
  }
  return false;
}

}  // namespace

void add_vary(Response& response, std::string_view token) {
  for (auto& h : response.headers) {
    if (!iequals(h.name, "Vary")) continue;
    if (lists_token(h.value, token)) return;
    h.value += h.value.empty() ? "" : ", ";
    h.value += token;
    return;
  }
  response.headers.push_back({"Vary", std::string(token)});
}

// ---- SecurityHeaders -------------------------------------------------------------------------

SecurityHeaders::SecurityHeaders(std::unique_ptr<Handler> next, SecurityHeadersOptions options)
    : next_(std::move(next)) {
  auto add = [&](const char* name, std::string& value) {
    if (!value.empty()) headers_.push_back({name, std::move(value)});
  };
  add("Content-Security-Policy", options.content_security_policy);
  add("X-Content-Type-Options", options.content_type_options);
  add("Referrer-Policy", options.referrer_policy);
  add("X-Frame-Options", options.frame_options);
  add("Permissions-Policy", options.permissions_policy);
  add("Strict-Transport-Security", options.strict_transport_security);
}

Response SecurityHeaders::handle(const Request& request) {
  Response response = next_->handle(request);
  response.headers.reserve(response.headers.size() + headers_.size());
  for (const auto& h : headers_)
    if (!has_header(response, h.name)) response.headers.push_back(h);
  return response;
}

// ---- ConditionalGet --------------------------------------------------------------------------

ConditionalGet::ConditionalGet(std::unique_ptr<Handler> next) : next_(std::move(next)) {}

Response ConditionalGet::handle(const Request& request) {
  Response response = next_->handle(request);
  if (response.status != 200 || !is_get_or_head(request)) return response;
  std::string_view etag = response.header("ETag");
  if (etag.empty()) {
    response.set_header("ETag", make_etag(*response.body));
    etag = response.header("ETag");
  }
  std::string_view if_none_match = request.header("If-None-Match");
  if (if_none_match.empty() || !if_none_match_matches(if_none_match, etag)) return response;

  Response not_modified;
  not_modified.status = 304;
  for (auto& h : response.headers)
    if (kept_on_304(h.name)) not_modified.headers.push_back(std::move(h));
  return not_modified;
}

// ---- Compression -----------------------------------------------------------------------------

Compression::Compression(std::unique_ptr<Handler> next, CompressionOptions options)
    : next_(std::move(next)), options_(options) {}

Response Compression::handle(const Request& request) {
  Response response = next_->handle(request);
  const int s = response.status;
  if (s < 200 || s == 204 || s == 206 || s == 304) return response;
  if (response.body->size() < options_.min_size) return response;
  if (!is_compressible_type(response.header("Content-Type"))) return response;
  if (has_header(response, "Content-Encoding")) return response;

  // Both representations exist for this URL, so caches must key on Accept-Encoding either way.
  add_vary(response, "Accept-Encoding");
  if (!accepts_gzip(request.header("Accept-Encoding"))) return response;

  std::shared_ptr<const std::string> gz = response.gzip_body;
  if (!gz) {
    auto compressed = gzip_compress(*response.body, options_.level);
    if (!compressed) return response;
    gz = std::make_shared<const std::string>(std::move(*compressed));
  }
  if (gz->size() >= response.body->size()) return response;

  std::string_view etag = response.header("ETag");
  std::string gz_etag = derive_etag(etag.empty() ? make_etag(*response.body) : std::string(etag), "gz");
  response.set_header("ETag", std::move(gz_etag));
  response.set_header("Content-Encoding", "gzip");
  response.body = std::move(gz);
  response.gzip_body.reset();
  return response;
}

// ---- composition -----------------------------------------------------------------------------

std::unique_ptr<Handler> with_standard_middleware(std::unique_ptr<Handler> inner, MiddlewareOptions options) {
  std::unique_ptr<Handler> h = std::move(inner);
  if (options.compression_enabled) h = std::make_unique<Compression>(std::move(h), options.compression);
  if (options.conditional_get) h = std::make_unique<ConditionalGet>(std::move(h));
  if (options.security_headers) h = std::make_unique<SecurityHeaders>(std::move(h), std::move(options.security));
  return h;
}

}  // namespace barometer::web
