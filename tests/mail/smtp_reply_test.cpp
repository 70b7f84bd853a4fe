#include "mail/smtp_reply.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace barometer::mail {
namespace {

// Feeds `bytes` one at a time, as the slowest server would, and returns the replies read.
std::vector<SmtpReply> byte_by_byte(SmtpReplyReader& reader, std::string_view bytes) {
  std::vector<SmtpReply> out;
  for (char c : bytes) {
    reader.append(std::string_view(&c, 1));
    for (auto r = reader.next(); r && *r; r = reader.next()) out.push_back(**r);
  }
  return out;
}

TEST(SmtpReplyReader, MultiLineRepliesInPiecesAndBareLf) {
  SmtpReplyReader reader;
  auto replies = byte_by_byte(reader, "250-relay\r\n250-PIPELINING\r\n250 8BITMIME\r\n354\n");
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0].code, 250);
  EXPECT_EQ(replies[0].text, "250-relay\n250-PIPELINING\n250 8BITMIME");
  EXPECT_EQ(replies[1].code, 354);
  EXPECT_TRUE(reader.empty());
  reader.append("421-closing\r\n");
  auto partial = reader.next();
  ASSERT_TRUE(partial);
  EXPECT_FALSE(*partial);
  EXPECT_FALSE(reader.empty());  // part of a reply is waiting
}

TEST(SmtpReplyReader, ProtocolErrorsClearTheReader) {
  for (std::string bad : {"hello\r\n", "25\r\n", "250-a\r\n251 b\r\n", "2500 x\r\n"}) {
    SmtpReplyReader reader;
    reader.append(bad);
    auto r = reader.next();
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::io) << bad;
    EXPECT_TRUE(reader.empty()) << bad;
  }
}

TEST(SmtpReplyReader, LineAndLineCountLimits) {
  // A 4,096-byte line is allowed, also while its LF has not arrived (only its CR).
  const std::string longest = "250 " + std::string(SmtpReplyReader::kMaxLine - 4, 'x');
  SmtpReplyReader reader;
  reader.append(longest + "\r");
  auto waiting = reader.next();
  ASSERT_TRUE(waiting);
  EXPECT_FALSE(*waiting);
  reader.append("\n");
  auto whole = reader.next();
  ASSERT_TRUE(whole && *whole);
  EXPECT_EQ((*whole)->text, longest);
  // One byte more, and no line end in sight: refused without waiting for more.
  reader.append(longest + "xy");
  EXPECT_FALSE(reader.next());
  // 101 lines.
  std::string many;
  for (int i = 0; i < SmtpReplyReader::kMaxLines; ++i) many += "250-x\r\n";
  reader.append(many + "250 end\r\n");
  EXPECT_FALSE(reader.next());
}

TEST(SmtpCapabilities, ExtensionsAfterTheGreetingLineAnyCase) {
  const auto caps = parse_capabilities("250-relay PIPELINING\n250-starttls\n250-Auth=login cram-md5\n250 8BITMIME");
  EXPECT_FALSE(caps.pipelining);  // on the greeting line: a host name's words are not extensions
  EXPECT_TRUE(caps.starttls);
  EXPECT_TRUE(caps.auth);
  EXPECT_TRUE(caps.auth_login);
  EXPECT_FALSE(caps.auth_plain);
}

TEST(SmtpCapabilities, WholeKeywordsOnly) {
  const auto caps = parse_capabilities("250-relay\n250-PIPELININGX\n250-STARTTLS \n250-AUTH XPLAIN LOGINX\n250 AUTH");
  EXPECT_FALSE(caps.pipelining);
  EXPECT_FALSE(caps.starttls);
  EXPECT_TRUE(caps.auth);  // an AUTH line, with no mechanism barometer knows
  EXPECT_FALSE(caps.auth_plain);
  EXPECT_FALSE(caps.auth_login);
  const auto empty = parse_capabilities("");
  EXPECT_FALSE(empty.auth || empty.pipelining || empty.starttls);
}

}  // namespace
}  // namespace barometer::mail
