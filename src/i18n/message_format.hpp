// Internal to the i18n layer: ICU MessageFormat with named arguments, compiled once per
// (locale, pattern) and thread. ICU formatters must not be shared between threads.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace barometer::i18n_detail {

// Checks that ICU can parse `pattern`; the error names the offset and ICU's reason.
std::optional<std::string> message_pattern_error(const std::string& pattern, const std::string& icu_locale);

// `pattern` formatted with the named arguments; the pattern itself when ICU cannot format it.
std::string format_message(const std::string& pattern, const std::string& icu_locale,
                           const std::map<std::string, std::string>& string_args,
                           const std::map<std::string, long long>& number_args);

}  // namespace barometer::i18n_detail
