// Handler decorators applied around the application's router: security headers, conditional
// GET (ETag / If-None-Match -> 304) and gzip. Each owns the next handler; none does I/O, so all
// are tested without a network. Thread-safety: as the wrapped handler (they add no shared state).
//
// Order (outermost first), as built by with_standard_middleware:
//   SecurityHeaders -> ConditionalGet -> Compression -> inner
// Compression picks the representation (and gives the gzip form its own ETag, "<tag>-gz") before
// ConditionalGet compares If-None-Match, so a 304 always refers to the representation the client
// holds. SecurityHeaders is outermost so 304s and errors carry the headers too.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "web/http.hpp"

namespace barometer::web {

struct SecurityHeadersOptions {
  // Content-Security-Policy; "" = do not send. Default: same-origin everything, data: images.
  std::string content_security_policy =
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
      "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
  // X-Content-Type-Options; "" = do not send. Default "nosniff".
  std::string content_type_options = "nosniff";
  // Referrer-Policy; "" = do not send. Default "strict-origin-when-cross-origin".
  std::string referrer_policy = "strict-origin-when-cross-origin";
  // X-Frame-Options (for browsers without frame-ancestors); "" = do not send. Default "DENY".
  std::string frame_options = "DENY";
  // Permissions-Policy; "" = do not send. Default: no camera, microphone, geolocation, payment.
  std::string permissions_policy = "camera=(), microphone=(), geolocation=(), payment=()";
  // Strict-Transport-Security; "" = do not send. Default "" (only correct behind HTTPS; the
  // operator turns it on, e.g. "max-age=31536000").
  std::string strict_transport_security;
};

struct CompressionOptions {
  // Bodies shorter than this (bytes) are sent as they are: gzip would not pay off. Default 1 KiB.
  std::size_t min_size = 1024;
  // zlib level (1..9) for responses without a precomputed gzip_body. Default 6.
  int level = 6;
};

struct MiddlewareOptions {
  SecurityHeadersOptions security;  // see above
  CompressionOptions compression;   // see above
  bool security_headers = true;     // add SecurityHeaders. Default on.
  bool conditional_get = true;      // add ConditionalGet. Default on.
  bool compression_enabled = true;  // add Compression. Default on.
};

// Adds the configured security headers to every response unless the handler set that header
// itself (a handler's own value wins, nothing is duplicated).
class SecurityHeaders final : public Handler {
 public:
  SecurityHeaders(std::unique_ptr<Handler> next, SecurityHeadersOptions options = {});
  Response handle(const Request& request) override;

 private:
  std::unique_ptr<Handler> next_;
  std::vector<Header> headers_;  // the non-empty configured headers, built once
};

// For 200 responses to GET/HEAD: ensures a strong ETag (the handler's, else a hash of the body)
// and answers If-None-Match (lists, W/ forms, "*") with 304 carrying ETag, Cache-Control, Vary,
// Expires, Content-Location, Date and the CORS headers Access-Control-Allow-Origin and
// -Expose-Headers only, and no body. Other methods and statuses pass through.
class ConditionalGet final : public Handler {
 public:
  explicit ConditionalGet(std::unique_ptr<Handler> next);
  Response handle(const Request& request) override;

 private:
  std::unique_ptr<Handler> next_;
};

// gzip for responses whose Content-Type is compressible, body >= min_size, no Content-Encoding
// yet, status not 204/206/304, when Accept-Encoding allows gzip. Uses Response::gzip_body when
// present (cached pages), else compresses with zlib, and keeps the result only if smaller.
// Adds "Vary: Accept-Encoding" to every compressible response (gzipped or not); the gzip form
// gets ETag "<tag>-gz" (tag = the handler's ETag or the identity body's hash).
class Compression final : public Handler {
 public:
  Compression(std::unique_ptr<Handler> next, CompressionOptions options = {});
  Response handle(const Request& request) override;

 private:
  std::unique_ptr<Handler> next_;
  CompressionOptions options_;
};

// inner wrapped as SecurityHeaders(ConditionalGet(Compression(inner))), each optional.
std::unique_ptr<Handler> with_standard_middleware(std::unique_ptr<Handler> inner,
                                                  MiddlewareOptions options = {});

// Adds `token` to the response's Vary header unless already listed (or Vary is "*").
void add_vary(Response& response, std::string_view token);

}  // namespace barometer::web
