// The back office's catalogues (themes/admin/locales) load and define the same keys in en, be and
// ru, so the admin UI never shows a raw key in one language only; and the language table and time
// zone check the site settings page relies on.
#include <gtest/gtest.h>

#include "i18n/catalogue.hpp"
#include "i18n/languages.hpp"
#include "i18n/time_zone.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

TEST(AdminCatalogues, LoadAndShareKeys) {
  auto dir = (testing::source_dir() / "themes" / "admin" / "locales").string();
  std::vector<Language> languages = {{"en", "English", "en"}, {"be", "Беларуская", "be_BY"}, {"ru", "Русский", "ru_RU"}};
  auto catalogues = Catalogues::load(dir, languages);
  ASSERT_TRUE(catalogues.ok()) << catalogues.error().message;
  const Catalogue* en = catalogues->find("en");
  ASSERT_NE(en, nullptr);
  EXPECT_GT(en->entries().size(), 100u);
  for (const char* code : {"be", "ru"}) {
    const Catalogue* other = catalogues->find(code);
    ASSERT_NE(other, nullptr);
    for (const auto& [key, pattern] : en->entries()) EXPECT_TRUE(other->has(key)) << code << " lacks " << key;
    for (const auto& [key, pattern] : other->entries()) EXPECT_TRUE(en->has(key)) << "en lacks " << key;
    // Translated, not copied: texts with letters differ from English (product names aside).
    int same = 0;
    for (const auto& [key, pattern] : en->entries())
      if (other->text(key) == pattern) ++same;
    EXPECT_LT(same, 5) << code << " repeats English texts";
  }
  // The message with an argument formats in every language.
  for (const char* code : {"en", "be", "ru"})
    EXPECT_NE(catalogues->find(code)->format("settings_language_in_use", {{"languages", "Polski"}}).find("Polski"),
              std::string::npos);
}

TEST(SupportedLanguages, StartWithEnglishAndAreFoundByCode) {
  ASSERT_FALSE(supported_languages().empty());
  EXPECT_EQ(supported_languages().front().code, "en");
  ASSERT_NE(find_supported_language("be"), nullptr);
  EXPECT_EQ(find_supported_language("be")->icu_locale, "be_BY");
  EXPECT_EQ(find_supported_language("xx"), nullptr);
}

TEST(TimeZones, KnownIanaNamesOnly) {
  EXPECT_TRUE(is_valid_time_zone("Europe/Minsk"));
  EXPECT_TRUE(is_valid_time_zone("UTC"));
  EXPECT_TRUE(is_valid_time_zone("America/Argentina/Buenos_Aires"));
  EXPECT_FALSE(is_valid_time_zone(""));
  EXPECT_FALSE(is_valid_time_zone("Mars/Olympus"));
  EXPECT_FALSE(is_valid_time_zone("Etc/Unknown"));
  EXPECT_FALSE(is_valid_time_zone("Europe/Minsk\n"));
  EXPECT_FALSE(is_valid_time_zone(std::string(100, 'A')));
}

}  // namespace
}  // namespace barometer
