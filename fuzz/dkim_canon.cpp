// DKIM's relaxed canonicalisation (mail/dkim_canon.hpp), over whatever a message could hold.
// Input: the bytes of a message. Invariants: split_message's fields are the message's own bytes in
// order and a relaxed header has no CR/LF, no doubled or trailing space and a lower-case name; a
// relaxed body is empty or ends in exactly one CRLF after text, has no space before a line end and
// no whitespace run; both forms are fixed points (canonicalising again changes nothing).
#include <string>

#include "fuzz_check.hpp"
#include "mail/dkim_canon.hpp"

namespace dkim = barometer::mail::dkim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view message = barometer::fuzz::as_text(data, size);
  auto split = dkim::split_message(message);
  std::string_view body = message;
  if (split) {
    const char* last = message.data();
    for (const auto& f : split->fields) {
      FUZZ_CHECK(f.raw.data() >= last && f.raw.data() + f.raw.size() <= message.data() + message.size());
      FUZZ_CHECK(f.raw.substr(0, f.name.size()) == f.name && !f.name.empty());
      last = f.raw.data() + f.raw.size();
      std::string relaxed;
      dkim::append_relaxed_header(f.raw, relaxed);
      FUZZ_CHECK(relaxed.find_first_of("\r\n\t") == std::string::npos);
      FUZZ_CHECK(relaxed.find("  ") == std::string::npos && !relaxed.ends_with(' ') && !relaxed.starts_with(' '));
      const std::string name = relaxed.substr(0, relaxed.find(':'));
      for (char c : name) FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
      std::string again;
      dkim::append_relaxed_header(relaxed, again);
      FUZZ_CHECK(again == relaxed);
    }
    body = split->body;
  }
  auto relaxed = dkim::relaxed_body(body);
  if (!relaxed) {
    // Refused only for a bare CR or LF.
    FUZZ_CHECK(body.find('\r') != std::string_view::npos || body.find('\n') != std::string_view::npos);
    return 0;
  }
  const std::string& b = *relaxed;
  FUZZ_CHECK(b.empty() || (b.ends_with("\r\n") && !b.ends_with("\r\n\r\n") && b != "\r\n"));
  FUZZ_CHECK(b.find(" \r\n") == std::string::npos && b.find('\t') == std::string::npos);
  FUZZ_CHECK(b.find("  ") == std::string::npos);
  auto again = dkim::relaxed_body(b);
  FUZZ_CHECK(again && *again == b);
  return 0;
}
