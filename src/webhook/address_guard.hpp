// The SSRF guard (docs/decisions/0022-webhooks.md): which addresses a webhook may be delivered
// to. Refused unless private addresses are allowed (the setting webhooks_allow_private):
// unspecified (0.0.0.0/8, ::), loopback (127/8, ::1), private (10/8, 172.16/12, 192.168/16,
// 100.64/10 shared), link-local (169.254/16, fe80::/10), unique-local (fc00::/7), site-local
// (fec0::/10), multicast (224/4, ff00::/8), reserved and broadcast (240/4), benchmarking
// (198.18/15), IETF protocol assignments (192.0.0/24); and every IPv6 form that carries an IPv4
// address — mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::/96), 6to4
// (2002::/16) — judged by the IPv4 address inside.
//
// Checked twice: at registration when the URL's host is a literal (check_literal_host), and at
// delivery on every address the name resolves to, the client then connecting only to the
// addresses that passed (no window for DNS rebinding). Boost-free; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace barometer::webhook {

struct IpAddress {
  bool v4 = false;
  std::array<std::uint8_t, 16> bytes{};  // v4: the first four
};

// An IPv6 literal, or an IPv4 one in any form the resolver would take (127.1, 0x7f.0.0.1,
// 2130706433: inet_aton's); nullopt for a name.
std::optional<IpAddress> parse_ip_literal(const std::string& text);

// Why `address` is refused ("loopback", "private", ...), or "" when it is a public address.
std::string_view refusal_reason(const IpAddress& address);

// invalid ("url: 127.0.0.1 is a loopback address ...") when `host` is a literal refused by the
// rule above and private addresses are not allowed; ok for names (checked at delivery) and
// allowed literals.
Status check_literal_host(const std::string& host, bool allow_private);

}  // namespace barometer::webhook
