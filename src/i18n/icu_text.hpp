// Internal to the i18n layer (includes ICU; never include it from a public header): conversions
// between UTF-8 std::string and icu::UnicodeString.
#pragma once

#include <string>
#include <string_view>

#include <unicode/unistr.h>

namespace barometer::i18n_detail {

// Invalid UTF-8 sequences become U+FFFD; never throws.
inline icu::UnicodeString to_unicode(std::string_view utf8) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
}

inline std::string to_utf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

}  // namespace barometer::i18n_detail
