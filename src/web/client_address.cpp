#include "web/client_address.hpp"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <optional>

namespace barometer::web {
namespace {

namespace ip = boost::asio::ip;

// Longest element looked at: the longest IPv6 text with a scope id and a prefix fits easily;
// anything longer is not an address (and is not handed to the parser).
constexpr std::size_t kMaxElement = 96;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The library parses C strings: an embedded NUL would silently cut the text short.
bool parsable(std::string_view s) {
  return !s.empty() && s.size() <= kMaxElement && s.find('\0') == std::string_view::npos;
}

// An address as the library reads it, with IPv4-mapped IPv6 (::ffff:a.b.c.d, what a dual-stack
// socket reports for an IPv4 peer) turned into the IPv4 address it is.
std::optional<ip::address> parse_address(std::string_view text) {
  text = trim(text);
  if (!parsable(text)) return std::nullopt;
  boost::system::error_code ec;
  ip::address a = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, a.to_v6());
  return a;
}

}  // namespace

Result<TrustedProxies> TrustedProxies::parse(const std::vector<std::string>& entries) {
  TrustedProxies out;
  for (const std::string& raw : entries) {
    const std::string_view entry = trim(raw);
    const auto bad = [&] {
      return invalid("trusted_proxies: '" + std::string(entry.substr(0, kMaxElement)) +
                     "' is not an IP address or network (e.g. 127.0.0.1, 10.0.0.0/8, ::1, fd00::/8)");
    };
    if (!parsable(entry)) return bad();
    Network n;
    const std::size_t slash = entry.find('/');
    if (slash == std::string_view::npos) {
      auto a = parse_address(entry);
      if (!a) return bad();
      n.v6 = a->is_v6();
      n.prefix = n.v6 ? 128 : 32;
      if (n.v6) {
        auto b = a->to_v6().to_bytes();
        std::copy(b.begin(), b.end(), n.bytes.begin());
      } else {
        auto b = a->to_v4().to_bytes();
        std::copy(b.begin(), b.end(), n.bytes.begin());
      }
    } else {
      // The library reads the prefix with atoi: keep it to digits it cannot overflow on.
      if (entry.size() - slash - 1 > 3) return bad();
      boost::system::error_code ec;
      const std::string text(entry);
      if (entry.find(':') == std::string_view::npos) {
        ip::network_v4 net = ip::make_network_v4(text, ec);
        if (ec) return bad();
        auto b = net.canonical().address().to_bytes();
        std::copy(b.begin(), b.end(), n.bytes.begin());
        n.prefix = net.prefix_length();
      } else {
        ip::network_v6 net = ip::make_network_v6(text, ec);
        if (ec) return bad();
        auto b = net.canonical().address().to_bytes();
        std::copy(b.begin(), b.end(), n.bytes.begin());
        n.prefix = net.prefix_length();
        n.v6 = true;
      }
    }
    out.networks_.push_back(n);
  }
  return out;
}

bool TrustedProxies::trusts(std::string_view address) const {
  if (networks_.empty()) return false;
  auto a = parse_address(address);
  if (!a) return false;
  for (const Network& n : networks_) {
    if (n.v6 != a->is_v6()) continue;
    if (n.v6) {
      ip::address_v6::bytes_type b;
      std::copy_n(n.bytes.begin(), b.size(), b.begin());
      // Same network once the address's host bits are cleared.
      if (ip::network_v6(a->to_v6(), n.prefix).canonical().address() == ip::address_v6(b)) return true;
    } else {
      ip::address_v4::bytes_type b;
      std::copy_n(n.bytes.begin(), b.size(), b.begin());
      if (ip::network_v4(a->to_v4(), n.prefix).canonical().address() == ip::address_v4(b)) return true;
    }
  }
  return false;
}

std::string TrustedProxies::client_address(std::string_view peer, std::string_view forwarded) const {
  if (!trusts(peer)) return std::string(peer);
  std::optional<ip::address> leftmost;
  std::string_view rest = forwarded;
  while (!trim(rest).empty()) {
    const std::size_t comma = rest.rfind(',');
    const std::string_view element = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    auto a = parse_address(element);
    if (!a) return std::string(peer);  // written by (or through) a trusted proxy, and broken
    const std::string text = a->to_string();
    if (!trusts(text)) return text;
    leftmost = a;
  }
  return leftmost ? leftmost->to_string() : std::string(peer);
}

std::string forwarded_for(const Request& request) {
  std::string out;
  for (const Header& h : request.headers) {
    if (!iequals(h.name, "X-Forwarded-For")) continue;
    if (!out.empty()) out += ',';
    out += h.value;
  }
  return out;
}

}  // namespace barometer::web
