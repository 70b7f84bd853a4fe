#include "i18n/languages.hpp"

namespace barometer {

const std::vector<Language>& supported_languages() {
  static const std::vector<Language> all = {
      {"en", "English", "en"},       {"be", "Беларуская", "be_BY"}, {"ru", "Русский", "ru_RU"},
      {"uk", "Українська", "uk_UA"}, {"pl", "Polski", "pl_PL"},     {"de", "Deutsch", "de_DE"},
      {"fr", "Français", "fr_FR"},   {"lt", "Lietuvių", "lt_LT"},   {"lv", "Latviešu", "lv_LV"},
      {"et", "Eesti", "et_EE"},
  };
  return all;
}

const Language* find_supported_language(const LangCode& code) {
  for (const auto& l : supported_languages())
    if (l.code == code) return &l;
  return nullptr;
}

}  // namespace barometer
