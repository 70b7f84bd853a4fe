#include "mail/smtp_transport.hpp"

#include <glib.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "mail/smtp_connection.hpp"
#include "mail/smtp_reply.hpp"

namespace barometer::mail {

namespace {

using Clock = SmtpConnection::Clock;
using Deadline = SmtpConnection::Deadline;

std::string base64(std::string_view bytes) {
  gchar* encoded = g_base64_encode(reinterpret_cast<const guchar*>(bytes.data()), bytes.size());
  std::string out(encoded);
  g_free(encoded);
  return out;
}

// An address for MAIL FROM / RCPT TO: printable ASCII without brackets or spaces (the stored
// form of a subscriber's address is ASCII, its domain in A-labels).
bool is_envelope_address(const std::string& a, bool may_be_empty) {
  if (a.empty()) return may_be_empty;
  return a.size() <= 254 && std::all_of(a.begin(), a.end(), [](unsigned char c) {
           return c > 0x20 && c < 0x7f && c != '<' && c != '>';
         });
}

// The message cut so that every line starting with "." gets one more (RFC 5321 4.5.2), then the
// end-of-data line: views into `message`, nothing copied.
std::vector<std::string_view> dot_stuffed(const std::string& message) {
  std::vector<std::string_view> parts;
  std::size_t from = 0;
  for (std::size_t dot = message.find('.'); dot != std::string::npos; dot = message.find('.', dot + 1)) {
    if (dot != 0 && message[dot - 1] != '\n') continue;
    parts.emplace_back(message.data() + from, dot - from);
    parts.emplace_back(".");
    from = dot;
  }
  parts.emplace_back(message.data() + from, message.size() - from);
  const bool ends_with_line = message.empty() || message.back() == '\n';
  parts.emplace_back(ends_with_line ? ".\r\n" : "\r\n.\r\n");
  return parts;
}

SendResult from_reply(const SmtpReply& r) {
  if (r.kind() == 2) return {Outcome::accepted, r.code, r.text};
  if (r.kind() == 5) return {Outcome::permanent, r.code, r.text};
  return {Outcome::transient, r.code, r.text};
}

// A failure of the session (connecting, greeting, EHLO, TLS, AUTH): never the recipient's fault.
SendResult session_failure(const std::string& what, int code = 0) { return {Outcome::transient, code, what}; }

}  // namespace

struct SmtpTransport::Impl {
  SmtpOptions options;
  SmtpConnection connection;
  SmtpCapabilities caps;
  bool ready = false;  // greeting, EHLO, TLS and AUTH done on the open connection

  void drop() {
    connection.close();
    ready = false;
  }

  Result<SmtpReply> command(const std::string& line, Deadline deadline) {
    if (auto s = connection.write(line, deadline); !s) return s.error();
    return connection.read_reply(deadline);
  }

  // EHLO (HELO when the relay does not know EHLO), remembering the extensions.
  std::optional<SendResult> hello(Deadline deadline) {
    auto reply = command("EHLO " + options.helo_name + "\r\n", deadline);
    if (reply && reply->kind() == 5) {
      caps = {};
      reply = command("HELO " + options.helo_name + "\r\n", deadline);
    } else if (reply && reply->kind() == 2) {
      caps = parse_capabilities(reply->text);
    }
    if (!reply) return session_failure("EHLO: " + reply.error().message);
    if (reply->kind() != 2) return session_failure("EHLO refused: " + reply->text, reply->code);
    return std::nullopt;
  }

  std::optional<SendResult> authenticate(Deadline deadline) {
    const SmtpUrl& r = options.relay;
    if (!caps.auth_plain && !caps.auth_login)
      return session_failure(caps.auth ? "the relay offers no AUTH mechanism barometer knows (PLAIN, LOGIN)"
                                       : "the relay does not offer AUTH, but the SMTP URL has credentials");
    Result<SmtpReply> reply = SmtpReply{};
    if (caps.auth_plain) {
      reply = command("AUTH PLAIN " + base64(std::string(1, '\0') + r.user + '\0' + r.password) + "\r\n", deadline);
    } else {
      reply = command("AUTH LOGIN\r\n", deadline);
      if (reply && reply->code == 334) reply = command(base64(r.user) + "\r\n", deadline);
      if (reply && reply->code == 334) reply = command(base64(r.password) + "\r\n", deadline);
    }
    if (!reply) return session_failure("AUTH: " + reply.error().message);
    if (reply->kind() != 2) return session_failure("authentication refused: " + reply->text, reply->code);
    return std::nullopt;
  }

