#include "i18n/message_format.hpp"

#include <memory>
#include <unordered_map>
#include <vector>

#include <unicode/fmtable.h>
#include <unicode/msgfmt.h>
#include <unicode/parseerr.h>

#include "i18n/icu_text.hpp"

namespace barometer::i18n_detail {
namespace {

// The per-thread cache is keyed by content (locale and pattern), so it can never serve a stale
// pattern after a catalogue is reloaded; it is dropped wholesale past this size.
constexpr std::size_t kMaxCachedPatterns = 2048;

std::unique_ptr<icu::MessageFormat> compile(const std::string& pattern, const std::string& icu_locale,
                                            UParseError& parse_error, UErrorCode& status) {
  auto format = std::make_unique<icu::MessageFormat>(to_unicode(pattern), icu::Locale(icu_locale.c_str()),
                                                     parse_error, status);
  if (U_FAILURE(status)) return nullptr;
  return format;
}

icu::MessageFormat* cached(const std::string& pattern, const std::string& icu_locale) {
  thread_local std::unordered_map<std::string, std::unique_ptr<icu::MessageFormat>> cache;
  std::string key = icu_locale;
  key += '\0';
  key += pattern;
  if (auto it = cache.find(key); it != cache.end()) return it->second.get();
  if (cache.size() >= kMaxCachedPatterns) cache.clear();
  UParseError parse_error{};
  UErrorCode status = U_ZERO_ERROR;
  auto format = compile(pattern, icu_locale, parse_error, status);
  auto* raw = format.get();
  cache.emplace(std::move(key), std::move(format));  // a failure is cached too, as nullptr
  return raw;
}

}  // namespace

std::optional<std::string> message_pattern_error(const std::string& pattern, const std::string& icu_locale) {
  UParseError parse_error{};
  UErrorCode status = U_ZERO_ERROR;
  if (compile(pattern, icu_locale, parse_error, status)) return std::nullopt;
  std::string message = std::string(u_errorName(status));
  if (parse_error.offset >= 0) message += " at character " + std::to_string(parse_error.offset + 1);
  return message;
}

std::string format_message(const std::string& pattern, const std::string& icu_locale,
                           const std::map<std::string, std::string>& string_args,
                           const std::map<std::string, long long>& number_args) {
  icu::MessageFormat* format = cached(pattern, icu_locale);
  if (format == nullptr) return pattern;
  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  names.reserve(string_args.size() + number_args.size());
  values.reserve(string_args.size() + number_args.size());
  for (const auto& [name, value] : string_args) {
    names.push_back(to_unicode(name));
    values.emplace_back(to_unicode(value));
  }
  for (const auto& [name, value] : number_args) {
    names.push_back(to_unicode(name));
    values.emplace_back(static_cast<int64_t>(value));
  }
  icu::UnicodeString out;
  UErrorCode status = U_ZERO_ERROR;
  format->format(names.data(), values.data(), static_cast<int32_t>(names.size()), out, status);
  if (U_FAILURE(status)) return pattern;
  return to_utf8(out);
}

}  // namespace barometer::i18n_detail
