// The configuration's newsletter sign-up limits and trusted proxies, turned into the options of
// the services and the web server (the keys are documented in config/config.hpp and README.md).
#pragma once

#include "config/config.hpp"
#include "domain/result.hpp"
#include "services/newsletter/subscriptions.hpp"
#include "web/client_address.hpp"

namespace barometer {

// SubscriptionOptions from `config`: base_url and every subscribe_* key (per-IP and per-address
// limits and windows, confirmation TTL, outbox bound, prune grace). unsubscribe_mailbox is left
// to the caller.
newsletter::SubscriptionOptions subscription_options(const Config& config);

// config.trusted_proxies parsed (web::TrustedProxies::parse); invalid naming the bad entry and
// the key, which `serve` reports with the usage exit code.
Result<web::TrustedProxies> trusted_proxies(const Config& config);

}  // namespace barometer
