// OutgoingMessage and its RFC 5322 / MIME form, built with GMime (never by hand).
//
// build_mime() gives: From/To with RFC 2047 encoded-word display names, an encoded-word Subject,
// Date, Message-ID, MIME-Version, the extra headers in order, and a body that is text/plain alone
// or multipart/alternative (text/plain first, then text/html, as RFC 2046 wants the richest last).
// Every text part is charset=utf-8 with the transfer encoding GMime finds best for 7-bit transport
// (quoted-printable for mostly-ASCII text, base64 for Cyrillic). Lines end in CRLF, as SMTP and
// DKIM expect. Thread-safe: GMime is initialised once (std::call_once) and each call owns its
// objects.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/date.hpp"
#include "domain/result.hpp"

namespace barometer::mail {

struct Mailbox {
  std::string name;     // display name, any UTF-8 ("Барометр Беларусі"); may be empty
  std::string address;  // "digest@example.org"
};

struct OutgoingMessage {
  Mailbox from;                 // the sender shown to the reader
  Mailbox to;                   // the one recipient
  std::string subject;          // UTF-8, encoded-word in the header when not ASCII
  std::string text;             // the plain-text part (always present)
  std::string html;             // the HTML alternative; empty means a text-only message
  std::string message_id;       // "<local@domain>" or "local@domain" (see make_message_id)
  Instant date{};               // the Date header
  // Further headers in order, e.g. {"List-Id", "<digest.example.org>"}, {"List-Unsubscribe", ...}.
  // Names must be header tokens; values must not contain CR or LF.
  std::vector<std::pair<std::string, std::string>> headers;
  // The multipart/alternative boundary (without the leading "--"); "" = GMime makes a random one.
  // 1 to 70 characters of RFC 2046's bchars, not ending in a space. Used only when html is set.
  // build_mime refuses (invalid) a boundary that also occurs in the encoded parts.
  std::string boundary;
};

// The whole message (headers and body) as it goes over SMTP. invalid (naming the field) when an
// address is not addr-spec-like, the subject or a header contains CR/LF, a header name is not a
// token, the message-id is malformed, text/html are not valid UTF-8, or the boundary is malformed
// or occurs in the encoded content.
Result<std::string> build_mime(const OutgoingMessage& message);

// Building blocks of build_mime, shared with MimeStencil (mime_stencil.hpp) so that a spliced
// message is made by the same code.
//
// build_mime's checks of `message` (the errors above, except the boundary's occurrence in the
// content). The first `text_known_valid` / `html_known_valid` bytes of text/html are taken as
// already proven valid UTF-8 (a stencil's shared prefix); 0 checks them whole.
Status check_message(const OutgoingMessage& message, std::size_t text_known_valid = 0,
                     std::size_t html_known_valid = 0);
// The header fields build_mime writes for `names` of `message` ("To", "Date", "Message-Id" or the
// name of one of message.headers), each as its whole CRLF-terminated, folded field, parallel to
// `names`. invalid for an unknown name. Does not run check_message.
Result<std::vector<std::string>> header_fields(const OutgoingMessage& message, const std::vector<std::string>& names);
// The transfer encoding build_mime gives a text part holding `content`, as GMimeContentEncoding's
// value (GMime's choice for 7-bit transport: default/7-bit, quoted-printable or base64).
int text_part_encoding(const std::string& content);

// A Message-ID "<hex@domain>" that depends only on (domain, stable_key): the same digest for the
// same subscriber and period always has the same id, so a re-send after an `uncertain` outcome
// is recognisable as the same message. The key is hashed (SHA-256, truncated), so it never leaks
// into the header.
std::string make_message_id(std::string_view domain, std::string_view stable_key);

// Ensures GMime is initialised (idempotent, thread-safe). Called by build_mime; exposed for tests.
void ensure_gmime_initialised();

}  // namespace barometer::mail
