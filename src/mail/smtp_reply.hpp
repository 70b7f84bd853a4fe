// The SMTP reply framing (RFC 5321 4.2) over the bytes a connection has received, without the
// socket: SmtpConnection feeds it what it reads and asks for whole replies; the fuzzer
// (fuzz/smtp_reply.cpp) feeds it anything.
//
// "ddd-text" lines continue, "ddd text" or "ddd" ends; CRLF or a bare LF ends a line. A line
// longer than kMaxLine bytes, more than kMaxLines lines, a line that is not a reply or a
// continuation with another code is a protocol error, so a broken or hostile server cannot make
// the client buffer without end. Boost-free. Thread-safety: one object per thread.
//
// parse_capabilities reads what an EHLO reply offers (the fuzzer fuzz/smtp_ehlo.cpp feeds it
// hostile replies through the reader).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace barometer::mail {

struct SmtpReply {
  int code = 0;      // 200..599
  std::string text;  // every line of the reply, joined by "\n" (codes included)
  int kind() const { return code / 100; }
};

// What EHLO told about the relay: the extensions barometer uses.
struct SmtpCapabilities {
  bool pipelining = false;
  bool starttls = false;
  bool auth_plain = false;
  bool auth_login = false;
  bool auth = false;  // any AUTH line at all
};

// The EHLO reply's keywords (RFC 5321 4.1.1.1): one extension per line after the greeting line,
// case-insensitive; "AUTH PLAIN LOGIN" or the pre-standard "AUTH=PLAIN LOGIN". Lines it does not
// know are ignored.
SmtpCapabilities parse_capabilities(std::string_view ehlo_reply);

class SmtpReplyReader {
 public:
  static constexpr std::size_t kMaxLine = 4096;  // bytes of one line, its CRLF not counted
  static constexpr int kMaxLines = 100;          // lines of one reply

  // Adds bytes as received.
  void append(std::string_view bytes) { input_.append(bytes); }
  // The next whole reply, its bytes consumed; nullopt when it needs more bytes; io "protocol: …"
  // for a line that breaks the rules above (the reader is then cleared: the caller closes the
  // connection).
  Result<std::optional<SmtpReply>> next();
  // Nothing received that was not returned yet, not even part of a reply.
  bool empty() const { return input_.empty() && lines_ == 0; }
  void clear();

 private:
  std::string input_;        // bytes not yet consumed
  std::size_t scanned_ = 0;  // how far input_ is known to hold no line end
  SmtpReply partial_;        // the lines of the reply being read
  int lines_ = 0;
};

}  // namespace barometer::mail
