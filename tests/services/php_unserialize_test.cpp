// The PHP unserializer the WordPress import reads Polylang's translation groups with: exact
// input, the length errors an XML round trip leaves (recomputed from the closing `";`), and
// refusals that never crash (objects, references, depth, junk).
#include <gtest/gtest.h>

#include "services/wordpress/php_unserialize.hpp"

namespace barometer::wordpress {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(PhpUnserialize, ReadsPolylangsGroup) {
  auto pairs = php_string_pairs(R"(a:3:{s:2:"en";i:12;s:2:"be";i:13;s:2:"ru";i:14;})");
  ASSERT_TRUE(pairs);
  EXPECT_EQ(*pairs, (Pairs{{"en", "12"}, {"be", "13"}, {"ru", "14"}}));
  auto parsed = php_unserialize(R"(a:3:{s:2:"en";i:12;s:2:"be";i:13;s:2:"ru";i:14;})");
  EXPECT_FALSE(parsed.repaired);
}

TEST(PhpUnserialize, ReadsEveryScalar) {
  auto parsed = php_unserialize(R"(a:5:{i:0;N;i:1;b:1;i:2;d:0.5;i:3;s:0:"";i:4;a:0:{}})");
  ASSERT_TRUE(parsed.value) << parsed.error;
  ASSERT_EQ(parsed.value->items.size(), 5u);
  EXPECT_EQ(parsed.value->items[1].second.integer, 1);
  EXPECT_DOUBLE_EQ(parsed.value->items[2].second.floating, 0.5);
  EXPECT_EQ(parsed.value->items[4].second.kind, PhpValue::Kind::array);
}

TEST(PhpUnserialize, ByteCountsNotCharacters) {
  auto parsed = php_unserialize("s:6:\"\xD0\xBC\xD1\x96\xD0\xBD\";");  // "мін": 3 letters, 6 bytes
  ASSERT_TRUE(parsed.value) << parsed.error;
  EXPECT_EQ(parsed.value->text, "\xD0\xBC\xD1\x96\xD0\xBD");
  EXPECT_FALSE(parsed.repaired);
}

TEST(PhpUnserialize, ToleratesWrongLengthsFromXmlRoundTrips) {
  // Declared 3 for a 6-byte string (counted in characters), 9 for a 2-byte one, a wrong count.
  auto parsed = php_unserialize("a:9:{s:3:\"\xD0\xBC\xD1\x96\xD0\xBD\";i:1;s:9:\"en\";s:3:\"a\";b\";}");
  ASSERT_TRUE(parsed.value) << parsed.error;
  EXPECT_TRUE(parsed.repaired);
  ASSERT_EQ(parsed.value->items.size(), 2u);
  EXPECT_EQ(parsed.value->items[0].first.text, "\xD0\xBC\xD1\x96\xD0\xBD");
  EXPECT_EQ(parsed.value->items[1].first.text, "en");
  EXPECT_EQ(parsed.value->items[1].second.text, "a\";b");  // the right length keeps a `";` inside
}

TEST(PhpUnserialize, RefusesWhatAnExportHasNoBusinessHolding) {
  for (const char* bad : {"O:8:\"stdClass\":0:{}", "a:1:{i:0;r:1;}", "s:5:\"abc", "i:x;", "a:1:{i:0;i:1;",
                          "b:2;", "", "s:99999999999999999999999:\"\";", "N;extra", "a:1:{a:0:{}i:1;}"}) {
    auto parsed = php_unserialize(bad);
    EXPECT_FALSE(parsed.value) << bad;
    EXPECT_FALSE(parsed.error.empty()) << bad;
  }
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "a:1:{i:0;";
  deep += "N;";
  for (int i = 0; i < 100; ++i) deep += "}";
  EXPECT_NE(php_unserialize(deep).error.find("too deep"), std::string::npos);
  EXPECT_FALSE(php_string_pairs("s:2:\"en\";"));  // not an array
}

}  // namespace
}  // namespace barometer::wordpress