  // Connect, greeting, EHLO, STARTTLS, AUTH: a session ready for MAIL FROM, or why not.
  std::optional<SendResult> open(Deadline deadline) {
    drop();
    const SmtpUrl& r = options.relay;
    const Deadline connect_by = std::min(deadline, Clock::now() + std::chrono::milliseconds(options.connect_timeout_ms));
    const TlsSettings tls{r.host, options.verify_tls_peer, options.ca_file};
    if (auto s = connection.connect(r.host, r.port, connect_by); !s) return session_failure(s.error().message);
    if (r.implicit_tls) {
      if (auto s = connection.start_tls(tls, connect_by); !s) return fail(session_failure(s.error().message));
    }
    auto greeting = connection.read_reply(connect_by);
    if (!greeting) return fail(session_failure("greeting: " + greeting.error().message));
    if (greeting->kind() != 2) return fail(session_failure("greeting: " + greeting->text, greeting->code));
    if (auto f = hello(deadline)) return fail(*f);
    if (!r.implicit_tls && (caps.starttls || options.require_starttls)) {
      if (!caps.starttls) return fail(session_failure("the relay does not offer STARTTLS, and it is required"));
      auto reply = command("STARTTLS\r\n", deadline);
      if (!reply) return fail(session_failure("STARTTLS: " + reply.error().message));
      if (reply->code != 220) return fail(session_failure("STARTTLS refused: " + reply->text, reply->code));
      // Never fall back to plain text: a relay that offered TLS and then fails it is suspect.
      if (auto s = connection.start_tls(tls, deadline); !s) return fail(session_failure(s.error().message));
      if (auto f = hello(deadline)) return fail(*f);  // the extensions may differ under TLS
    }
    if (!r.user.empty()) {
      if (auto f = authenticate(deadline)) return fail(*f);
    }
    ready = true;
    return std::nullopt;
  }

  SendResult fail(SendResult r) {
    drop();
    return r;
  }

  // Ends a transaction that will not send a message, so the next one starts clean.
  void reset(Deadline deadline) {
    auto reply = command("RSET\r\n", deadline);
    if (!reply || reply->kind() != 2) drop();
  }

  static void add_envelope(const Envelope& e, std::vector<std::string>& commands) {
    commands.push_back("MAIL FROM:<" + e.from + ">\r\n");
    for (const auto& r : e.recipients) commands.push_back("RCPT TO:<" + r + ">\r\n");
    commands.push_back("DATA\r\n");
  }

  // How an envelope went: refused (the result), on a connection that turned out dead at its
  // first reply (`stale`: nothing of the message was sent, it may go again on a new one), or
  // accepted with the relay waiting for the message (DATA answered 354).
  struct EnvelopeState {
    std::optional<SendResult> refused;
    bool stale = false;
  };

