// Names of languages as the UI shows them, from ICU's locale data (CLDR).
#pragma once

#include <string>

namespace barometer {

// The language's name in the language itself, first letter capitalised, for a language switcher:
// "be_BY" -> "Беларуская", "ru_RU" -> "Русский", "en" -> "English". Empty when ICU has no name
// for the language (an unknown code), so callers can fall back to their own label.
std::string native_language_name(const std::string& icu_locale);

// The language's name in another language: ("be_BY", "en") -> "Belarusian".
std::string language_name_in(const std::string& icu_locale, const std::string& display_icu_locale);

}  // namespace barometer
