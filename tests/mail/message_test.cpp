// build_mime: what a real parser (Python's email package) reads back from our GMime output.
#include "mail/message.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <thread>

#include "parsed_message.hpp"

namespace barometer::mail {
namespace {

using testing::parse_with_python;
using testing::TempDir;

OutgoingMessage cyrillic_message() {
  OutgoingMessage m;
  m.from = {"Барометр Беларусі", "digest@barometer.example"};
  m.to = {"Читатель", "reader@example.org"};
  m.subject = "Ситуация в Беларуси: 28 февраля – 6 марта 2022 г.";
  m.text = "Экономика — ситуация ухудшилась.\nhttps://barometer.example/ru/\n";
  m.html = "<p>Экономика — <b>ситуация ухудшилась</b>.</p>\n";
  m.message_id = make_message_id("barometer.example", "digest/2022-W09/ru/42");
  m.date = from_unix(1646560800);  // 2022-03-06T10:00:00Z
  m.headers = {{"List-Id", "<digest.barometer.example>"},
               {"List-Unsubscribe", "<https://barometer.example/unsubscribe?t=abc>"}};
  return m;
}

// A one-click unsubscribe URL with its token is longer than a header line: it must reach the
// mailbox provider as written (folded between the URLs), never as RFC 2047 encoded-words.
TEST(BuildMime, LongListUnsubscribeStaysPlainAndFolded) {
  TempDir dir;
  OutgoingMessage m = cyrillic_message();
  const std::string https = "<https://barometer.example/unsubscribe/" + std::string(96, 'A') + ">";
  const std::string mailto = "<mailto:unsubscribe@barometer.example?subject=" + std::string(40, 'B') + ">";
  m.headers = {{"List-Unsubscribe", https + ", " + mailto}, {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
  auto mime = build_mime(m);
  ASSERT_TRUE(mime.ok()) << mime.error().message;
  const auto at = mime->find("List-Unsubscribe: ");
  ASSERT_NE(at, std::string::npos);
  const auto end = mime->find("\r\nList-Unsubscribe-Post:", at);
  ASSERT_NE(end, std::string::npos);
  const std::string header = mime->substr(at, end - at);
  EXPECT_EQ(header, "List-Unsubscribe: " + https + ",\r\n " + mailto);
  EXPECT_EQ(header.find("=?"), std::string::npos);
  auto parsed = parse_with_python(dir, *mime);
  EXPECT_EQ(parsed["headers"]["list-unsubscribe"], https + ", " + mailto);
  EXPECT_EQ(parsed["headers"]["list-unsubscribe-post"], "List-Unsubscribe=One-Click");
  EXPECT_TRUE(parsed["defects"].empty()) << parsed["defects"];
}

TEST(BuildMime, MultipartAlternativeUtf8ReadsBackInPython) {
  TempDir dir;
  auto mime = build_mime(cyrillic_message());
  ASSERT_TRUE(mime.ok()) << mime.error().message;
  auto parsed = parse_with_python(dir, *mime);
  EXPECT_EQ(parsed["subject"], "Ситуация в Беларуси: 28 февраля – 6 марта 2022 г.");
  EXPECT_NE(parsed["raw_subject"].get<std::string>().find("=?"), std::string::npos) << "subject must be an encoded-word";
  EXPECT_EQ(parsed["from_name"], "Барометр Беларусі");
  std::string raw_from = parsed["raw_from"];
  for (auto& c : raw_from) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_NE(raw_from.find("=?utf-8?"), std::string::npos) << "display names as UTF-8 encoded-words: " << raw_from;
  EXPECT_EQ(parsed["from_address"], "digest@barometer.example");
  EXPECT_EQ(parsed["to_address"], "reader@example.org");
  EXPECT_EQ(parsed["content_type"], "multipart/alternative");
  ASSERT_EQ(parsed["parts"].size(), 2u);
  EXPECT_EQ(parsed["parts"][0]["type"], "text/plain");
  EXPECT_EQ(parsed["parts"][1]["type"], "text/html");
  for (const auto& part : parsed["parts"]) {
    EXPECT_EQ(part["charset"], "utf-8");
    const std::string enc = part["encoding"];
    EXPECT_TRUE(enc == "base64" || enc == "quoted-printable") << enc;
  }
  EXPECT_EQ(parsed["parts"][0]["content"], "Экономика — ситуация ухудшилась.\nhttps://barometer.example/ru/\n");
  EXPECT_NE(parsed["parts"][1]["content"].get<std::string>().find("<b>ситуация ухудшилась</b>"), std::string::npos);
  EXPECT_EQ(parsed["headers"]["list-id"], "<digest.barometer.example>");
  EXPECT_EQ(parsed["headers"]["list-unsubscribe"], "<https://barometer.example/unsubscribe?t=abc>");
  EXPECT_EQ(parsed["message_id"], make_message_id("barometer.example", "digest/2022-W09/ru/42"));
  EXPECT_NE(parsed["date"].get<std::string>().find("06 Mar 2022 10:00:00"), std::string::npos) << parsed["date"];
  EXPECT_TRUE(parsed["defects"].empty()) << parsed["defects"];
  EXPECT_FALSE(parsed["bare_lf"].get<bool>()) << "every line must end in CRLF";
  // 7-bit clean on the wire: no raw UTF-8 bytes anywhere.
  for (unsigned char c : *mime) ASSERT_LT(c, 0x80);
}

TEST(BuildMime, TextOnlyMessageHasOnePlainPart) {
  TempDir dir;
  auto m = cyrillic_message();
  m.html.clear();
  auto mime = build_mime(m);
  ASSERT_TRUE(mime.ok()) << mime.error().message;
  auto parsed = parse_with_python(dir, *mime);
  EXPECT_EQ(parsed["content_type"], "text/plain");
  ASSERT_EQ(parsed["parts"].size(), 1u);
  EXPECT_EQ(parsed["parts"][0]["charset"], "utf-8");
}

TEST(BuildMime, AsciiTextStaysReadableAsQuotedPrintableOrSevenBit) {
  TempDir dir;
  auto m = cyrillic_message();
  m.subject = "Belarus Barometer: February 28 - March 6, 2022";
  m.text = "Economy: the situation got worse.\n";
  m.html = "<p>Economy: the situation got worse.</p>";
  auto mime = build_mime(m);
  ASSERT_TRUE(mime.ok());
  auto parsed = parse_with_python(dir, *mime);
  EXPECT_EQ(parsed["subject"], m.subject);
  EXPECT_EQ(parsed["raw_subject"], m.subject) << "ASCII subjects are not encoded";
  EXPECT_NE(parsed["parts"][0]["encoding"], "base64");
  EXPECT_EQ(parsed["parts"][0]["charset"], "utf-8");
}

TEST(BuildMime, RejectsHeaderInjectionAndBadAddresses) {
  auto m = cyrillic_message();
  m.subject = "Hello\r\nBcc: victim@example.org";
  EXPECT_EQ(build_mime(m).code(), ErrorCode::invalid);
  m = cyrillic_message();
  m.to.address = "not an address";
  EXPECT_EQ(build_mime(m).code(), ErrorCode::invalid);
  m = cyrillic_message();
  m.headers.push_back({"List-Unsubscribe", "<x>\nBcc: a@b"});
  EXPECT_EQ(build_mime(m).code(), ErrorCode::invalid);
  m = cyrillic_message();
  m.headers.push_back({"Bad Name", "x"});
  EXPECT_EQ(build_mime(m).code(), ErrorCode::invalid);
  m = cyrillic_message();
  m.text = std::string("\xff\xfe broken", 9);
  EXPECT_EQ(build_mime(m).code(), ErrorCode::invalid);
  m = cyrillic_message();
  m.message_id = "no-at-sign";
  EXPECT_EQ(build_mime(m).code(), ErrorCode::invalid);
}

TEST(MessageId, StablePerKeyAndDistinctAcrossKeys) {
  const auto a = make_message_id("barometer.example", "digest/2022-W09/ru/42");
  EXPECT_EQ(a, make_message_id("barometer.example", "digest/2022-W09/ru/42"));
  EXPECT_NE(a, make_message_id("barometer.example", "digest/2022-W09/ru/43"));
  EXPECT_NE(a, make_message_id("other.example", "digest/2022-W09/ru/42"));
  EXPECT_TRUE(a.starts_with("<"));
  EXPECT_TRUE(a.ends_with("@barometer.example>"));
  EXPECT_EQ(a.find("2022-W09"), std::string::npos) << "the key must not leak into the id";
}

TEST(BuildMime, SafeFromSeveralThreads) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i)
        if (build_mime(cyrillic_message()).ok()) ++ok;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 100);
}

}  // namespace
}  // namespace barometer::mail
