#include "i18n/negotiate.hpp"

#include <gtest/gtest.h>

#include <ostream>

#include <string>

namespace barometer {
namespace {

const std::vector<LangCode> kSite = {"en", "be", "ru"};

struct NegotiateCase {
  std::string header;
  const char* expected;
  const char* fallback = "en";
};

void PrintTo(const NegotiateCase& c, std::ostream* out) {
  std::ostream& os = *out;
  os << "[" << c.header.substr(0, 60) << "]";
}


class NegotiateTest : public ::testing::TestWithParam<NegotiateCase> {};

TEST_P(NegotiateTest, PicksLanguage) {
  const NegotiateCase& c = GetParam();
  EXPECT_EQ(negotiate_language(c.header, kSite, c.fallback), c.expected) << "header: [" << c.header << "]";
}

INSTANTIATE_TEST_SUITE_P(
    Headers, NegotiateTest,
    ::testing::Values(
        // Plain and ordered.
        NegotiateCase{"be", "be"},
        NegotiateCase{"ru", "ru"},
        NegotiateCase{"en", "en"},
        NegotiateCase{"ru, be", "ru"},
        NegotiateCase{"be, ru", "be"},
        // q-values decide, not order; ties go to the header's order.
        NegotiateCase{"ru;q=0.5, be;q=0.8", "be"},
        NegotiateCase{"ru;q=0.8, be;q=0.8", "ru"},
        NegotiateCase{"de, ru;q=0.9, en;q=0.8", "ru"},
        NegotiateCase{"ru;q=1.000, be;q=0.999", "ru"},
        NegotiateCase{"be;q=0.001, ru;q=0", "be"},
        // Regions and case.
        NegotiateCase{"be-BY", "be"},
        NegotiateCase{"BE-by", "be"},
        NegotiateCase{"RU", "ru"},
        NegotiateCase{"ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "ru"},
        NegotiateCase{"en-US,en;q=0.9,be;q=0.8", "en", "ru"},
        NegotiateCase{"be-Latn-BY", "be"},
        NegotiateCase{"de-DE, be-BY;q=0.5", "be"},
        // Whitespace (OWS around separators) and tabs.
        NegotiateCase{"  ru ;  q=0.3 ,\tbe ; q = 0.4 ", "be"},
        NegotiateCase{"ru;Q=0.1,be;Q=0.2", "be"},
        NegotiateCase{",,ru,,", "ru"},
        // Wildcard: the fallback, unless it is ruled out.
        NegotiateCase{"*", "en"},
        NegotiateCase{"*", "ru", "ru"},
        NegotiateCase{"de, *;q=0.1", "en"},
        NegotiateCase{"en;q=0, *", "be"},
        NegotiateCase{"*;q=0.5, ru", "ru"},
        // q=0 means "not this".
        NegotiateCase{"ru;q=0", "en"},
        NegotiateCase{"ru;q=0, be;q=0.1", "be"},
        NegotiateCase{"ru;q=0.0", "en"},
        NegotiateCase{"ru;q=0.000, ru-RU", "en"},
        NegotiateCase{"be;q=0", "ru", "ru"},
        NegotiateCase{"*;q=0", "en"},
        // Nothing available: fallback.
        NegotiateCase{"de, fr;q=0.9", "en"},
        NegotiateCase{"de", "be", "be"},
        NegotiateCase{"", "en"},
        NegotiateCase{"   ", "en"},
        // A prefix is not a match unless it ends at a subtag boundary.
        NegotiateCase{"bel", "en"},
        NegotiateCase{"r", "en"},
        // Malformed elements are ignored, the rest still counts.
        NegotiateCase{"ru;q=2, be", "be"},
        NegotiateCase{"ru;q=abc, be;q=0.1", "be"},
        NegotiateCase{"ru;q=0.1234", "en"},
        NegotiateCase{"ru;q=1.5", "en"},
        NegotiateCase{"ru;q=-1", "en"},
        NegotiateCase{"ru;q=", "en"},
        NegotiateCase{"ru;foo", "en"},
        NegotiateCase{"ru;level=1;q=0.5, de", "ru"},
        NegotiateCase{"r*u, be", "be"},
        NegotiateCase{"ru-, be", "be"},
        NegotiateCase{"-ru, be", "be"},
        NegotiateCase{"ruuuuuuuu, be", "be"},
        NegotiateCase{"1ru, be", "be"},
        NegotiateCase{"ru_RU, be", "be"},
        NegotiateCase{"рус, be", "be"},
        NegotiateCase{";;;,,,===", "en"},
        NegotiateCase{"\xff\xfe\x00garbage", "en"},
        NegotiateCase{std::string("ru\0", 3), "en"}));

TEST(Negotiate, EmptyAvailableGivesFallback) {
  EXPECT_EQ(negotiate_language("ru", {}, "en"), "en");
}

TEST(Negotiate, AvailableCodesAreMatchedCaseInsensitively) {
  EXPECT_EQ(negotiate_language("zh-hant-tw", {"en", "zh-Hant"}, "en"), "zh-Hant");
  EXPECT_EQ(negotiate_language("zh", {"en", "zh-Hant"}, "en"), "zh-Hant");
}

TEST(Negotiate, HugeHeaderIsBoundedAndNeverThrows) {
  std::string header;
  for (int i = 0; i < 100000; ++i) header += "de-DE;q=0.5, ";
  header += "ru";
  // "ru" lies past the bound, so it is not seen.
  EXPECT_EQ(negotiate_language(header, kSite, "en"), "en");

  std::string early = "ru;q=0.1, " + std::string(1 << 20, ' ');
  EXPECT_EQ(negotiate_language(early, kSite, "en"), "ru");

  std::string one_giant_token(1 << 20, 'a');
  EXPECT_EQ(negotiate_language(one_giant_token, kSite, "be"), "be");
}

}  // namespace
}  // namespace barometer
