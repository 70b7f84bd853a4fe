#include "i18n/time_zone.hpp"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>

namespace barometer {

namespace {
constexpr std::size_t kMaxTimeZoneName = 64;  // the longest IANA IDs are about 30 characters
}

bool is_valid_time_zone(std::string_view name) {
  if (name.empty() || name.size() > kMaxTimeZoneName) return false;
  // IDs are ASCII letters, digits, '/', '_', '-', '+'; refusing anything else early keeps
  // odd bytes away from ICU.
  bool ascii = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '_' ||
           c == '-' || c == '+';
  });
  if (!ascii) return false;
  auto id = icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString canonical;
  UBool is_system = false;
  icu::TimeZone::getCanonicalID(id, canonical, is_system, status);
  return U_SUCCESS(status) && is_system;
}

}  // namespace barometer
