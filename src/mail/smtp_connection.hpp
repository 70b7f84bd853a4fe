// SmtpConnection: one connection to an SMTP server — TCP, optionally TLS (implicit, or started
// on the open socket after STARTTLS) — that writes bytes and reads whole replies, every step
// bounded by a deadline. Boost.Asio and OpenSSL do the sockets and TLS; this class only adds the
// deadlines and the reply framing. SmtpTransport (smtp_transport.hpp) speaks the protocol on it.
//
// Deadlines: each call runs the connection's own io_context until its operation completes or the
// deadline passes; then the socket is closed (the connection is unusable afterwards) and the call
// returns io "timed out". Any error closes the connection too: the caller reconnects.
//
// Replies are framed by SmtpReplyReader (smtp_reply.hpp: RFC 5321 4.2, at most 4,096 bytes a
// line and 100 lines); a protocol error is io and closes the connection.
//
// Thread-safety: one object per thread.
#pragma once

#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "mail/smtp_reply.hpp"

namespace barometer::mail {

struct TlsSettings {
  std::string host;          // the name (or IP literal) the certificate must match; also SNI
  bool verify_peer = true;   // check the chain and the host name
  std::string ca_file;       // extra trusted CA (PEM); "" = the system's store
};

class SmtpConnection {
 public:
  using Clock = std::chrono::steady_clock;
  using Deadline = Clock::time_point;

  SmtpConnection();
  ~SmtpConnection();
  SmtpConnection(const SmtpConnection&) = delete;
  SmtpConnection& operator=(const SmtpConnection&) = delete;

  // Resolves host (name or IP literal) and connects to the first address that answers.
  Status connect(const std::string& host, int port, Deadline deadline);
  // TLS handshake on the connected socket (implicit TLS right after connect; or after a 220 to
  // STARTTLS). Later reads and writes are encrypted. io when unread bytes are buffered: they came
  // in the clear and must never be taken for replies sent under TLS.
  Status start_tls(const TlsSettings& settings, Deadline deadline);
  // Writes all of `parts`, in order (gathered into as few packets as the kernel allows).
  Status write(std::span<const std::string_view> parts, Deadline deadline);
  Status write(std::string_view text, Deadline deadline) { return write(std::span(&text, 1), deadline); }
  // The next whole reply.
  Result<SmtpReply> read_reply(Deadline deadline);
  // True when a reply (or part of one) has arrived that was not read yet: after a command the
  // server answered unasked, e.g. a 421 before closing.
  bool has_buffered_input() const;

  bool is_open() const;
  bool is_tls() const;
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace barometer::mail