  // The replies to an envelope, its commands written before when `written` (pipelined behind
  // the previous message); else they are written here, all at once with PIPELINING (one round
  // trip instead of one per command), one by one without.
  EnvelopeState envelope(const Envelope& e, bool written, Deadline deadline) {
    std::vector<std::string> commands;
    add_envelope(e, commands);
    if (caps.pipelining && !written) {
      std::vector<std::string_view> parts(commands.begin(), commands.end());
      if (auto s = connection.write(parts, deadline); !s) return {fail({Outcome::transient, 0, s.error().message}), true};
    }
    std::vector<SmtpReply> replies;
    for (std::size_t i = 0; i < commands.size(); ++i) {
      if (!caps.pipelining) {
        if (auto s = connection.write(commands[i], deadline); !s)
          return {fail({Outcome::transient, 0, s.error().message}), i == 0};
      }
      auto reply = connection.read_reply(deadline);
      // A relay closing an idle connection says 421 (or nothing) at the first reply.
      if (!reply || (i == 0 && reply->code == 421))
        return {fail({Outcome::transient, reply ? reply->code : 0, reply ? reply->text : reply.error().message}), i == 0};
      replies.push_back(*reply);
      // Without pipelining a refused command ends the envelope at once.
      if (!caps.pipelining && reply->kind() != 2 && reply->code != 354) break;
    }
    // The first refusal decides (MAIL, then the recipients in order, then DATA).
    const SmtpReply* refused = nullptr;
    for (const auto& r : replies)
      if (r.kind() != 2 && r.code != 354) {
        refused = &r;
        break;
      }
    const bool in_data = replies.size() == commands.size() && replies.back().code == 354;
    if (!refused && in_data) return {};
    const SendResult result = refused ? from_reply(*refused) : SendResult{Outcome::transient, 0, "no reply to DATA"};
    if (in_data) {
      // A relay that took DATA although a recipient was refused: end it with no message.
      if (!connection.write(".\r\n", deadline) || !connection.read_reply(deadline)) return {fail(result), false};
    }
    reset(deadline);
    return {result, false};
  }
};

namespace {

// Why an envelope cannot be sent at all (answered permanent at once: retrying cannot make a bad
// address good), or nullptr.
const char* unsendable(const Envelope& envelope) {
  if (envelope.recipients.empty()) return "no recipients";
  if (!is_envelope_address(envelope.from, true)) return "bad envelope sender";
  for (const auto& r : envelope.recipients)
    if (!is_envelope_address(r, false)) return "bad envelope recipient";
  return nullptr;
}

}  // namespace

SmtpTransport::SmtpTransport(SmtpOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}

SmtpTransport::~SmtpTransport() {
  if (impl_->ready) {  // a polite QUIT, not waited for long
    const Deadline quick = Clock::now() + std::chrono::milliseconds(500);
    if (impl_->connection.write("QUIT\r\n", quick)) (void)impl_->connection.read_reply(quick);
  }
}

SendResult SmtpTransport::send(const Envelope& envelope, const std::string& message) {
  bool given = false;
  SendResult result{Outcome::transient, 0, "not sent"};
  send_stream(
      [&](Envelope& e, std::string& m) {
        if (given) return false;
        given = true;
        e = envelope;
        m = message;
        return true;
      },
      [&](const SendResult& r) { result = r; });
  return result;
}

std::optional<SendResult> SmtpTransport::send_stream(const NextMessage& next, const MessageDone& done) {
  Impl& s = *impl_;
  Envelope envelope, following;
  std::string message, following_message;
  // A message `next` gave ahead of need: built while the relay answered the one before (below).
  Envelope ahead;
  std::string ahead_message;
  bool have_ahead = false;
  auto take = [&](Envelope& e, std::string& m) {
    if (!have_ahead) return next(e, m);
    e = std::move(ahead);
    m = std::move(ahead_message);
    have_ahead = false;
    return true;
  };
  if (!take(envelope, message)) return std::nullopt;
  bool written = false;     // the current envelope went out behind the previous message
  bool may_retry = true;    // a stale reused connection gets one new try per message
  for (;;) {
    if (const char* bad = unsendable(envelope)) {
      done({Outcome::permanent, 0, bad});
      if (!take(envelope, message)) return std::nullopt;
      written = false;
      continue;
    }
    const Deadline deadline = Clock::now() + std::chrono::milliseconds(s.options.message_timeout_ms);
    const bool reused = s.ready && s.connection.is_open();
    if (!reused) {
      written = false;
      if (auto failure = s.open(deadline)) {
        done(*failure);
        if (have_ahead) done(*failure);  // given by `next`, so it gets its result too
        return failure;
      }
    }
    Impl::EnvelopeState state = s.envelope(envelope, written, deadline);
    if (state.refused && state.stale && reused && may_retry) {
      may_retry = false;  // the relay closed the idle connection: again on a new one
      continue;
    }
    may_retry = true;
    if (state.refused) {
      done(*state.refused);
      if (!take(envelope, message)) return std::nullopt;
      written = false;
      continue;
    }
    // The message, its end-of-data line, and with PIPELINING the next envelope in the same write
    // (RFC 2920 3.1: message content may start a group): one round trip per message.
    const bool more = take(following, following_message);
    const bool pipeline_next = more && s.caps.pipelining && !unsendable(following);
    std::vector<std::string_view> parts = dot_stuffed(message);
    std::vector<std::string> commands;
    if (pipeline_next) {
      Impl::add_envelope(following, commands);
      parts.insert(parts.end(), commands.begin(), commands.end());
    }
    if (auto w = s.connection.write(parts, deadline); !w) {  // the end of data never reached the relay
      done(s.fail({Outcome::transient, 0, "sending the message: " + w.error().message}));
    } else {
      // While the relay reads and answers, the message after `following` is built (a personal
      // MIME message, a DKIM signature): the thread would otherwise wait for the reply first,
      // then build, and the relay's time and ours would add up instead of overlapping.
      if (more) have_ahead = next(ahead, ahead_message);
      if (auto reply = s.connection.read_reply(deadline); !reply) {
        done(s.fail({Outcome::uncertain, 0, "no reply after the end of DATA: " + reply.error().message}));
      } else {
        if (!more && s.connection.has_buffered_input()) s.drop();  // out of step with the relay: start afresh
        done(from_reply(*reply));
      }
    }
    if (!more) return std::nullopt;
    envelope = std::move(following);
    message = std::move(following_message);
    written = pipeline_next && s.connection.is_open();
  }
}

}  // namespace barometer::mail
