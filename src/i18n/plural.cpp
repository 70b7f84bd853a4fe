#include "i18n/plural.hpp"

#include <memory>
#include <unordered_map>

#include <unicode/plurrule.h>

#include "i18n/icu_text.hpp"

namespace barometer {
namespace {
constexpr std::size_t kMaxCachedRules = 64;
constexpr const char* kOther = "other";
}  // namespace

std::string plural_category(long long number, const std::string& icu_locale) {
  thread_local std::unordered_map<std::string, std::unique_ptr<icu::PluralRules>> cache;
  auto it = cache.find(icu_locale);
  if (it == cache.end()) {
    if (cache.size() >= kMaxCachedRules) cache.clear();
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::PluralRules> rules(icu::PluralRules::forLocale(icu::Locale(icu_locale.c_str()), status));
    if (U_FAILURE(status)) rules.reset();
    it = cache.emplace(icu_locale, std::move(rules)).first;
  }
  if (!it->second) return kOther;
  // Doubles carry integers exactly up to 2^53, far beyond any count shown to readers.
  return i18n_detail::to_utf8(it->second->select(static_cast<double>(number)));
}

}  // namespace barometer
