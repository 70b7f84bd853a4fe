#include "i18n/slug.hpp"

#include <gtest/gtest.h>

#include <ostream>

#include <limits>
#include <string>

namespace barometer {
namespace {

struct SlugCase {
  const char* input;
  const char* expected;
};

void PrintTo(const SlugCase& c, std::ostream* out) {
  std::ostream& os = *out;
  os << "\"" << c.input << "\"";
}


class SlugifyTest : public ::testing::TestWithParam<SlugCase> {};

TEST_P(SlugifyTest, Transliterates) {
  std::string slug = slugify(GetParam().input);
  EXPECT_EQ(slug, GetParam().expected);
  EXPECT_TRUE(is_valid_slug(slug)) << slug;
}

INSTANTIATE_TEST_SUITE_P(
    Titles, SlugifyTest,
    ::testing::Values(
        // Belarusian: і, ў, ё, soft sign, apostrophe as a letter.
        SlugCase{"Мінск будзе абараняць Крэмль", "minsk-budze-abaranyats-kreml"},
        SlugCase{"Ўсё ідзе ў лес", "wsyo-idze-w-les"},
        SlugCase{"Сям’я і дзяржава", "syamya-i-dzyarzhava"},
        SlugCase{"Сям'я", "syamya"},
        SlugCase{"Беларусь і Расія: інтэграцыя", "belarus-i-rasiya-integratsyya"},
        // Russian: ы, щ, ъ, ь, ж, х, ц, ю, я.
        SlugCase{"Объём щедрых съездов", "obyom-shchedrykh-sezdov"},
        SlugCase{"Мышь и ёжик", "mysh-i-yozhik"},
        SlugCase{"Хроника: Лукашенко и Путин в Сочи", "khronika-lukashenko-i-putin-v-sochi"},
        SlugCase{"Юг, Цены, Щит", "yug-tseny-shchit"},
        // Latin with diacritics and ligatures; other scripts through ICU's Any-Latin.
        SlugCase{"Łódź, Straße & naïve Æsop", "lodz-strasse-naive-aesop"},
        SlugCase{"北京", "bei-jing"},
        // Punctuation, digits, emoji.
        SlugCase{"Belarus–West relations", "belarus-west-relations"},
        SlugCase{"  --Hello,   World!!--  ", "hello-world"},
        SlugCase{"2022-W09: week 9 / 2022", "2022-w09-week-9-2022"},
        SlugCase{"Don't panic", "dont-panic"},
        SlugCase{"Protests 🇧🇾 😀 continue", "protests-continue"},
        // Nothing usable.
        SlugCase{"", "item"},
        SlugCase{"   \t\n  ", "item"},
        SlugCase{"😀🎉!!!", "item"},
        SlugCase{"---", "item"}));

TEST(Slugify, CutsAtAWordBoundary) {
  EXPECT_EQ(slugify("alpha beta gamma", 12), "alpha-beta");
  EXPECT_EQ(slugify("alpha beta gamma", 10), "alpha-beta");
  EXPECT_EQ(slugify("alpha beta gamma", 11), "alpha-beta");
  EXPECT_EQ(slugify("alpha beta gamma", 16), "alpha-beta-gamma");
  // A single word longer than the limit is cut hard.
  EXPECT_EQ(slugify("supercalifragilistic", 5), "super");
  EXPECT_EQ(slugify("Мінск будзе абараняць Крэмль", 20), "minsk-budze");
}

TEST(Slugify, VeryLongInputIsBoundedAndValid) {
  std::string title;
  for (int i = 0; i < 200000; ++i) title += "Мінск ";  // ~2 MB
  std::string slug = slugify(title);
  EXPECT_LE(slug.size(), 80u);
  EXPECT_EQ(slug.substr(0, 12), "minsk-minsk-");
  EXPECT_TRUE(is_valid_slug(slug)) << slug;
  EXPECT_NE(slug.back(), '-');
}

TEST(Slugify, InvalidUtf8DoesNotCrash) {
  const std::string inputs[] = {
      std::string("abc\xff\xfe" "def"),
      std::string("\xc3"),                 // truncated sequence
      std::string("\xe2\x82"),             // truncated 3-byte sequence
      std::string("\xed\xa0\x80 surrogate"),
      std::string("over\xc0\xaflong"),
      std::string("nul\0inside", 10),
  };
  for (const std::string& input : inputs) {
    std::string slug = slugify(input);
    EXPECT_TRUE(is_valid_slug(slug)) << slug;
  }
  EXPECT_EQ(slugify(std::string("abc\xff\xfe" "def")), "abc-def");
}

TEST(Slugify, LongInvalidUtf8CutMidSequence) {
  std::string input(5000, 'a');
  input += "\xd0";  // a lead byte at the bound
  input += std::string(5000, '\x80');
  EXPECT_TRUE(is_valid_slug(slugify(input, 80)));
}

TEST(IsValidSlug, AcceptsAndRejects) {
  EXPECT_TRUE(is_valid_slug("minsk"));
  EXPECT_TRUE(is_valid_slug("2022-w09"));
  EXPECT_TRUE(is_valid_slug("a-b-c"));
  EXPECT_TRUE(is_valid_slug(std::string(200, 'a')));
  EXPECT_FALSE(is_valid_slug(std::string(201, 'a')));
  EXPECT_FALSE(is_valid_slug(""));
  EXPECT_FALSE(is_valid_slug("-minsk"));
  EXPECT_FALSE(is_valid_slug("minsk-"));
  EXPECT_FALSE(is_valid_slug("a--b"));
  EXPECT_FALSE(is_valid_slug("Minsk"));
  EXPECT_FALSE(is_valid_slug("minsk_city"));
  EXPECT_FALSE(is_valid_slug("мінск"));
  EXPECT_FALSE(is_valid_slug("a b"));
  EXPECT_FALSE(is_valid_slug("../etc"));
}

}  // namespace
}  // namespace barometer

namespace barometer {
namespace {

TEST(Slugify, HugeMaxLengthDoesNotOverflowTheInputBound) {
  // 2^60 * 16 wraps to 0 in size_t: the bound must not then cut the input to nothing.
  std::string words;
  for (int i = 0; i < 500; ++i) words += "word ";
  std::string slug = slugify(words, std::numeric_limits<std::size_t>::max() / 16 + 1);
  EXPECT_EQ(slug.size(), 500u * 5 - 1);
  EXPECT_EQ(slugify("Мінск будзе", std::numeric_limits<std::size_t>::max()), "minsk-budze");
  EXPECT_EQ(slugify("Мінск", 0), "item");
}

}  // namespace
}  // namespace barometer
