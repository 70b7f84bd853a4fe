#include "webhook/address_guard.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace barometer::webhook {

namespace {

std::string_view v4_reason(const std::uint8_t* a) {
  const std::uint8_t b0 = a[0], b1 = a[1], b2 = a[2];
  if (b0 == 0) return "unspecified";
  if (b0 == 127) return "loopback";
  if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) return "private";
  if (b0 == 100 && (b1 & 0xc0) == 64) return "private";  // shared address space (carrier NAT)
  if (b0 == 169 && b1 == 254) return "link-local";
  if (b0 == 192 && b1 == 0 && b2 == 0) return "reserved";
  if (b0 == 198 && (b1 & 0xfe) == 18) return "reserved";
  if ((b0 & 0xf0) == 224) return "multicast";
  if ((b0 & 0xf0) == 240) return "reserved";  // also 255.255.255.255, broadcast
  return "";
}

bool all_zero(const std::uint8_t* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (p[i] != 0) return false;
  return true;
}

}  // namespace

std::optional<IpAddress> parse_ip_literal(const std::string& text) {
  IpAddress ip;
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    std::memcpy(ip.bytes.data(), &v6, 16);
    return ip;
  }
  in_addr v4{};
  // inet_aton, not inet_pton: it takes the short and numeric forms getaddrinfo takes too, so
  // "127.1" or "2130706433" cannot pass as names.
  if (inet_aton(text.c_str(), &v4) != 0) {
    ip.v4 = true;
    std::memcpy(ip.bytes.data(), &v4, 4);
    return ip;
  }
  return std::nullopt;
}

std::string_view refusal_reason(const IpAddress& address) {
  const std::uint8_t* a = address.bytes.data();
  if (address.v4) return v4_reason(a);
  if (all_zero(a, 16)) return "unspecified";
  if (all_zero(a, 15) && a[15] == 1) return "loopback";
  // IPv4 inside IPv6: mapped ::ffff:0:0/96, compatible ::/96, NAT64 64:ff9b::/96.
  if (all_zero(a, 10) && a[10] == 0xff && a[11] == 0xff) {
    auto r = v4_reason(a + 12);
    return r.empty() ? "" : r;
  }
  if (all_zero(a, 12)) return "reserved";  // IPv4-compatible: deprecated, never routed
  static constexpr std::uint8_t kNat64[12] = {0x00, 0x64, 0xff, 0x9b};
  if (std::memcmp(a, kNat64, 12) == 0) return v4_reason(a + 12);
  if (a[0] == 0x20 && a[1] == 0x02) return v4_reason(a + 2);  // 6to4
  if (a[0] == 0xff) return "multicast";
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return "link-local";
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) return "private";  // site-local, deprecated
  if ((a[0] & 0xfe) == 0xfc) return "unique-local";
  return "";
}

Status check_literal_host(const std::string& host, bool allow_private) {
  if (allow_private) return {};
  auto ip = parse_ip_literal(host);
  if (!ip) return {};
  auto reason = refusal_reason(*ip);
  if (reason.empty()) return {};
  return invalid_field("url", host + " is a " + std::string(reason) +
                                  " address; webhooks go to public addresses only (webhooks_allow_private)");
}

}  // namespace barometer::webhook
