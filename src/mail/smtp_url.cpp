#include "mail/smtp_url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "domain/text.hpp"

namespace barometer::mail {

namespace {

// A user name or password: %-escapes decoded; no CR, LF or NUL (they would break the AUTH line).
Result<std::string> decode_credential(std::string_view s, const char* what) {
  auto out = percent_decode(s);
  if (!out) return invalid(std::string("SMTP URL: bad %-escape or NUL in the ") + what);
  if (out->find_first_of("\r\n") != std::string::npos)
    return invalid(std::string("SMTP URL: control character in the ") + what);
  return std::move(*out);
}

bool is_host_char(unsigned char c) { return std::isalnum(c) || c == '-' || c == '.' || c == '_'; }

}  // namespace

std::string SmtpUrl::redacted() const {
  const bool v6 = host.find(':') != std::string::npos;
  return std::string(implicit_tls ? "smtps://" : "smtp://") + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<SmtpUrl> parse_smtp_url(std::string_view url) {
  SmtpUrl out;
  if (url.starts_with("smtp://")) {
    url.remove_prefix(7);
  } else if (url.starts_with("smtps://")) {
    url.remove_prefix(8);
    out.implicit_tls = true;
    out.port = 465;
  } else {
    return invalid("SMTP URL: must start with smtp:// or smtps:// (got '" + std::string(url.substr(0, 16)) + "')");
  }
  if (url.ends_with('/')) url.remove_suffix(1);
  if (url.find_first_of("/?#") != std::string_view::npos) return invalid("SMTP URL: no path, query or fragment allowed");
  if (std::any_of(url.begin(), url.end(), [](unsigned char c) { return c <= 0x20 || c >= 0x7f; }))
    return invalid("SMTP URL: spaces and non-ASCII characters must be %-encoded");

  // userinfo is everything before the last '@' (a password may contain an encoded '@' only).
  if (const auto at = url.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = url.substr(0, at);
    url.remove_prefix(at + 1);
    const auto colon = userinfo.find(':');
    auto user = decode_credential(userinfo.substr(0, colon), "user name");
    if (!user) return user.error();
    if (user->empty()) return invalid("SMTP URL: empty user name before '@'");
    out.user = std::move(*user);
    if (colon != std::string_view::npos) {
      auto password = decode_credential(userinfo.substr(colon + 1), "password");
      if (!password) return password.error();
      out.password = std::move(*password);
    }
  }

  std::string_view port_text;
  if (url.starts_with('[')) {
    const auto close = url.find(']');
    if (close == std::string_view::npos) return invalid("SMTP URL: '[' without ']' around the IPv6 address");
    const std::string_view v6 = url.substr(1, close - 1);
    if (v6.empty() || !std::all_of(v6.begin(), v6.end(), [](unsigned char c) { return std::isxdigit(c) || c == ':' || c == '.'; }))
      return invalid("SMTP URL: bad IPv6 address");
    out.host = std::string(v6);
    const std::string_view rest = url.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return invalid("SMTP URL: unexpected text after the IPv6 address");
      port_text = rest.substr(1);
      if (port_text.empty()) return invalid("SMTP URL: empty port");
    }
  } else {
    const auto colon = url.find(':');
    out.host = std::string(url.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = url.substr(colon + 1);
      if (port_text.empty()) return invalid("SMTP URL: empty port");
    }
    if (!std::all_of(out.host.begin(), out.host.end(), [](unsigned char c) { return is_host_char(c); }))
      return invalid("SMTP URL: bad host name '" + out.host + "'");
  }
  if (out.host.empty()) return invalid("SMTP URL: no host");
  if (!port_text.empty()) {
    int port = 0;
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535)
      return invalid("SMTP URL: port must be a number from 1 to 65535 (got '" + std::string(port_text) + "')");
    out.port = port;
  }
  return out;
}

}  // namespace barometer::mail
