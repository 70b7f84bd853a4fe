#include "app/unsubscribe_mail.hpp"

#include <filesystem>

#include "app/exit_codes.hpp"
#include "app/database.hpp"
#include "domain/clock.hpp"
#include "services/newsletter/subscriptions.hpp"

namespace barometer {

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
