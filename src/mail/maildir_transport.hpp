// MaildirTransport: MailTransport that delivers into a Maildir (the default when no relay is
// configured: <data>/mail/). Each message is written to tmp/<unique>, fsync'ed, renamed into
// new/<unique>, and the directory fsync'ed, so a crash never leaves a half message in new/.
// The unique name is "<seconds>.M<microseconds>P<pid>Q<counter>.<host>" (the Maildir convention).
// The file holds the message as given (CRLF line ends), readable by any mail reader.
//
// Outcomes: accepted once renamed into new/; transient on any file-system error (full disk,
// permissions), with the error in SendResult::detail. Never permanent or uncertain.
// Thread-safety: one object per sending thread (MailTransport contract); several objects, also in
// several processes, may share one Maildir (names never collide).
#pragma once

#include <string>

#include "domain/result.hpp"
#include "mail/transport.hpp"

namespace barometer::mail {

class MaildirTransport final : public MailTransport {
 public:
  // Creates <dir>, <dir>/tmp, <dir>/new and <dir>/cur as needed; io when that fails.
  static Result<MaildirTransport> open(const std::string& dir);

  SendResult send(const Envelope& envelope, const std::string& message) override;
  const std::string& dir() const { return dir_; }
  // The path of the last file delivered into new/ by this object (for logs and tests).
  const std::string& last_path() const { return last_path_; }

 private:
  explicit MaildirTransport(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
  std::string last_path_;
};

}  // namespace barometer::mail
