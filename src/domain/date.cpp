#include "domain/date.hpp"

#include <charconv>
#include <cstdio>

namespace barometer {

using namespace std::chrono;

Date make_date(int y, unsigned m, unsigned d) { return sys_days{year{y} / month{m} / day{d}}; }

std::string to_iso(Date date) {
  year_month_day ymd{date};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()));
  return buf;
}

namespace {
bool parse_fixed(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return true;
}
}  // namespace

Result<Date> parse_iso_date(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !parse_fixed(s, 0, 4, y) ||
      !parse_fixed(s, 5, 2, m) || !parse_fixed(s, 8, 2, d))
    return invalid("date must be YYYY-MM-DD");
  year_month_day ymd{year{y}, month{unsigned(m)}, day{unsigned(d)}};
  if (!ymd.ok()) return invalid("no such calendar date");
  return sys_days{ymd};
}

std::string to_iso(Instant instant) {
  auto day = floor<days>(instant);
  hh_mm_ss<seconds> t{instant - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", to_iso(Date{day}).c_str(), int(t.hours().count()),
                int(t.minutes().count()), int(t.seconds().count()));
  return buf;
}

Result<Instant> parse_iso_instant(std::string_view s) {
  int h = 0, mi = 0, se = 0;
  if (s.size() != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' ||
      !parse_fixed(s, 11, 2, h) || !parse_fixed(s, 14, 2, mi) || !parse_fixed(s, 17, 2, se) || h > 23 ||
      mi > 59 || se > 60)
    return invalid("time must be YYYY-MM-DDTHH:MM:SSZ");
  auto date = parse_iso_date(s.substr(0, 10));
  if (!date) return date.error();
  return Instant{*date} + hours{h} + minutes{mi} + seconds{se};
}

std::int64_t to_unix(Instant instant) { return instant.time_since_epoch().count(); }
Instant from_unix(std::int64_t s) { return Instant{seconds{s}}; }

}  // namespace barometer
