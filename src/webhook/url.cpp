#include "webhook/url.hpp"

#include <algorithm>
#include <cctype>

namespace barometer::webhook {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_'; }

}  // namespace

Result<Url> parse_url(std::string_view text) {
  if (text.empty()) return invalid("url: empty");
  if (text.size() > kMaxUrlLength) return invalid("url: longer than " + std::to_string(kMaxUrlLength) + " characters");
  if (!std::all_of(text.begin(), text.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; }))
    return invalid("url: spaces, control or non-ASCII characters (percent-encode them)");
  Url url;
  url.text = std::string(text);
  const std::string head = lower(text.substr(0, std::min<std::size_t>(text.size(), 8)));
  std::string_view rest;
  if (head.rfind("http://", 0) == 0) {
    rest = text.substr(7);
  } else if (head.rfind("https://", 0) == 0) {
    url.https = true;
    rest = text.substr(8);
  } else {
    return invalid("url: only http:// and https:// URLs");
  }
  if (rest.find('#') != std::string_view::npos) return invalid("url: no fragment (#...)");
  const std::size_t end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, end);
  url.target = end == std::string_view::npos ? "/" : std::string(rest.substr(end));
  if (url.target.front() == '?') url.target.insert(0, "/");
  // Credentials in a URL end up in logs and pages; the signature is how receivers authenticate us.
  if (authority.find('@') != std::string_view::npos) return invalid("url: no user name or password in the URL");
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return invalid("url: an unclosed [IPv6] address");
    url.host = lower(authority.substr(1, close - 1));
    url.ipv6_literal = true;
    if (url.host.empty() || url.host.find_first_not_of("0123456789abcdef:.") != std::string::npos)
      return invalid("url: not an IPv6 address in [...]");
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return invalid("url: unexpected text after the [IPv6] address");
      port_text = after.substr(1);
      if (port_text.empty()) return invalid("url: an empty port");
    }
  } else {
    const std::size_t colon = authority.rfind(':');
    std::string_view host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return invalid("url: an empty port");
    }
    if (host.empty()) return invalid("url: no host");
    if (host.size() > 253 || !std::all_of(host.begin(), host.end(), name_char) || host.front() == '.' ||
        host.find("..") != std::string_view::npos)
      return invalid("url: the host is not a DNS name or an IP address");
    url.host = lower(host);
  }
  url.port = url.https ? 443 : 80;
  if (!port_text.empty()) {
    if (port_text.size() > 5 || port_text.find_first_not_of("0123456789") != std::string_view::npos)
      return invalid("url: the port must be a number 1-65535");
    const int port = std::stoi(std::string(port_text));
    if (port < 1 || port > 65535) return invalid("url: the port must be a number 1-65535");
    url.port = port;
  }
  return url;
}

std::string host_header(const Url& url) {
  std::string host = url.ipv6_literal ? "[" + url.host + "]" : url.host;
  if (url.port != (url.https ? 443 : 80)) host += ":" + std::to_string(url.port);
  return host;
}

}  // namespace barometer::webhook
