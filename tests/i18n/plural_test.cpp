#include "i18n/plural.hpp"
#include "i18n/locale_names.hpp"

#include <gtest/gtest.h>

namespace barometer {
namespace {

TEST(PluralCategory, EastSlavicRules) {
  for (const char* locale : {"be_BY", "ru_RU"}) {
    EXPECT_EQ(plural_category(1, locale), "one") << locale;
    EXPECT_EQ(plural_category(21, locale), "one") << locale;
    EXPECT_EQ(plural_category(2, locale), "few") << locale;
    EXPECT_EQ(plural_category(22, locale), "few") << locale;
    EXPECT_EQ(plural_category(5, locale), "many") << locale;
    EXPECT_EQ(plural_category(11, locale), "many") << locale;
    EXPECT_EQ(plural_category(25, locale), "many") << locale;
    EXPECT_EQ(plural_category(0, locale), "many") << locale;
  }
}

TEST(PluralCategory, English) {
  EXPECT_EQ(plural_category(1, "en"), "one");
  for (long long n : {0LL, 2LL, 5LL, 11LL, 21LL, 22LL, 25LL}) EXPECT_EQ(plural_category(n, "en"), "other") << n;
}

TEST(LocaleNames, NativeNames) {
  EXPECT_EQ(native_language_name("en"), "English");
  EXPECT_EQ(native_language_name("be_BY"), "Беларуская");
  EXPECT_EQ(native_language_name("ru_RU"), "Русский");
  EXPECT_EQ(native_language_name("qq"), "");
  EXPECT_EQ(native_language_name(""), "");
}

TEST(LocaleNames, NameInAnotherLanguage) {
  EXPECT_EQ(language_name_in("be_BY", "en"), "Belarusian");
  EXPECT_EQ(language_name_in("en", "ru_RU"), "Английский");
  EXPECT_EQ(language_name_in("ru", "be_BY"), "Руская");
}

}  // namespace
}  // namespace barometer
