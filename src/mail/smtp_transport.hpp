// SmtpTransport: MailTransport that speaks SMTP (RFC 5321) to one relay over an SmtpConnection
// (Boost.Asio + OpenSSL). docs/decisions/0012-smtp-client.md says why it is not libcurl.
//
// Session: connect, greeting, EHLO (HELO for a relay without ESMTP), STARTTLS whenever the relay
// offers it (required, the send failing as transient otherwise, with SmtpOptions::require_starttls;
// smtps:// is implicit TLS instead), then AUTH PLAIN or LOGIN with the URL's credentials. The
// session is kept between send() calls, so a batch goes over one connection; a connection the
// relay closed in between (a 421, or a drop at the first reply) is replaced and the message
// sent on the new one, which is safe because nothing of it was sent before.
// With PIPELINING (RFC 2920) MAIL FROM, RCPT TO and DATA go in one write: a message costs two
// round trips (envelope, content) instead of four; in send_stream() the next envelope rides
// with the previous message's content, so a stream costs one round trip per message, and the
// message after that is built (next()) while the relay answers, so building and waiting overlap.
//
// How outcomes are decided (docs/decisions/0008-mail.md):
//   - 250 after the end of DATA                                     -> accepted
//   - a 4xx to MAIL, RCPT, DATA or the end of DATA                  -> transient
//   - a 5xx to MAIL, RCPT, DATA or the end of DATA                  -> permanent
//   - connecting, the greeting, EHLO, TLS or AUTH failed, a timeout
//     or drop before the whole message was written                  -> transient (the relay's
//     problem, never the recipient's: it counts no bounce)
//   - the whole message and the end-of-data line were written, and
//     then no reply came (connection lost, timeout)                 -> uncertain
// A write that fails never delivered the end-of-data line, so the relay cannot have accepted
// that message: transient is exact there.
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
  // With PIPELINING each message's content, end of data and the next message's envelope go out
  // in one write: one round trip per message (transport.hpp has the contract).
  std::optional<SendResult> send_stream(const NextMessage& next, const MessageDone& done) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace barometer::mail
