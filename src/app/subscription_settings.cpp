#include "app/subscription_settings.hpp"

namespace barometer {

newsletter::SubscriptionOptions subscription_options(const Config& config) {
  using std::chrono::hours;
  using std::chrono::seconds;
  newsletter::SubscriptionOptions o;
  o.base_url = config.base_url;
  o.max_subscribes_per_ip = config.subscribe_per_ip;
  o.ip_window = seconds(config.subscribe_ip_window_seconds);
  o.max_confirmations_per_address = config.subscribe_mails_per_address;
  o.address_window = seconds(config.subscribe_address_window_seconds);
  o.confirm_ttl = hours(config.subscribe_confirm_hours);
  o.max_queued = config.subscribe_max_queued;
  o.prune_grace = hours(24 * config.subscribe_prune_grace_days);
  return o;
}

Result<web::TrustedProxies> trusted_proxies(const Config& config) {
  return web::TrustedProxies::parse(config.trusted_proxies);  // its message names the key
}

}  // namespace barometer
