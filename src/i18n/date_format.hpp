// Dates and date ranges written the way each language writes them, via ICU
// (DateFormat / DateIntervalFormat). Thread-safe; formatters are cached per locale and thread.
#pragma once

#include <string>

#include "domain/date.hpp"

namespace barometer {

// Length of the written form.
enum class DateStyle {
  full,   // "February 28 – March 6, 2022" / "28 лютага – 6 сакавіка 2022 г."
  short_, // "Feb 28 – Mar 6, 2022" / "28 лют – 6 сак 2022 г." (strips, tables)
};

// A single date: "March 6, 2022" (full) / "Mar 6, 2022" (short_).
std::string format_date(Date date, const std::string& icu_locale, DateStyle style = DateStyle::full);
// An inclusive range with shared parts collapsed: "February 28 – March 6, 2022".
std::string format_date_range(Date first, Date last, const std::string& icu_locale,
                              DateStyle style = DateStyle::full);
// An instant as date and time in `time_zone` (IANA): "March 6, 2022, 18:00".
std::string format_date_time(Instant instant, const std::string& icu_locale, const std::string& time_zone);

}  // namespace barometer
