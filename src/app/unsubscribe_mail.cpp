#include "app/unsubscribe_mail.hpp"

#include <cctype>
#include <filesystem>

#include "app/exit_codes.hpp"
#include "app/database.hpp"
#include "domain/clock.hpp"
#include "mail/read_message.hpp"
#include "services/newsletter/subscriptions.hpp"

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

Result<MailUnsubscribed> unsubscribe_by_mail(const Config& config, std::string_view message) {
  auto token = unsubscribe_token_from_message(message);
  if (!token) return token.error();
  if (!config.database_is_postgres()) {
    std::error_code ec;
    if (!std::filesystem::exists(config.database_path(), ec))
      return unavailable("database " + config.database_path() + " does not exist (is --data right?)");
  }
  auto db = open_database(config);
  if (!db) return db.error();
  SystemClock clock;
  newsletter::SubscriptionOptions options;
  options.base_url = config.base_url;
  options.unsubscribe_mailbox = config.unsubscribe_mailbox;
  auto subscriptions = newsletter::Subscriptions::create(
      (*db)->subscribers(), clock,
      [](const newsletter::ConfirmationMail&) -> Result<std::string> {
        return invalid("unsubscribe-mail sends no confirmations");
      },
      options);
  if (!subscriptions) return subscriptions.error();
  // The checks of POST /unsubscribe/{token}: signature, purpose, the subscriber's current nonce.
  auto checked = (*subscriptions)->check_manage(*token);
  if (!checked) {
    if (checked.code() == ErrorCode::invalid) return invalid("the unsubscribe token is not valid");
    if (checked.code() == ErrorCode::not_found)
      return not_found("the unsubscribe token no longer works (the subscription it was made for has ended)");
    return checked.error();
  }
  MailUnsubscribed out;
  out.already = checked->status == SubscriberStatus::unsubscribed;
  // A mail server relays the request: no client IP to record.
  auto done = (*subscriptions)->unsubscribe(*token, "mailto", "");
  if (!done) return done.error();
  out.subscriber = std::move(*done);
  return out;
}

int unsubscribe_mail_exit_code(const Result<MailUnsubscribed>& outcome) {
  if (outcome) return 0;
  switch (outcome.code()) {
    case ErrorCode::invalid:
    case ErrorCode::not_found:
    case ErrorCode::conflict:
    case ErrorCode::forbidden:
      return kExitDataErr;
    case ErrorCode::unavailable:
    case ErrorCode::io:
      return kExitTempFail;
  }
  return kExitTempFail;
}

}  // namespace barometer
