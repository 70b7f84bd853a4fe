#include "domain/subscriber.hpp"

namespace barometer {

std::string_view to_string(SubscriberStatus status) {
  switch (status) {
    case SubscriberStatus::pending: return "pending";
    case SubscriberStatus::confirmed: return "confirmed";
    case SubscriberStatus::unsubscribed: return "unsubscribed";
    case SubscriberStatus::bounced: return "bounced";
  }
  return "pending";
}

std::optional<SubscriberStatus> parse_subscriber_status(std::string_view text) {
  for (auto s : {SubscriberStatus::pending, SubscriberStatus::confirmed, SubscriberStatus::unsubscribed,
                 SubscriberStatus::bounced})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

std::string_view to_string(ConsentAction action) {
  switch (action) {
    case ConsentAction::subscribe: return "subscribe";
    case ConsentAction::confirm: return "confirm";
    case ConsentAction::unsubscribe: return "unsubscribe";
    case ConsentAction::preferences: return "preferences";
  }
  return "subscribe";
}

std::optional<ConsentAction> parse_consent_action(std::string_view text) {
  for (auto a : {ConsentAction::subscribe, ConsentAction::confirm, ConsentAction::unsubscribe, ConsentAction::preferences})
    if (to_string(a) == text) return a;
  return std::nullopt;
}

std::string_view to_string(OutboxState state) {
  switch (state) {
    case OutboxState::queued: return "queued";
    case OutboxState::sending: return "sending";
    case OutboxState::sent: return "sent";
    case OutboxState::failed: return "failed";
  }
  return "queued";
}

std::optional<OutboxState> parse_outbox_state(std::string_view text) {
  for (auto s : {OutboxState::queued, OutboxState::sending, OutboxState::sent, OutboxState::failed})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

}  // namespace barometer
