#include "i18n/local_time.hpp"

#include <unicode/gregocal.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <memory>

#include "i18n/time_zone.hpp"

namespace barometer {

namespace {

std::unique_ptr<icu::TimeZone> make_zone(std::string_view name) {
  if (!is_valid_time_zone(name)) return nullptr;
  auto id = icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  return std::unique_ptr<icu::TimeZone>(icu::TimeZone::createTimeZone(id));
}

// The number in text[pos, pos + len) when it is all ASCII digits, else -1.
int digits(std::string_view text, std::size_t pos, std::size_t len) {
  int n = 0;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    n = n * 10 + (text[i] - '0');
  }
  return n;
}

}  // namespace

Result<Instant> parse_local_time(std::string_view text, std::string_view time_zone) {
  const Error bad = invalid("expected a local time as YYYY-MM-DDTHH:MM");
  if (text.size() != 16 && text.size() != 19) return bad;
  if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') || text[13] != ':') return bad;
  if (text.size() == 19 && text[16] != ':') return bad;
  const int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  const int hour = digits(text, 11, 2), minute = digits(text, 14, 2);
  const int second = text.size() == 19 ? digits(text, 17, 2) : 0;
  if (year < 1 || month < 1 || day < 1 || hour < 0 || minute < 0 || second < 0) return bad;
  auto zone = make_zone(time_zone);
  if (!zone) return invalid("unknown time zone: " + std::string(time_zone));
  UErrorCode status = U_ZERO_ERROR;
  icu::GregorianCalendar calendar(zone.release(), status);  // adopts the zone
  if (U_FAILURE(status)) return invalid("no calendar for time zone " + std::string(time_zone));
  // Strict: an impossible date (February 30), hour 24 or a wall time the clocks skip is an
  // error rather than being rolled forward. A repeated wall time means its first occurrence.
  calendar.setLenient(false);
  calendar.setRepeatedWallTimeOption(UCAL_WALLTIME_FIRST);
  calendar.clear();
  calendar.set(year, month - 1, day, hour, minute, second);
  const UDate ms = calendar.getTime(status);
  if (U_FAILURE(status)) return invalid("that date and time do not exist in " + std::string(time_zone));
  return Instant(std::chrono::seconds(static_cast<std::int64_t>(ms / 1000)));
}

std::string format_local_time(Instant instant, std::string_view time_zone) {
  std::int64_t offset_seconds = 0;
  if (auto zone = make_zone(time_zone)) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t raw = 0, dst = 0;
    zone->getOffset(static_cast<UDate>(to_unix(instant)) * 1000.0, false, raw, dst, status);
    if (U_SUCCESS(status)) offset_seconds = (static_cast<std::int64_t>(raw) + dst) / 1000;
  }
  // The wall clock is the instant shifted by the zone's offset, written as if it were UTC.
  return to_iso(instant + std::chrono::seconds(offset_seconds)).substr(0, 16);
}

}  // namespace barometer
