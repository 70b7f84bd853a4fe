// The configuration's subscribe_* keys and trusted_proxies reach the services and the server.
#include "app/subscription_settings.hpp"

#include <gtest/gtest.h>

namespace barometer {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

TEST(SubscriptionSettings, EveryKeyReachesTheOptions) {
  Config c;
  c.base_url = "https://monitor.example";
  c.subscribe_per_ip = 4;
  c.subscribe_ip_window_seconds = 600;
  c.subscribe_mails_per_address = 2;
  c.subscribe_address_window_seconds = 7200;
  c.subscribe_confirm_hours = 48;
  c.subscribe_max_queued = 500;
  c.subscribe_prune_grace_days = 3;
  const auto o = subscription_options(c);
  EXPECT_EQ(o.base_url, "https://monitor.example");
  EXPECT_EQ(o.max_subscribes_per_ip, 4);
  EXPECT_EQ(o.ip_window, seconds(600));
  EXPECT_EQ(o.max_confirmations_per_address, 2);
  EXPECT_EQ(o.address_window, seconds(7200));
  EXPECT_EQ(o.confirm_ttl, hours(48));
  EXPECT_EQ(o.max_queued, 500);
  EXPECT_EQ(o.prune_grace, hours(72));
}

TEST(SubscriptionSettings, TheConfigDefaultsAreTheServiceDefaults) {
  const auto o = subscription_options(Config{});
  const newsletter::SubscriptionOptions d;
  EXPECT_EQ(o.max_subscribes_per_ip, d.max_subscribes_per_ip);
  EXPECT_EQ(o.ip_window, d.ip_window);
  EXPECT_EQ(o.max_confirmations_per_address, d.max_confirmations_per_address);
  EXPECT_EQ(o.address_window, d.address_window);
  EXPECT_EQ(o.confirm_ttl, d.confirm_ttl);
  EXPECT_EQ(o.max_queued, d.max_queued);
  EXPECT_EQ(o.prune_grace, d.prune_grace);
}

TEST(SubscriptionSettings, TrustedProxiesAreParsedOrRefusedByName) {
  Config c;
  auto none = trusted_proxies(c);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  c.trusted_proxies = {"127.0.0.1", "fd00::/8"};
  auto some = trusted_proxies(c);
  ASSERT_TRUE(some.ok()) << some.error().message;
  EXPECT_TRUE(some->trusts("fd00::5"));
  EXPECT_EQ(some->client_address("127.0.0.1", "198.51.100.1"), "198.51.100.1");
  c.trusted_proxies = {"127.0.0.1", "10.0.0.0/99"};  // passes config's shape check, not the parser
  auto bad = trusted_proxies(c);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.code(), ErrorCode::invalid);
  EXPECT_NE(bad.error().message.find("trusted_proxies: '10.0.0.0/99'"), std::string::npos) << bad.error().message;
}

}  // namespace
}  // namespace barometer
