// DKIM's relaxed canonicalisation, against the examples of RFC 6376 section 3.4.5 and the rules of
// 3.4.2 / 3.4.4 one by one (the whole signer is checked against python3-dkim in dkim_test.cpp).
#include "mail/dkim_canon.hpp"

#include <gtest/gtest.h>

namespace barometer::mail::dkim {
namespace {

std::string header(std::string_view raw) {
  std::string out;
  append_relaxed_header(raw, out);
  return out;
}

std::string body(std::string_view raw) {
  auto b = relaxed_body(raw);
  EXPECT_TRUE(b.ok()) << b.error().message;
  return b.ok() ? *b : "error";
}

TEST(DkimCanon, Rfc6376Example) {
  auto split = split_message("A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n C \r\nD \t E\r\n\r\n\r\n");
  ASSERT_TRUE(split.ok()) << split.error().message;
  ASSERT_EQ(split->fields.size(), 2u);
  EXPECT_EQ(split->fields[0].name, "A");
  EXPECT_EQ(split->fields[1].name, "B");
  EXPECT_EQ(split->fields[1].raw, "B : Y\t\r\n\tZ  ");
  EXPECT_EQ(header(split->fields[0].raw), "a:X");
  EXPECT_EQ(header(split->fields[1].raw), "b:Y Z");
  EXPECT_EQ(body(split->body), " C\r\nD E\r\n");
}

TEST(DkimCanon, HeaderRules) {
  EXPECT_EQ(header("Subject:   several   spaces\tand\t\ttabs  \t"), "subject:several spaces and tabs");
  EXPECT_EQ(header("X:\r\n folded\r\n\tagain"), "x:folded again");
  EXPECT_EQ(header("Empty:"), "empty:");
  EXPECT_EQ(header("Empty:  \r\n \t"), "empty:");
  EXPECT_EQ(header("Subject: Сітуацыя  ў\tБеларусі"), "subject:Сітуацыя ў Беларусі");  // 8-bit passes through
  EXPECT_EQ(header("Subject: =?utf-8?b?0JA=?=  =?utf-8?b?0JE=?="), "subject:=?utf-8?b?0JA=?= =?utf-8?b?0JE=?=");
}

TEST(DkimCanon, BodyRules) {
  EXPECT_EQ(body(""), "");
  EXPECT_EQ(body("\r\n"), "");
  EXPECT_EQ(body("\r\n \r\n\t\r\n"), "");
  EXPECT_EQ(body("text"), "text\r\n");
  EXPECT_EQ(body("a  \r\n\r\n b\r\n\r\n"), "a\r\n\r\n b\r\n");
  EXPECT_EQ(body("\t x \t y \t\r\n"), " x y\r\n");
  EXPECT_EQ(body("\r\n\r\nlate\r\n"), "\r\n\r\nlate\r\n");
  EXPECT_EQ(body("Сітуацыя \r\n"), "Сітуацыя\r\n");
}

TEST(DkimCanon, BareLineEndsAndBrokenHeadersAreInvalid) {
  EXPECT_FALSE(relaxed_body("a\nb\r\n").ok());
  EXPECT_FALSE(relaxed_body("a\rb\r\n").ok());
  EXPECT_FALSE(relaxed_body("a\r").ok());
  EXPECT_FALSE(split_message("A: b\r\n").ok());              // no blank line
  EXPECT_FALSE(split_message(" A: b\r\n\r\n").ok());         // continuation first
  EXPECT_FALSE(split_message("A b\r\n\r\n").ok());           // no colon
  EXPECT_FALSE(split_message(": b\r\n\r\n").ok());           // no name
  EXPECT_FALSE(split_message("A: b\nC: d\r\n\r\n").ok());    // bare LF
  EXPECT_FALSE(split_message("A: b\rC: d\r\n\r\n").ok());    // bare CR
  auto empty_header = split_message("\r\nbody");
  ASSERT_TRUE(empty_header.ok());
  EXPECT_TRUE(empty_header->fields.empty());
  EXPECT_EQ(empty_header->body, "body");
}

}  // namespace
}  // namespace barometer::mail::dkim
