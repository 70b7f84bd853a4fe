// Reading the token of an unsubscribe mail (app/unsubscribe_mail.hpp): what mail clients make of
// <mailto:MAILBOX?subject=unsubscribe%20TOKEN>, and what they must not be mistaken for.
#include "app/unsubscribe_mail.hpp"

#include <gtest/gtest.h>

#include <string>

namespace barometer {
namespace {

const std::string kToken = "m.42.0.AbCd_ef-12.Zz9_-x";

std::string token_of(const std::string& subject) {
  auto t = unsubscribe_token_from_subject(subject);
  return t ? *t : "<none: " + t.error().message + ">";
}

TEST(UnsubscribeMail, TokenFromTheSubjectsClientsWrite) {
  EXPECT_EQ(token_of("unsubscribe " + kToken), kToken);
  EXPECT_EQ(token_of("Unsubscribe " + kToken), kToken);
  EXPECT_EQ(token_of("  UNSUBSCRIBE\t" + kToken + "  "), kToken);
  EXPECT_EQ(token_of("unsubscribe%20" + kToken), kToken);  // a client that did not decode the mailto
  EXPECT_EQ(token_of("Re: unsubscribe " + kToken), kToken);
  EXPECT_EQ(token_of("Fwd:unsubscribe " + kToken + " please"), kToken);
}

TEST(UnsubscribeMail, NoTokenIsInvalid) {
  for (const std::string& subject :
       {std::string(""), std::string("unsubscribe"), std::string("unsubscribe "), std::string("please unsubscribe me!"),
        "unsubscribe" + kToken, "xunsubscribe " + kToken, "unsubscribe " + kToken + "<script>",
        "unsubscribe " + std::string(600, 'a'), std::string("unsubscribe \xd0\xbc.1.0.x.y"),
        std::string("отписаться m.1.0.x.y"),
        // In the spirit of the Big List of Naughty Strings: none holds a token.
        std::string("unsubscribe %s%s%s%n%n"), std::string("unsubscribe \xe2\x80\xae\xe2\x80\x8b m.1.0.a.b"),
        std::string("unsubscribe m.1.0.a\0b.c", 23), std::string("unsubscribe ../../../../etc/passwd"),
        std::string("unsubscribe '; DROP TABLE subscribers; --"), std::string("unsubscribe \xff\xfe\x00", 15),
        std::string("unsubscribe =?x-unknown?B?////?="), std::string(100000, 'u')}) {
    auto t = unsubscribe_token_from_subject(subject);
    EXPECT_FALSE(t.ok()) << subject;
    if (!t.ok()) {
      EXPECT_EQ(t.code(), ErrorCode::invalid);
    }
  }
}

TEST(UnsubscribeMail, TokenFromAMessageDecodesEncodedWords) {
  const std::string plain = "From: <reader@example.org>\r\nTo: <unsubscribe@monitor.example>\r\nSubject: unsubscribe " +
                            kToken + "\r\n\r\nbody\r\n";
  auto t = unsubscribe_token_from_message(plain);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(*t, kToken);
  // RFC 2047 base64 of "unsubscribe m.42.0.AbCd_ef-12.Zz9_-x", as some clients send any Subject.
  const std::string encoded =
      "From: <reader@example.org>\r\nSubject: =?utf-8?B?dW5zdWJzY3JpYmUgbS40Mi4wLkFiQ2RfZWYtMTIuWno5Xy14?=\r\n\r\n";
  auto e = unsubscribe_token_from_message(encoded);
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(*e, kToken);
}

TEST(UnsubscribeMail, MessagesWithoutATokenAreInvalid) {
  for (const std::string& message :
       {std::string(""), std::string("garbage"), std::string("From: <a@example.org>\r\n\r\nunsubscribe " + kToken),
        std::string("Subject: hello\r\n\r\n"), std::string(1000, '\0'),
        "Subject: unsubscribe " + kToken + "\r\n\r\n" + std::string(kMaxUnsubscribeMailBytes, 'x')}) {
    auto t = unsubscribe_token_from_message(message);
    EXPECT_FALSE(t.ok()) << message.substr(0, 60);
    if (!t.ok()) {
      EXPECT_EQ(t.code(), ErrorCode::invalid);
    }
  }
}

TEST(UnsubscribeMail, ExitCodesForTheMta) {
  EXPECT_EQ(unsubscribe_mail_exit_code(MailUnsubscribed{}), 0);
  EXPECT_EQ(unsubscribe_mail_exit_code(invalid("x")), 65);
  EXPECT_EQ(unsubscribe_mail_exit_code(not_found("x")), 65);
  EXPECT_EQ(unsubscribe_mail_exit_code(unavailable("x")), 75);
  EXPECT_EQ(unsubscribe_mail_exit_code(io_error("x")), 75);
}

}  // namespace
}  // namespace barometer
