#include "domain/webhook.hpp"

namespace barometer {

std::string_view to_string(WebhookEvent event) {
  switch (event) {
    case WebhookEvent::commentary_published: return "commentary.published";
    case WebhookEvent::commentary_unpublished: return "commentary.unpublished";
    case WebhookEvent::week_completed: return "week.completed";
    case WebhookEvent::digest_sent: return "digest.sent";
  }
  return "commentary.published";
}

std::optional<WebhookEvent> parse_webhook_event(std::string_view text) {
  for (WebhookEvent e : kWebhookEvents)
    if (to_string(e) == text) return e;
  return std::nullopt;
}

std::string_view to_string(WebhookDeliveryState state) {
  switch (state) {
    case WebhookDeliveryState::queued: return "queued";
    case WebhookDeliveryState::sending: return "sending";
    case WebhookDeliveryState::delivered: return "delivered";
    case WebhookDeliveryState::failed: return "failed";
  }
  return "queued";
}

std::optional<WebhookDeliveryState> parse_webhook_delivery_state(std::string_view text) {
  for (auto s : {WebhookDeliveryState::queued, WebhookDeliveryState::sending, WebhookDeliveryState::delivered,
                 WebhookDeliveryState::failed})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

}  // namespace barometer
