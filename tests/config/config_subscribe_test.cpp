// The newsletter sign-up settings (subscribe_*) and trusted_proxies: defaults, file, environment,
// ranges, and errors that name the key.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "config/config.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

EnvLookup env_map(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

Result<Config> load(const std::string& toml, std::map<std::string, std::string> env = {}) {
  testing::TempDir dir;
  std::ofstream(dir.file("site.toml")) << toml;
  return load_config_from_dir(dir.path().string(), env_map(std::move(env)));
}

void expect_error(const Result<Config>& c, const std::string& names) {
  ASSERT_FALSE(c.ok()) << names;
  EXPECT_EQ(c.code(), ErrorCode::invalid);
  EXPECT_NE(c.error().message.find(names), std::string::npos) << c.error().message;
}

TEST(ConfigSubscribe, DefaultsAreTheServicesDefaults) {
  auto c = load("");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->subscribe_per_ip, 10);
  EXPECT_EQ(c->subscribe_ip_window_seconds, 3600);
  EXPECT_EQ(c->subscribe_mails_per_address, 3);
  EXPECT_EQ(c->subscribe_address_window_seconds, 86400);
  EXPECT_EQ(c->subscribe_confirm_hours, 168);
  EXPECT_EQ(c->subscribe_max_queued, 10000);
  EXPECT_EQ(c->subscribe_prune_grace_days, 7);
  EXPECT_TRUE(c->trusted_proxies.empty());
}

