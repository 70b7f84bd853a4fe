// Plural categories (CLDR: zero, one, two, few, many, other) of a number in a language, via ICU
// PluralRules. For choosing forms outside message catalogues (e.g. in a chart label).
// Thread-safe; rules are cached per locale and thread.
#pragma once

#include <string>

namespace barometer {

// "one" for 1 and 21 in ru_RU/be_BY, "few" for 2 and 22, "many" for 5, 11 and 25; "other" when
// the locale is unknown to ICU's data and falls back to root rules.
std::string plural_category(long long number, const std::string& icu_locale);

}  // namespace barometer
