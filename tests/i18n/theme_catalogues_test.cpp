// The default theme's catalogues (themes/default/locales) must load with this loader, and every
// language must define the same keys, so a page never shows a raw key in one language only.
#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "i18n/catalogue.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

TEST(ThemeCatalogues, LoadAndShareKeys) {
  auto dir = testing::source_dir() / "themes" / "default" / "locales";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no default theme yet";
  std::vector<Language> languages = {{"en", "English", "en"}, {"be", "Беларуская", "be_BY"}, {"ru", "Русский", "ru_RU"}};
  auto catalogues = Catalogues::load(dir.string(), languages);
  ASSERT_TRUE(catalogues.ok()) << catalogues.error().message;
  const Catalogue* en = catalogues->find("en");
  ASSERT_NE(en, nullptr);
  EXPECT_FALSE(en->entries().empty());
  for (const char* code : {"be", "ru"}) {
    const Catalogue* other = catalogues->find(code);
    ASSERT_NE(other, nullptr);
    for (const auto& [key, pattern] : en->entries()) EXPECT_TRUE(other->has(key)) << code << " lacks " << key;
    for (const auto& [key, pattern] : other->entries()) EXPECT_TRUE(en->has(key)) << "en lacks " << key;
  }
}

}  // namespace
}  // namespace barometer
