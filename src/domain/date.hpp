// Calendar dates and instants used across the domain, plus ISO 8601 text forms.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace barometer {

using Date = std::chrono::sys_days;                                        // a civil date (UTC day)
using Instant = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;

Date make_date(int year, unsigned month, unsigned day);
std::string to_iso(Date date);                  // "2022-02-28"
Result<Date> parse_iso_date(std::string_view);  // strict "YYYY-MM-DD", real calendar date
std::string to_iso(Instant instant);            // "2022-03-06T18:00:00Z"
Result<Instant> parse_iso_instant(std::string_view);  // "YYYY-MM-DDTHH:MM:SSZ"
std::int64_t to_unix(Instant instant);
Instant from_unix(std::int64_t seconds);

}  // namespace barometer
