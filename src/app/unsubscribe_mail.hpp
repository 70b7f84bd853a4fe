// Unsubscribing by mail: the mailto of List-Unsubscribe (RFC 2369, docs/decisions/0010-mailto-
// unsubscribe.md). Every newsletter mail offers <mailto:MAILBOX?subject=unsubscribe%20TOKEN>, where
// TOKEN is the subscriber's signed manage token (the https unsubscribe URL's). The MTA pipes mail to
// MAILBOX into `barometer unsubscribe-mail`, which calls unsubscribe_by_mail: the token is read from
// the Subject (decoded by GMime), verified as POST /unsubscribe/{token} verifies it, and the
// subscriber is unsubscribed (idempotent) with a consent record whose source is "mailto".
//
// The mail's sender is not checked: the token is the proof, as for the one-click URL (a client
// may send from an alias, a forwarder may rewrite the envelope).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "domain/result.hpp"
#include "domain/subscriber.hpp"

namespace barometer {

// The largest message unsubscribe_by_mail reads (bytes). A client's reply to a mailto carries a
// short subject and little else; anything bigger is not one.
inline constexpr std::size_t kMaxUnsubscribeMailBytes = 256 * 1024;

// The TOKEN of "unsubscribe TOKEN" in a decoded Subject: the word "unsubscribe" (any case, anywhere,
// so "Re: unsubscribe …" works), then spaces or a literal "%20" (a client that did not decode the
// mailto), then the token (letters, digits, '.', '_', '-'; at most 512), then the end or a space.
// invalid (a one-line reason) when there is none.
Result<std::string> unsubscribe_token_from_subject(std::string_view subject);

// The same from a whole RFC 5322 message: its Subject, RFC 2047 encoded-words decoded by GMime.
// invalid when the message is larger than kMaxUnsubscribeMailBytes, is no message, or its Subject
// holds no token.
Result<std::string> unsubscribe_token_from_message(std::string_view message);

struct MailUnsubscribed {
  Subscriber subscriber;  // as stored afterwards
  bool already = false;   // it was unsubscribed before this mail
};

// Unsubscribes the subscriber whose token `message`'s Subject holds, on the database `config`
// names. Errors: invalid = no usable token (as unsubscribe_token_from_message, or forged/malformed);
// not_found = a token that no longer works (the subscriber left and came back, or is gone);
// unavailable / io = the database (a SQLite file that does not exist is unavailable, never created:
// a wrong --data must not make a new site whose secret refuses every token).
Result<MailUnsubscribed> unsubscribe_by_mail(const Config& config, std::string_view message);

// The sysexits code an MTA understands for the outcome: 0 done; kExitDataErr (65, the MTA bounces
// the mail with our reason) for invalid / not_found / conflict; kExitTempFail (75, the MTA retries
// later) for everything else (database unavailable).
int unsubscribe_mail_exit_code(const Result<MailUnsubscribed>& outcome);

}  // namespace barometer
