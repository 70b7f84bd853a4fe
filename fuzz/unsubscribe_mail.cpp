// The message an MTA pipes into `barometer unsubscribe-mail` (app/unsubscribe_mail.hpp
// unsubscribe_token_from_message: size limit, GMime's parser via mail/read_message, the token
// in the decoded Subject). Invariants: a token found is 1..512 token characters and is found
// again in a Subject that says "unsubscribe TOKEN"; read_message gives no header with a CR or LF
// in its name.
#include <cctype>
#include <string>

#include "app/unsubscribe_mail.hpp"
#include "fuzz_check.hpp"
#include "mail/read_message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view message = barometer::fuzz::as_text(data, size);
  if (auto read = barometer::mail::read_message(message)) {
    for (const auto& [name, value] : read->headers) FUZZ_CHECK(name.find_first_of("\r\n") == std::string::npos);
  }
  auto token = barometer::unsubscribe_token_from_message(message);
  if (!token) return 0;
  FUZZ_CHECK(!token->empty() && token->size() <= 512);
  for (char c : *token) FUZZ_CHECK(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-');
  auto again = barometer::unsubscribe_token_from_subject("Re: unsubscribe " + *token);
  FUZZ_CHECK(again && *again == *token);
  return 0;
}
