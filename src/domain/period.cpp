#include "domain/period.hpp"

#include <charconv>
#include <cstdio>

namespace barometer {

using namespace std::chrono;

namespace {

// Monday of ISO week 1 of `iso_year`: the Monday on or before January 4th.
Date week_one_monday(int iso_year) {
  Date jan4 = make_date(iso_year, 1, 4);
  weekday wd{jan4};
  int from_monday = int(wd.iso_encoding()) - 1;
  return jan4 - days{from_monday};
}

}  // namespace

int Period::weeks_in_year(int iso_year) {
  return int((week_one_monday(iso_year + 1) - week_one_monday(iso_year)).count() / 7);
}

Period Period::containing(Date date) {
  int from_monday = int(weekday{date}.iso_encoding()) - 1;
  Date monday = date - days{from_monday};
  // The ISO year is the calendar year of the week's Thursday.
  int iso_year = int(year_month_day{monday + days{3}}.year());
  int week = int((monday - week_one_monday(iso_year)).count() / 7) + 1;
  return Period{iso_year, week, monday};
}

Result<Period> Period::parse(std::string_view id) {
  // Exactly YYYY-Www.
  if (id.size() != 8 || id[4] != '-' || (id[5] != 'W' && id[5] != 'w'))
    return invalid("period must look like 2022-W09");
  for (std::size_t i : {0u, 1u, 2u, 3u, 6u, 7u})
    if (id[i] < '0' || id[i] > '9') return invalid("period must look like 2022-W09");
  int y = 0, w = 0;
  std::from_chars(id.data(), id.data() + 4, y);
  std::from_chars(id.data() + 6, id.data() + 8, w);
  if (y < 1 || w < 1 || w > weeks_in_year(y)) return invalid("no such ISO week");
  return Period{y, w, week_one_monday(y) + days{7 * (w - 1)}};
}

std::string Period::id() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", iso_year_, week_);
  return buf;
}

}  // namespace barometer
