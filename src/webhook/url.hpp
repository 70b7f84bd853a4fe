// A webhook's URL, parsed strictly (docs/decisions/0022-webhooks.md): http or https only, no
// credentials (user:password@), no fragment, printable ASCII, at most kMaxUrlLength bytes, a host
// that is a DNS name, an IPv4 literal or a bracketed IPv6 literal, an optional port 1..65535.
// Boost-free; thread-safe (pure functions).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace barometer::webhook {

inline constexpr std::size_t kMaxUrlLength = 2048;

struct Url {
  bool https = false;
  std::string host;    // lower case; an IPv6 literal without its brackets
  bool ipv6_literal = false;
  int port = 0;        // 80 / 443 when the URL names none
  std::string target;  // path and query, "/" at least
  std::string text;    // the URL as given
};

// invalid with a message a form can show ("only http and https URLs", "no user name or password
// in the URL", ...).
Result<Url> parse_url(std::string_view text);

// The Host header's value: host, [v6] and ":port" when the port is not the scheme's default.
std::string host_header(const Url& url);

}  // namespace barometer::webhook
