#include "mail/smtp_url.hpp"

#include <gtest/gtest.h>

namespace barometer::mail {
namespace {

TEST(SmtpUrl, PlainHostGetsPort25) {
  auto u = parse_smtp_url("smtp://mail.example.org");
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_FALSE(u->implicit_tls);
  EXPECT_EQ(u->host, "mail.example.org");
  EXPECT_EQ(u->port, 25);
  EXPECT_TRUE(u->user.empty());
}

TEST(SmtpUrl, SmtpsDefaultsTo465) {
  auto u = parse_smtp_url("smtps://mail.example.org/");
  ASSERT_TRUE(u.ok());
  EXPECT_TRUE(u->implicit_tls);
  EXPECT_EQ(u->port, 465);
}

TEST(SmtpUrl, CredentialsArePercentDecoded) {
  auto u = parse_smtp_url("smtp://news%40example.org:p%40ss%3Aw%2Fd@relay.example.org:587");
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->user, "news@example.org");
  EXPECT_EQ(u->password, "p@ss:w/d");
  EXPECT_EQ(u->host, "relay.example.org");
  EXPECT_EQ(u->port, 587);
  EXPECT_EQ(u->redacted(), "smtp://relay.example.org:587");
}

TEST(SmtpUrl, Ipv6Literal) {
  auto u = parse_smtp_url("smtp://[::1]:2525");
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, 2525);
  EXPECT_EQ(u->redacted(), "smtp://[::1]:2525");
}

TEST(SmtpUrl, BadUrlsAreInvalidWithAMessage) {
  for (const char* bad : {"", "http://mail.example.org", "smtp://", "smtp://:25", "smtp://host:0", "smtp://host:65536",
                          "smtp://host:25x", "smtp://host:", "smtp://host/path", "smtp://host?q=1", "smtp://ho st",
                          "smtp://user:pa%zzss@host", "smtp://user:pass%4@host", "smtp://u:p%0d%0a@host",
                          "smtp://[::1", "smtp://[zz]:25", "smtp://@host", "smtp://хост"}) {
    auto u = parse_smtp_url(bad);
    EXPECT_FALSE(u.ok()) << bad;
    if (!u.ok()) {
      EXPECT_EQ(u.code(), ErrorCode::invalid) << bad;
      EXPECT_TRUE(u.error().message.starts_with("SMTP URL:")) << u.error().message;
    }
  }
}

}  // namespace
}  // namespace barometer::mail
