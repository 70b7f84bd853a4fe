// The pure half of app/unsubscribe_mail.hpp: finding the token in a message, no database (so the
// fuzzer, fuzz/unsubscribe_mail.cpp, links it alone).
#include "app/unsubscribe_mail.hpp"

#include <cctype>

#include "mail/read_message.hpp"

namespace barometer {

namespace {

constexpr std::string_view kWord = "unsubscribe";
constexpr std::size_t kMaxTokenLength = 512;

bool token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}
bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool word_at(std::string_view text, std::size_t at) {
  if (text.size() - at < kWord.size()) return false;
  for (std::size_t i = 0; i < kWord.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[at + i])) != kWord[i]) return false;
  return true;
}

}  // namespace

Result<std::string> unsubscribe_token_from_subject(std::string_view subject) {
  for (std::size_t at = 0; at < subject.size(); ++at) {
    if (!word_at(subject, at)) continue;
    // A word of its own: "unsubscribe" inside "xunsubscribe" is not it.
    if (at > 0 && !space(subject[at - 1]) && subject[at - 1] != ':') continue;
    std::size_t i = at + kWord.size();
    std::size_t gap = i;
    while (true) {
      if (i < subject.size() && space(subject[i])) ++i;
      else if (subject.substr(i, 3) == "%20") i += 3;
      else break;
    }
    if (i == gap) continue;
    std::size_t end = i;
    while (end < subject.size() && token_char(subject[end])) ++end;
    if (end == i || end - i > kMaxTokenLength || (end < subject.size() && !space(subject[end]))) continue;
    return std::string(subject.substr(i, end - i));
  }
  return invalid("no unsubscribe token in the Subject (expected \"unsubscribe TOKEN\", as the mailto link sets it)");
}

Result<std::string> unsubscribe_token_from_message(std::string_view message) {
  if (message.size() > kMaxUnsubscribeMailBytes)
    return invalid("message too large for an unsubscribe request (more than " +
                   std::to_string(kMaxUnsubscribeMailBytes / 1024) + " KiB)");
  if (message.empty()) return invalid("empty message");
  auto read = mail::read_message(message);
  if (!read) return invalid("not an RFC 5322 message");
  return unsubscribe_token_from_subject(read->subject);
}

}  // namespace barometer
