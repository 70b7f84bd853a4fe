// SmtpUrl: where the relay is, as BAROMETER_SMTP_URL / site.toml write it.
//
//   smtp://host[:port]            plain SMTP (port 25), STARTTLS when the relay offers it
//   smtps://host[:port]           implicit TLS (port 465)
//   smtp://user:pass@host:587     AUTH with these credentials (percent-encoded in the URL)
//   smtp://[::1]:2525             IPv6 literal in brackets
//
// A trailing "/" is allowed; any other path, query or fragment is refused, so a typo never
// silently becomes part of the EHLO name.
#pragma once

#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace barometer::mail {

struct SmtpUrl {
  bool implicit_tls = false;  // smtps://
  std::string host;           // "mail.example.org", "127.0.0.1", or "::1" (brackets removed)
  int port = 25;              // 25 for smtp://, 465 for smtps:// when not given
  std::string user;           // percent-decoded; empty: no AUTH
  std::string password;       // percent-decoded

  // "smtp://host:port" (or smtps://), IPv6 in brackets, without credentials: safe to log.
  std::string redacted() const;
};

// invalid with a message naming what is wrong (scheme, host, port, escape, path).
Result<SmtpUrl> parse_smtp_url(std::string_view url);

}  // namespace barometer::mail