TEST(ConfigSubscribe, FileThenEnvironment) {
  auto c = load(
      "subscribe_per_ip = 4\nsubscribe_ip_window_seconds = 600\nsubscribe_mails_per_address = 2\n"
      "subscribe_address_window_seconds = 7200\nsubscribe_confirm_hours = 48\nsubscribe_max_queued = 500\n"
      "subscribe_prune_grace_days = 0\ntrusted_proxies = [\"127.0.0.1\", \"::1\", \"10.0.0.0/8\"]\n",
      {{"BAROMETER_SUBSCRIBE_PER_IP", "20"}, {"BAROMETER_SUBSCRIBE_PRUNE_GRACE_DAYS", "30"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->subscribe_per_ip, 20);  // the environment wins
  EXPECT_EQ(c->subscribe_ip_window_seconds, 600);
  EXPECT_EQ(c->subscribe_mails_per_address, 2);
  EXPECT_EQ(c->subscribe_address_window_seconds, 7200);
  EXPECT_EQ(c->subscribe_confirm_hours, 48);
  EXPECT_EQ(c->subscribe_max_queued, 500);
  EXPECT_EQ(c->subscribe_prune_grace_days, 30);
  EXPECT_EQ(c->trusted_proxies, (std::vector<std::string>{"127.0.0.1", "::1", "10.0.0.0/8"}));

  auto env = load("trusted_proxies = [\"192.0.2.1\"]\n",
                  {{"BAROMETER_TRUSTED_PROXIES", " 10.0.0.1, 10.0.0.2  fd00::/8,"}});
  ASSERT_TRUE(env.ok()) << env.error().message;
  EXPECT_EQ(env->trusted_proxies, (std::vector<std::string>{"10.0.0.1", "10.0.0.2", "fd00::/8"}));
  auto one = load("trusted_proxies = \"127.0.0.1\"\n");
  ASSERT_TRUE(one.ok()) << one.error().message;
  EXPECT_EQ(one->trusted_proxies, (std::vector<std::string>{"127.0.0.1"}));
  auto cleared = load("trusted_proxies = [\"127.0.0.1\"]\n", {{"BAROMETER_TRUSTED_PROXIES", ""}});
  ASSERT_TRUE(cleared.ok()) << cleared.error().message;
  EXPECT_TRUE(cleared->trusted_proxies.empty());  // an empty variable trusts nobody
}

TEST(ConfigSubscribe, OutOfRangeValuesNameTheirKey) {
  expect_error(load("subscribe_per_ip = 0\n"), "subscribe_per_ip");
  expect_error(load("subscribe_ip_window_seconds = 59\n"), "subscribe_ip_window_seconds");
  expect_error(load("subscribe_mails_per_address = 101\n"), "subscribe_mails_per_address");
  expect_error(load("subscribe_address_window_seconds = 2592001\n"), "subscribe_address_window_seconds");
  expect_error(load("subscribe_confirm_hours = 0\n"), "subscribe_confirm_hours");
  expect_error(load("subscribe_confirm_hours = \"168\"\n"), "subscribe_confirm_hours");
  expect_error(load("subscribe_max_queued = 1000001\n"), "subscribe_max_queued");
  expect_error(load("subscribe_prune_grace_days = -1\n"), "subscribe_prune_grace_days");
  expect_error(load("", {{"BAROMETER_SUBSCRIBE_CONFIRM_HOURS", "9999"}}), "BAROMETER_SUBSCRIBE_CONFIRM_HOURS");
  expect_error(load("", {{"BAROMETER_SUBSCRIBE_PER_IP", "ten"}}), "BAROMETER_SUBSCRIBE_PER_IP");
  expect_error(load("", {{"BAROMETER_SUBSCRIBE_IP_WINDOW_SECONDS", "-5"}}), "BAROMETER_SUBSCRIBE_IP_WINDOW_SECONDS");
}

TEST(ConfigSubscribe, TrustedProxiesThatAreNoAddressesAreRefused) {
  expect_error(load("trusted_proxies = 127\n"), "trusted_proxies");
  expect_error(load("trusted_proxies = [\"127.0.0.1\", 5]\n"), "trusted_proxies");
  expect_error(load("trusted_proxies = [\"nginx.internal\"]\n"), "trusted_proxies");
  expect_error(load("trusted_proxies = [\"\"]\n"), "trusted_proxies");
  expect_error(load("", {{"BAROMETER_TRUSTED_PROXIES", "127.0.0.1;10.0.0.1"}}), "BAROMETER_TRUSTED_PROXIES");
  std::string many = "trusted_proxies = [";
  for (int i = 0; i < 65; ++i) many += "\"10.0.0." + std::to_string(i) + "\",";
  expect_error(load(many + "]\n"), "at most 64");
}

TEST(ConfigSubscribe, TheCommentedExampleParses) {
  // site.toml from `barometer init` shows trusted_proxies commented out; uncommented it loads.
  std::string text = default_config_text();
  const std::string commented = "# trusted_proxies = ";
  auto at = text.find(commented);
  ASSERT_NE(at, std::string::npos);
  text.erase(at, 2);
  auto c = load(text);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->trusted_proxies, (std::vector<std::string>{"127.0.0.1", "::1"}));
}

}  // namespace
}  // namespace barometer

namespace barometer {
namespace {

TEST(ConfigSecurityContact, UrisFromFileOrEnvironmentAndBadOnesNamed) {
  auto none = load("");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->security_contact.empty());
  auto c = load("security_contact = [\"mailto:security@example.org\", \"https://example.org/security\", \"tel:+375290000000\"]\n");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->security_contact.size(), 3u);
  auto env = load("", {{"BAROMETER_SECURITY_CONTACT", "mailto:a@example.org https://example.org/report"}});
  ASSERT_TRUE(env.ok()) << env.error().message;
  EXPECT_EQ(env->security_contact, (std::vector<std::string>{"mailto:a@example.org", "https://example.org/report"}));
  for (const char* bad : {"\"security@example.org\"", "\"http://example.org/\"", "\"mailto:\"", "\"javascript:alert(1)\"",
                          "\"mailto:a@example.org\\nExpires: never\"", "[\"mailto:a@b\", \"mailto:a@b\", \"mailto:a@b\", "
                          "\"mailto:a@b\", \"mailto:a@b\", \"mailto:a@b\", \"mailto:a@b\", \"mailto:a@b\", \"mailto:a@b\"]"})
    expect_error(load(std::string("security_contact = ") + bad + "\n"), "security_contact");
}

}  // namespace
}  // namespace barometer
