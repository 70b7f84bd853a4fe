// One webhook POST over HTTP/1.1, http or https (Boost.Beast + OpenSSL; this header is Boost-free
// and http_post.cpp is the layer's only Boost translation unit).
//
// What it guarantees (docs/decisions/0022-webhooks.md):
//   - the host is resolved, every address is checked against the SSRF guard (address_guard.hpp)
//     unless private addresses are allowed, and the connection goes only to addresses that
//     passed: what was checked is what is connected to;
//   - https verifies the certificate chain (the system's trust store) and the host name, with SNI;
//   - connect_timeout bounds the connection, total_timeout the whole exchange (resolve, connect,
//     TLS, request, response); a receiver that never answers costs at most total_timeout;
//   - redirects are not followed (a 3xx is an answer like any other non-2xx);
//   - at most max_response_bytes of the body are read.
//
// Thread-safe: each call has its own io_context; it blocks the calling thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "webhook/url.hpp"

namespace barometer::webhook {

struct PostOptions {
  // Resolving plus connecting (TCP) may take this long. Default 5 s.
  std::chrono::milliseconds connect_timeout{5000};
  // Everything, from resolving to the end of the response, may take this long. Default 10 s.
  std::chrono::milliseconds total_timeout{10000};
  // The most response body kept; a longer body ends the read (the status still counts). 16 KiB.
  std::size_t max_response_bytes = 16 * 1024;
  // false: loopback, private, link-local ... addresses are refused (the SSRF guard). Default false.
  bool allow_private = false;
};

struct PostResult {
  std::optional<int> status;  // the receiver's HTTP status, when a response head arrived
  std::string body;           // what was read of the body (at most max_response_bytes)
  std::string error;          // what went wrong locally ("" when a full response came)
  bool refused = false;       // the guard refused every address: retrying will not help
};

// POSTs `body` to `url` with `headers` (Host, Content-Length and User-Agent are set here).
PostResult http_post(const Url& url, const std::vector<std::pair<std::string, std::string>>& headers,
                     const std::string& body, const PostOptions& options);

}  // namespace barometer::webhook
