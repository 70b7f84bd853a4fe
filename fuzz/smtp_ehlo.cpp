// What a relay says it offers in its EHLO reply (mail/smtp_reply.hpp parse_capabilities), fed as a
// hostile server would: the bytes go through SmtpReplyReader first, as in a real session, and the
// first whole reply is parsed. Invariants: a known AUTH mechanism implies an AUTH line; the answer
// does not depend on letter case (RFC 5321 keywords are case-insensitive); the raw bytes,
// unframed, parse without harm too.
#include <cctype>
#include <string>

#include "fuzz_check.hpp"
#include "mail/smtp_reply.hpp"

using barometer::mail::parse_capabilities;
using barometer::mail::SmtpCapabilities;
using barometer::mail::SmtpReplyReader;

namespace {

bool same(const SmtpCapabilities& a, const SmtpCapabilities& b) {
  return a.pipelining == b.pipelining && a.starttls == b.starttls && a.auth_plain == b.auth_plain &&
         a.auth_login == b.auth_login && a.auth == b.auth;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = barometer::fuzz::as_text(data, size);
  (void)parse_capabilities(bytes);
  SmtpReplyReader reader;
  reader.append(bytes);
  auto reply = reader.next();
  if (!reply || !*reply) return 0;
  const std::string& text = (*reply)->text;
  const SmtpCapabilities caps = parse_capabilities(text);
  FUZZ_CHECK(caps.auth || (!caps.auth_plain && !caps.auth_login));
  FUZZ_CHECK(same(caps, parse_capabilities(lower(text))));
  return 0;
}
