// SmtpTransport: MailTransport that speaks SMTP to one relay, with libcurl.
//
// TLS: smtps:// is implicit TLS; with smtp:// STARTTLS is used whenever the relay offers it, and
// required (the send fails as transient otherwise) when SmtpOptions::require_starttls is set.
// AUTH uses the URL's credentials with the best mechanism the relay offers. The libcurl handle
// (and with it the connection) is kept between send() calls, so a batch of messages goes over one
// connection; a connection that died in between is replaced transparently.
//
// How outcomes are decided (docs/decisions/0008-mail.md):
//   - libcurl OK (250 after the end of DATA)                        -> accepted
//   - the last reply was 4xx (greeting, MAIL, RCPT, DATA, or final)  -> transient
//   - the last reply was 5xx                                         -> permanent
//   - authentication refused, TLS unavailable, cannot connect, a
//     timeout or drop before the whole message was handed over      -> transient
//   - the whole message was handed to libcurl (the read callback hit its end) and the transfer
//     then failed with no 4xx/5xx reply (connection lost, timeout)  -> uncertain
// A drop while libcurl was still writing the last bytes also counts as uncertain: it is the
// conservative side (the caller re-sends with the same Message-ID rather than loses the message).
//
// Thread-safety: one object per sending thread (MailTransport contract).
#pragma once

#include <memory>
#include <string>

#include "mail/smtp_url.hpp"
#include "mail/transport.hpp"

namespace barometer::mail {

struct SmtpOptions {
  SmtpUrl relay;                        // where to connect (parse_smtp_url); no default host
  bool require_starttls = false;        // smtp:// only: fail unless STARTTLS succeeds (default: use it if offered)
  bool verify_tls_peer = true;          // check the relay's certificate and host name
  std::string ca_file;                  // extra CA bundle (PEM path); empty: the system's
  std::string helo_name = "localhost";  // the name sent with EHLO
  long connect_timeout_ms = 10'000;     // TCP + TLS + greeting, milliseconds
  long message_timeout_ms = 120'000;    // one whole send() including every reply, milliseconds
};

class SmtpTransport final : public MailTransport {
 public:
  explicit SmtpTransport(SmtpOptions options);
  ~SmtpTransport() override;
  SmtpTransport(const SmtpTransport&) = delete;
  SmtpTransport& operator=(const SmtpTransport&) = delete;

  SendResult send(const Envelope& envelope, const std::string& message) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace barometer::mail
