// Dates and date ranges written the way each language writes them, via ICU
// (DateFormat / DateIntervalFormat). Thread-safe; formatters are cached per locale and thread.
// Dates are civil days and are formatted in GMT with a proleptic Gregorian calendar, so no time
// zone or calendar cutover can shift the day. The text is exactly what ICU 72 (CLDR 42) prints:
// English puts U+2009 THIN SPACEs around the range's en dash, Russian has a U+202F NARROW
// NO-BREAK SPACE before "г.", and Belarusian ranges carry no "г." (single dates do).
// When ICU cannot build a formatter for the locale, ISO dates are returned instead.
#pragma once

#include <string>

#include "domain/date.hpp"

namespace barometer {

// Length of the written form.
enum class DateStyle {
  full,   // "February 28 – March 6, 2022" / "28 лютага – 6 сакавіка 2022" / "28 февраля – 6 марта 2022 г."
  short_, // "Feb 28 – Mar 6, 2022" / "28 лют – 6 сак 2022" / "28 февр. – 6 мар. 2022 г." (strips, tables)
};

// A single date: "March 6, 2022" (full) / "Mar 6, 2022" (short_).
std::string format_date(Date date, const std::string& icu_locale, DateStyle style = DateStyle::full);
// An inclusive range with shared parts collapsed: "February 28 – March 6, 2022",
// "March 7 – 13, 2022", "December 27, 2021 – January 2, 2022". Reversed ends are swapped;
// equal ends give the single date.
std::string format_date_range(Date first, Date last, const std::string& icu_locale,
                              DateStyle style = DateStyle::full);
// An instant as date and 24-hour time in `time_zone` (IANA): "March 6, 2022 at 21:00" for
// 18:00Z in Europe/Minsk. An unknown zone name formats in GMT.
std::string format_date_time(Instant instant, const std::string& icu_locale, const std::string& time_zone);

}  // namespace barometer
