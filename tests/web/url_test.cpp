#include "web/url.hpp"

#include <gtest/gtest.h>

namespace barometer::web {
namespace {

TEST(Url, PercentDecodeAcceptsValidAndRejectsMalformed) {
  EXPECT_EQ(percent_decode("a%20b%D0%B1"), "a b\xD0\xB1");
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_FALSE(percent_decode("%"));
  EXPECT_FALSE(percent_decode("%2"));
  EXPECT_FALSE(percent_decode("%zz"));
  EXPECT_FALSE(percent_decode("ab%4"));
  EXPECT_FALSE(percent_decode("%00"));
}

TEST(Url, SplitPathDecodesEachSegmentAndKeepsEncodedSlashInside) {
  auto p = split_path("/en/topics/a%2Fb/");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->segments, (std::vector<std::string>{"en", "topics", "a/b"}));
  EXPECT_TRUE(p->trailing_slash);
  auto root = split_path("/");
  ASSERT_TRUE(root);
  EXPECT_TRUE(root->segments.empty());
  auto no_slash = split_path("/robots.txt");
  ASSERT_TRUE(no_slash);
  EXPECT_FALSE(no_slash->trailing_slash);
  EXPECT_EQ(no_slash->segments, std::vector<std::string>{"robots.txt"});
  EXPECT_FALSE(split_path("en/"));
  EXPECT_FALSE(split_path(""));
  EXPECT_FALSE(split_path("/en/%E0%A4%A/"));
  auto empty_inner = split_path("/en//x");
  ASSERT_TRUE(empty_inner);
  EXPECT_EQ(empty_inner->segments, (std::vector<std::string>{"en", "", "x"}));
}

TEST(Url, ParseQuery) {
  auto q = parse_query("page=2&q=a+b%21&flag&&x=");
  ASSERT_TRUE(q);
  EXPECT_EQ(query_value(*q, "page"), "2");
  EXPECT_EQ(query_value(*q, "q"), "a b!");
  EXPECT_EQ(query_value(*q, "flag"), "");
  EXPECT_EQ(query_value(*q, "x"), "");
  EXPECT_FALSE(query_value(*q, "missing"));
  EXPECT_FALSE(parse_query("page=%zz"));
  EXPECT_TRUE(parse_query("")->empty());
}

TEST(Url, PercentEncodeRoundTrips) {
  const std::string text = "a b/ć?&=#%";
  EXPECT_EQ(percent_encode("a b/"), "a%20b%2F");
  EXPECT_EQ(percent_decode(percent_encode(text)), text);
}

}  // namespace
}  // namespace barometer::web
