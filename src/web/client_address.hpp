// The client's address behind a reverse proxy (docs/deploy.md, "The nginx site").
//
// Behind nginx every connection comes from the proxy, so per-IP limits (subscribe, confirmation
// mails, the sign-in throttle) and the hashed IP of consent records would all see the proxy's
// address. TrustedProxies names the peers (IPs or CIDR networks, v4 and v6) whose
// X-Forwarded-For header is believed; web::Server applies it to every request's remote_address.
//
// The rule (the same as nginx's real_ip_recursive): when the peer is not trusted, the client is
// the peer, whatever X-Forwarded-For says (anybody can send one). When it is, the header is read
// from the right (each proxy appends the address it saw) and the first address that is not itself
// trusted is the client; addresses further left were written by the client and are never read.
// An element that is not an IP address where one is read means a broken header: the peer is the
// client. When every element is trusted, the left-most one is the client. Addresses are returned
// in the library's canonical text form (IPv4-mapped IPv6 as IPv4), so one client is one key.
//
// IP parsing and matching is Boost.Asio's (ip::make_address, ip::network_v4/v6), kept in
// client_address.cpp so this header stays free of Boost. Thread-safe: const after parse().
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "web/http.hpp"

namespace barometer::web {

class TrustedProxies {
 public:
  // Trusts nobody: client_address() is always the peer.
  TrustedProxies() = default;

  // Entries like "127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8" (surrounding blanks ignored; a
  // network's host bits are ignored: "10.1.2.3/8" is 10.0.0.0/8). invalid naming the first entry
  // that is neither an address nor a network.
  static Result<TrustedProxies> parse(const std::vector<std::string>& entries);

  bool empty() const { return networks_.empty(); }
  // True when `address` (text) is an IP inside one of the networks; false for anything else.
  bool trusts(std::string_view address) const;

  // The client of a request that came from `peer` carrying `forwarded_for` (every
  // X-Forwarded-For value of the request, comma-joined in order; "" when none). See above.
  std::string client_address(std::string_view peer, std::string_view forwarded_for) const;

 private:
  struct Network {
    bool v6 = false;
    std::array<unsigned char, 16> bytes{};  // the canonical network address (first 4 for v4)
    unsigned short prefix = 0;
  };
  std::vector<Network> networks_;
};

// Every X-Forwarded-For field of `request` joined with "," in the order received ("" when none):
// RFC 9110 lets a list header be split over several fields.
std::string forwarded_for(const Request& request);

}  // namespace barometer::web
