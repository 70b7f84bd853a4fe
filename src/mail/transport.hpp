// MailTransport: hands one finished message (RFC 5322 bytes, already signed) to the next hop.
// Implementations: SMTP to a relay (smtp_transport.hpp, pipelined) and a Maildir in the data
// directory when no relay is configured (maildir_transport.hpp).
//
// Contract:
//  - send() returns what the next hop said, never throws. Only `accepted` means the message is
//    the relay's responsibility (SMTP 250 after DATA, or the file renamed into Maildir/new).
//  - `uncertain` means the message may or may not have been accepted (the connection dropped
//    after the end of DATA, before the reply): the caller must not count it as sent, and may
//    re-send it with the same Message-ID.
//  - One transport object is used by one thread at a time (it may keep a connection open between
//    calls); make one per sending thread.
//  - send_stream() sends many messages in order. `next` fills in the next message (false: none
//    left) and is called just before that message goes out, so the caller can still decide then
//    (rate limits, leases); `done` receives every message's result, one call per message `next`
//    gave, in the same order. An implementation may ask for messages k+1 and k+2 before message k's
//    result is known (SmtpTransport pipelines the next envelope behind a message's end of data,
//    and builds the one after while the relay answers), so `next` must not wait for `done`. It returns the failure that ended the stream early because the
//    next hop cannot be used at all (no connection, refused login): the messages `next` did not
//    give yet were not tried, and the caller may count them as failed the same way; nullopt when
//    `next` ran dry. The default sends each message with send().
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.hpp"

namespace barometer::mail {

struct Envelope {
  std::string from;                     // MAIL FROM (bounce address)
  std::vector<std::string> recipients;  // RCPT TO, usually one
};

enum class Outcome {
  accepted,     // 2xx: the next hop took it
  transient,    // 4xx or a connection problem before DATA: try again later
  permanent,    // 5xx: this recipient will never take it
  uncertain,    // the reply to DATA was lost: it may have been accepted
};

struct SendResult {
  Outcome outcome = Outcome::transient;
  int smtp_code = 0;        // the server's reply code, 0 when there was none
  std::string detail;       // the server's reply text or the local error, for the report and logs
};

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  virtual SendResult send(const Envelope& envelope, const std::string& message) = 0;

  using NextMessage = std::function<bool(Envelope& envelope, std::string& message)>;
  using MessageDone = std::function<void(const SendResult& result)>;
  virtual std::optional<SendResult> send_stream(const NextMessage& next, const MessageDone& done) {
    Envelope envelope;
    std::string message;
    while (next(envelope, message)) done(send(envelope, message));
    return std::nullopt;
  }
};

}  // namespace barometer::mail
