// Dates are civil (UTC) days, so every formatter works in GMT with a proleptic Gregorian
// calendar: no time zone offset and no Julian cutover (1582) can move the written day.
#include "i18n/date_format.hpp"

#include <memory>
#include <unordered_map>

#include <unicode/calendar.h>
#include <unicode/datefmt.h>
#include <unicode/dtitvfmt.h>
#include <unicode/gregocal.h>
#include <unicode/timezone.h>

#include "i18n/icu_text.hpp"

namespace barometer {
namespace {

using i18n_detail::to_utf8;

constexpr double kMillisPerDay = 86'400'000.0;
constexpr double kMillisPerSecond = 1'000.0;
// Per-thread caches are dropped wholesale past this many entries (locales are few in practice;
// the bound only stops a stream of odd locale strings from growing memory without limit).
constexpr std::size_t kMaxCachedFormatters = 64;

const char* skeleton(DateStyle style) { return style == DateStyle::full ? "yMMMMd" : "yMMMd"; }

// A calendar in GMT for `locale`; when it is Gregorian, made purely Gregorian so that dates
// before 1582 are not read as Julian dates.
std::unique_ptr<icu::Calendar> make_gmt_calendar(const icu::Locale& locale) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Calendar> calendar(icu::Calendar::createInstance(icu::TimeZone::getGMT()->clone(), locale, status));
  if (U_FAILURE(status) || !calendar) return nullptr;
  if (auto* gregorian = dynamic_cast<icu::GregorianCalendar*>(calendar.get()))
    gregorian->setGregorianChange(U_DATE_MIN, status);
  return calendar;
}

struct DateFormatters {
  std::unique_ptr<icu::DateFormat> single;
  std::unique_ptr<icu::DateIntervalFormat> interval;
  std::unique_ptr<icu::Calendar> from;  // scratch calendars, reused per call
  std::unique_ptr<icu::Calendar> to;
};

// The formatters for (locale, style) on this thread; nullptr when ICU cannot build them.
DateFormatters* date_formatters(const std::string& icu_locale, DateStyle style) {
  thread_local std::unordered_map<std::string, std::unique_ptr<DateFormatters>> cache;
  std::string key = icu_locale + (style == DateStyle::full ? "|full" : "|short");
  if (auto it = cache.find(key); it != cache.end()) return it->second.get();
  if (cache.size() >= kMaxCachedFormatters) cache.clear();

  icu::Locale locale(icu_locale.c_str());
  auto formatters = std::make_unique<DateFormatters>();
  UErrorCode status = U_ZERO_ERROR;
  formatters->single.reset(icu::DateFormat::createInstanceForSkeleton(skeleton(style), locale, status));
  formatters->interval.reset(icu::DateIntervalFormat::createInstance(skeleton(style), locale, status));
  formatters->from = make_gmt_calendar(locale);
  formatters->to = make_gmt_calendar(locale);
  if (U_FAILURE(status) || !formatters->single || !formatters->interval || !formatters->from || !formatters->to)
    return nullptr;
  formatters->single->adoptCalendar(make_gmt_calendar(locale).release());
  formatters->interval->setTimeZone(*icu::TimeZone::getGMT());
  auto* raw = formatters.get();
  cache.emplace(std::move(key), std::move(formatters));
  return raw;
}

double to_udate(Date date) { return static_cast<double>(date.time_since_epoch().count()) * kMillisPerDay; }

}  // namespace

std::string format_date(Date date, const std::string& icu_locale, DateStyle style) {
  DateFormatters* f = date_formatters(icu_locale, style);
  if (f == nullptr) return to_iso(date);  // ICU could not build a formatter: ISO is still readable
  icu::UnicodeString out;
  f->single->format(to_udate(date), out);
  return to_utf8(out);
}

std::string format_date_range(Date first, Date last, const std::string& icu_locale, DateStyle style) {
  if (last < first) std::swap(first, last);
  DateFormatters* f = date_formatters(icu_locale, style);
  if (f == nullptr) return to_iso(first) + " – " + to_iso(last);
  UErrorCode status = U_ZERO_ERROR;
  f->from->setTime(to_udate(first), status);
  f->to->setTime(to_udate(last), status);
  icu::UnicodeString out;
  icu::FieldPosition position;
  f->interval->format(*f->from, *f->to, out, position, status);
  if (U_FAILURE(status)) return to_iso(first) + " – " + to_iso(last);
  return to_utf8(out);
}

std::string format_date_time(Instant instant, const std::string& icu_locale, const std::string& time_zone) {
  struct Entry {
    std::unique_ptr<icu::DateFormat> format;
    std::string zone;  // the zone currently set on `format`
  };
  thread_local std::unordered_map<std::string, Entry> cache;
  auto it = cache.find(icu_locale);
  if (it == cache.end()) {
    if (cache.size() >= kMaxCachedFormatters) cache.clear();
    UErrorCode status = U_ZERO_ERROR;
    // 24-hour clock in every language: these times are read by staff, where "21:00" is unambiguous.
    std::unique_ptr<icu::DateFormat> format(
        icu::DateFormat::createInstanceForSkeleton("yMMMMdHHmm", icu::Locale(icu_locale.c_str()), status));
    if (U_FAILURE(status) || !format) return to_iso(instant);
    it = cache.emplace(icu_locale, Entry{std::move(format), {}}).first;
  }
  Entry& entry = it->second;
  if (entry.zone != time_zone) {
    // An unknown zone name gives ICU's "Etc/Unknown", which behaves as GMT.
    entry.format->adoptTimeZone(icu::TimeZone::createTimeZone(i18n_detail::to_unicode(time_zone)));
    entry.zone = time_zone;
  }
  icu::UnicodeString out;
  entry.format->format(static_cast<double>(to_unix(instant)) * kMillisPerSecond, out);
  return to_utf8(out);
}

}  // namespace barometer
