// Reading a finished message back (the admin's view of the Maildir outbox): its headers as
// written, the decoded Subject/To/Date, and the plain-text part decoded to UTF-8. GMime parses;
// nothing here sends or changes anything. Bad input gives a best-effort result or invalid, never
// a crash.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/result.hpp"

namespace barometer::mail {

struct ReadMessage {
  std::vector<std::pair<std::string, std::string>> headers;  // name, value (unfolded, as written)
  std::string subject;  // decoded (RFC 2047)
  std::string to;
  std::string date;
  std::string text;     // the first text/plain part, decoded; "" when there is none
};

// invalid when GMime cannot make a message of `bytes` at all.
Result<ReadMessage> read_message(std::string_view bytes);

}  // namespace barometer::mail
