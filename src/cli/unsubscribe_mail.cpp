// `barometer unsubscribe-mail [--data DIR | --config FILE] < message`: the program an MTA pipes the
// unsubscribe mailbox into (List-Unsubscribe's mailto; docs/deploy.md, "The unsubscribe mailbox").
// Reads one message on stdin (at most kMaxUnsubscribeMailBytes), unsubscribes the subscriber whose
// token its Subject holds (app/unsubscribe_mail.hpp) and answers with a sysexits code the MTA acts
// on: 0 done (or done before), 65 bounce with the one-line reason on stderr, 75 try again later.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "app/unsubscribe_mail.hpp"
#include "cli/commands.hpp"
#include "cli/config_options.hpp"

namespace barometer::cli {

namespace {

// How much of an oversized message is read (and thrown away) before giving up on it: the MTA
// writes the whole message into the pipe, and a reader that stops early makes its write fail.
constexpr std::size_t kMaxDrainBytes = 64u << 20;

// stdin up to `limit` + 1 bytes (so the caller can tell "too large"); the rest is drained.
// nullopt on a read error.
std::optional<std::string> read_stdin(std::size_t limit) {
  std::string out;
  char buf[16384];
  std::size_t drained = 0;
  while (true) {
    ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::nullopt;
    if (n == 0) break;
    if (out.size() <= limit) {
      out.append(buf, std::min<std::size_t>(static_cast<std::size_t>(n), limit + 1 - out.size()));
    } else if ((drained += static_cast<std::size_t>(n)) > kMaxDrainBytes) {
      break;
    }
  }
  return out;
}

// The MTA shows stderr in its bounce: one line, our reason, nothing of the message itself.
[[noreturn]] void refuse(int code, const std::string& reason) {
  std::fprintf(stderr, "barometer: %s\n", reason.c_str());
  throw CLI::RuntimeError(code);
}

void unsubscribe_mail(const ConfigOptions& options) {
  // A configuration error is the operator's to fix, not the sender's: the MTA keeps the mail and
  // retries (75) instead of bouncing a valid request.
  auto config = load_config(options);
  if (!config) refuse(kExitTempFail, "try again later: configuration: " + config.error().message);
  auto message = read_stdin(kMaxUnsubscribeMailBytes);
  if (!message) refuse(kExitTempFail, "try again later: cannot read the message on stdin");
  auto outcome = unsubscribe_by_mail(*config, *message);
  const int code = unsubscribe_mail_exit_code(outcome);
  if (code != 0) refuse(code, (code == kExitDataErr ? "" : "try again later: ") + outcome.error().message);
  std::printf("barometer: %s subscriber %lld\n", outcome->already ? "already unsubscribed:" : "unsubscribed:",
              static_cast<long long>(outcome->subscriber.id));
}

}  // namespace

void add_unsubscribe_mail_command(CLI::App& app) {
  auto options = std::make_shared<ConfigOptions>();
  auto* cmd = app.add_subcommand(
      "unsubscribe-mail",
      "Unsubscribe by mail: reads one message on stdin whose Subject is \"unsubscribe TOKEN\" (what\n"
      "the mailto in every newsletter's List-Unsubscribe header sends) and unsubscribes that\n"
      "subscriber. Meant to be run by the MTA for the unsubscribe mailbox, e.g. a Postfix alias\n"
      "  unsubscribe: \"|/usr/bin/barometer unsubscribe-mail --data /var/lib/barometer\"");
  add_config_options(*cmd, *options, ".", true, false);
  cmd->footer(
      "At most 256 KiB are read. The sender's address is not checked: the signed token is the proof.\n"
      "Exit codes (sysexits, for the MTA): 0 unsubscribed, or already; 65 no valid token, or the\n"
      "message is too large (the MTA bounces it with the reason printed on stderr); 75 database\n"
      "or configuration unavailable (the MTA keeps the mail and tries again later).");
  cmd->callback([options] { unsubscribe_mail(*options); });
}

}  // namespace barometer::cli
