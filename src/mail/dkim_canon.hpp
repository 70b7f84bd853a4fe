// DKIM's "relaxed" canonicalisation (RFC 6376 section 3.4.2 and 3.4.4) and the header split it
// works on. Pure functions over bytes, no OpenSSL: the signer (dkim.hpp) hashes what they give,
// and the fuzz target (fuzz/dkim_canon.cpp) runs them on arbitrary input.
//
// Lines end in CRLF. A bare CR or LF anywhere is refused (invalid) rather than guessed at: SMTP
// forbids them, and a verifier that "corrects" them would hash other bytes than we signed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace barometer::mail::dkim {

// One header field as it stands in the message: `name` is the text before the colon (as
// written), `raw` the whole field with its folded continuation lines, without the final CRLF.
// Both view into the message given to split_message.
struct HeaderField {
  std::string_view name;
  std::string_view raw;
};

struct SplitMessage {
  std::vector<HeaderField> fields;  // in message order
  std::string_view body;            // everything after the blank line (may be empty)
};

// The header fields and body of `message`. invalid when there is no blank line after the header,
// a line is a continuation with no field before it, a field has no colon or an empty name, or a
// bare CR/LF occurs in the header.
Result<SplitMessage> split_message(std::string_view message);

// Appends the relaxed form of one field ("name:value", no CRLF): name lower-cased, folding
// CRLFs removed, runs of SP/HTAB made one SP, whitespace around the colon and at the end of the
// value removed. Bytes >= 0x80 (8-bit headers) pass through unchanged.
void append_relaxed_header(std::string_view raw_field, std::string& out);

// The relaxed form of a body: runs of SP/HTAB made one SP, whitespace at line ends removed,
// empty lines at the end removed, a final CRLF added to a non-empty last line; an empty body
// stays empty. invalid on a bare CR or LF.
Result<std::string> relaxed_body(std::string_view body);

}  // namespace barometer::mail::dkim
