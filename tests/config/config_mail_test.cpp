// The newsletter delivery settings: smtp_url, mail_from, DKIM, send_* (file and environment),
// their defaults and the errors that name them.
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

TEST(ConfigMail, DefaultsWriteToTheMaildirFromTheSitesHost) {
  testing::TempDir dir;
  auto c = load_config_from_dir(dir.path().string(), env_map({{"BAROMETER_BASE_URL", "https://news.example.org"}}));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->smtp_url, "");
  EXPECT_EQ(c->mail_from, "newsletter@news.example.org");
  EXPECT_EQ(c->dkim_domain, "news.example.org");
  EXPECT_EQ(c->dkim_key, "");
  EXPECT_EQ(c->send_concurrency, 4);
  EXPECT_EQ(c->send_batch, 20);
  EXPECT_EQ(c->send_lease_seconds, 300);
  EXPECT_EQ(c->send_poll_seconds, 30);
  auto local = load_config_from_dir(dir.path().string(), env_map({}));
  EXPECT_EQ(local->mail_from, "newsletter@localhost.localdomain");  // an IP makes no mail domain
}

TEST(ConfigMail, FileThenEnvironment) {
  testing::TempDir dir;
  std::ofstream(dir.file("site.toml")) << "smtp_url = \"smtp://relay.example.org:25\"\nsend_rate = 50\n"
                                          "send_concurrency = 2\ndkim_key = \"keys/dkim.pem\"\n"
                                          "dkim_ed25519_key = \"keys/ed.pem\"\ndkim_selector = \"s1\"\n"
                                          "mail_from = \"digest@example.org\"\n";
  auto c = load_config_from_dir(dir.path().string(), env_map({{"BAROMETER_SMTP_URL", "smtps://u:p@mx.example.org"},
                                                            {"BAROMETER_SEND_BATCH", "7"},
                                                            {"BAROMETER_SEND_BOUNCE_LIMIT", "0"},
                                                            {"BAROMETER_SEND_POLL_SECONDS", "2"}}));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->smtp_url, "smtps://u:p@mx.example.org");
  EXPECT_EQ(c->send_rate, 50);
  EXPECT_EQ(c->send_concurrency, 2);
  EXPECT_EQ(c->send_batch, 7);
  EXPECT_EQ(c->send_bounce_limit, 0);
  EXPECT_EQ(c->send_poll_seconds, 2);
  EXPECT_EQ(c->dkim_key, dir.file("keys/dkim.pem"));
  EXPECT_EQ(c->dkim_domain, "example.org");
  EXPECT_EQ(c->dkim_ed25519_key, dir.file("keys/ed.pem"));  // relative to the data folder too
  EXPECT_EQ(c->dkim_ed25519_selector, "s1-ed25519");        // follows dkim_selector
}

TEST(ConfigMail, BadValuesAreNamed) {
  testing::TempDir dir;
  auto err = [&](std::map<std::string, std::string> env) {
    auto c = load_config_from_dir(dir.path().string(), env_map(std::move(env)));
    return c.ok() ? std::string() : c.error().message;
  };
  EXPECT_NE(err({{"BAROMETER_SMTP_URL", "http://relay"}}).find("smtp_url"), std::string::npos);
  EXPECT_NE(err({{"BAROMETER_SEND_CONCURRENCY", "0"}}).find("BAROMETER_SEND_CONCURRENCY"), std::string::npos);
  EXPECT_NE(err({{"BAROMETER_SEND_RATE", "fast"}}).find("BAROMETER_SEND_RATE"), std::string::npos);
  EXPECT_NE(err({{"BAROMETER_MAIL_FROM", "Digest <d@example.org>"}}).find("mail_from"), std::string::npos);
  EXPECT_NE(err({{"BAROMETER_SEND_POLL_SECONDS", "0"}}).find("BAROMETER_SEND_POLL_SECONDS"), std::string::npos);
  EXPECT_NE(err({{"BAROMETER_SMTP_REQUIRE_TLS", "sometimes"}}).find("BAROMETER_SMTP_REQUIRE_TLS"), std::string::npos);
  std::ofstream(dir.file("site.toml")) << "send_batch = 5000\n";
  EXPECT_NE(err({}).find("send_batch"), std::string::npos);
  std::ofstream(dir.file("site.toml")) << "smtp_require_tls = \"yes\"\n";
  EXPECT_NE(err({}).find("smtp_require_tls: must be true or false"), std::string::npos);
}

TEST(ConfigMail, RequireTlsFromTheFileOrTheEnvironment) {
  testing::TempDir dir;
  auto load = [&](std::map<std::string, std::string> env) {
    return load_config_from_dir(dir.path().string(), env_map(std::move(env)));
  };
  auto c = load({});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_FALSE(c->smtp_require_tls) << "default: STARTTLS when offered";
  std::ofstream(dir.file("site.toml")) << "smtp_require_tls = true\n";
  c = load({});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_TRUE(c->smtp_require_tls);
  c = load({{"BAROMETER_SMTP_REQUIRE_TLS", "0"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_FALSE(c->smtp_require_tls) << "the environment wins";
  std::ofstream(dir.file("site.toml")) << "smtp_require_tls = false\n";
  c = load({{"BAROMETER_SMTP_REQUIRE_TLS", "yes"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_TRUE(c->smtp_require_tls);
}

}  // namespace
}  // namespace barometer
