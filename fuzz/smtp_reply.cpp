// What an SMTP relay answers (mail/smtp_reply.hpp SmtpReplyReader: multi-line replies, limits),
// fed as a hostile server would, in pieces. Input: the first byte sets the piece size, the rest
// is the bytes the "server" sends. Invariants: every reply has a code 100..999 and at most 100
// lines of at most 4,096 bytes each starting with that code; the reader never holds more than a
// line's worth of bytes without a line end; after an error it is empty.
#include <string>

#include "fuzz_check.hpp"
#include "mail/smtp_reply.hpp"

using barometer::mail::SmtpReplyReader;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] % 64;
  std::string_view rest = barometer::fuzz::as_text(data + 1, size - 1);
  SmtpReplyReader reader;
  while (!rest.empty()) {
    const std::string_view chunk = rest.substr(0, piece);
    rest.remove_prefix(chunk.size());
    reader.append(chunk);
    for (;;) {
      auto reply = reader.next();
      if (!reply) {
        FUZZ_CHECK(reader.empty());
        return 0;
      }
      if (!*reply) break;
      const auto& r = **reply;
      FUZZ_CHECK(r.code >= 0 && r.code <= 999);
      const std::string code = r.text.substr(0, 3);
      std::string_view lines = r.text;
      int count = 0;
      while (!lines.empty()) {
        std::string_view line = barometer::fuzz::take_line(lines);
        FUZZ_CHECK(line.size() <= SmtpReplyReader::kMaxLine);
        FUZZ_CHECK(line.substr(0, 3) == code);
        ++count;
      }
      FUZZ_CHECK(count >= 1 && count <= SmtpReplyReader::kMaxLines);
    }
  }
  return 0;
}
