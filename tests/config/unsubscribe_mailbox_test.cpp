// unsubscribe_mailbox: List-Unsubscribe's mailto (docs/decisions/0010-mailto-unsubscribe.md).
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "config/config.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

Result<Config> load(const std::string& toml, std::map<std::string, std::string> env = {}) {
  testing::TempDir dir;
  std::ofstream(dir.file("site.toml")) << toml;
  return load_config_from_dir(dir.path().string(), env_of(std::move(env)));
}

TEST(UnsubscribeMailbox, DefaultsToTheDomainOfMailFrom) {
  auto c = load("base_url = \"https://monitor.example\"\n");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->unsubscribe_mailbox, "unsubscribe@monitor.example");
  auto other = load("mail_from = \"news@lists.example.org\"\n");
  ASSERT_TRUE(other.ok()) << other.error().message;
  EXPECT_EQ(other->unsubscribe_mailbox, "unsubscribe@lists.example.org");
}

TEST(UnsubscribeMailbox, FileAndEnvironmentSetIt) {
  auto c = load("unsubscribe_mailbox = \"leave+news@example.org\"\n");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->unsubscribe_mailbox, "leave+news@example.org");
  auto env = load("unsubscribe_mailbox = \"leave@example.org\"\n",
                  {{"BAROMETER_UNSUBSCRIBE_MAILBOX", "stop@example.net"}});
  ASSERT_TRUE(env.ok()) << env.error().message;
  EXPECT_EQ(env->unsubscribe_mailbox, "stop@example.net");
}

TEST(UnsubscribeMailbox, EmptyMeansNoMailto) {
  auto c = load("base_url = \"https://monitor.example\"\nunsubscribe_mailbox = \"\"\n");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->unsubscribe_mailbox, "");
  auto env = load("base_url = \"https://monitor.example\"\n", {{"BAROMETER_UNSUBSCRIBE_MAILBOX", ""}});
  ASSERT_TRUE(env.ok()) << env.error().message;
  EXPECT_EQ(env->unsubscribe_mailbox, "");
}

TEST(UnsubscribeMailbox, RefusesAnythingButOnePlainAddress) {
  for (const char* bad : {"unsubscribe", "@example.org", "unsubscribe@", "a@b@example.org", "Leave <u@example.org>",
                          "a@example.org, b@example.org", "u @example.org", "u@example.org?subject=x",
                          "u%40@example.org", "u@exa\nmple.org", "отписка@example.org", "u@example..org",
                          "u@example.org.", "u@exa#mple.org"}) {
    auto c = load("", {{"BAROMETER_UNSUBSCRIBE_MAILBOX", bad}});
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_EQ(c.code(), ErrorCode::invalid) << bad;
    EXPECT_NE(c.error().message.find("unsubscribe_mailbox"), std::string::npos) << c.error().message;
  }
  auto not_string = load("unsubscribe_mailbox = 5\n");
  ASSERT_FALSE(not_string.ok());
  EXPECT_NE(not_string.error().message.find("unsubscribe_mailbox"), std::string::npos);
}

}  // namespace
}  // namespace barometer
