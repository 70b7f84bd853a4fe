#include "i18n/locale_names.hpp"

#include <unicode/locid.h>

#include "i18n/icu_text.hpp"

namespace barometer {
namespace {

// Capitalises the first character only: CLDR writes names in lowercase where the language does
// mid-sentence ("беларуская"), but a switcher shows them as labels.
std::string capitalised(icu::UnicodeString name, const icu::Locale& locale) {
  if (name.isEmpty()) return {};
  icu::UnicodeString first = name.tempSubString(0, name.moveIndex32(0, 1));
  first.toUpper(locale);
  name.replace(0, name.moveIndex32(0, 1), first);
  return i18n_detail::to_utf8(name);
}

std::string display_language(const std::string& icu_locale, const std::string& display_icu_locale) {
  icu::Locale locale(icu_locale.c_str());
  icu::Locale display(display_icu_locale.c_str());
  if (locale.isBogus() || display.isBogus() || *locale.getLanguage() == '\0') return {};
  icu::UnicodeString name;
  locale.getDisplayLanguage(display, name);
  // ICU echoes the code itself when it has no name for it.
  if (name == icu::UnicodeString(locale.getLanguage())) return {};
  return capitalised(name, display);
}

}  // namespace

std::string native_language_name(const std::string& icu_locale) { return display_language(icu_locale, icu_locale); }

std::string language_name_in(const std::string& icu_locale, const std::string& display_icu_locale) {
  return display_language(icu_locale, display_icu_locale);
}

}  // namespace barometer
