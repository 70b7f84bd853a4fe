// Exact ICU 72 output. "\u2009" is the THIN SPACE English puts around the en dash of a range,
// "\u202F" the NARROW NO-BREAK SPACE Russian and Belarusian put before "г.".
#include "i18n/date_format.hpp"

#include <gtest/gtest.h>

#include <ostream>

#include <memory>
#include <thread>

#include <unicode/timezone.h>

#include "domain/period.hpp"

namespace barometer {
namespace {

#define THIN "\u2009"
#define NNBSP "\u202F"

struct RangeCase {
  const char* locale;
  DateStyle style;
  Date first;
  Date last;
  const char* expected;
};

void PrintTo(const RangeCase& c, std::ostream* out) {
  std::ostream& os = *out;
  os << c.locale << " " << to_iso(c.first) << ".." << to_iso(c.last);
}


class DateRangeTest : public ::testing::TestWithParam<RangeCase> {};

TEST_P(DateRangeTest, MatchesIcu) {
  const RangeCase& c = GetParam();
  EXPECT_EQ(format_date_range(c.first, c.last, c.locale, c.style), c.expected);
}

const Date kFeb28 = make_date(2022, 2, 28);
const Date kMar6 = make_date(2022, 3, 6);
const Date kDec27 = make_date(2021, 12, 27);
const Date kJan2 = make_date(2022, 1, 2);
const Date kMar7 = make_date(2022, 3, 7);
const Date kMar13 = make_date(2022, 3, 13);
constexpr DateStyle kFull = DateStyle::full;
constexpr DateStyle kShort = DateStyle::short_;

INSTANTIATE_TEST_SUITE_P(
    AllLanguages, DateRangeTest,
    ::testing::Values(
        // Cross-month (the seed week 2022-W09).
        RangeCase{"en", kFull, kFeb28, kMar6, "February 28" THIN "–" THIN "March 6, 2022"},
        RangeCase{"be_BY", kFull, kFeb28, kMar6, "28 лютага – 6 сакавіка 2022"},
        RangeCase{"ru_RU", kFull, kFeb28, kMar6, "28 февраля – 6 марта 2022" NNBSP "г."},
        RangeCase{"en", kShort, kFeb28, kMar6, "Feb 28" THIN "–" THIN "Mar 6, 2022"},
        RangeCase{"be_BY", kShort, kFeb28, kMar6, "28 лют – 6 сак 2022"},
        RangeCase{"ru_RU", kShort, kFeb28, kMar6, "28 февр. – 6 мар. 2022" NNBSP "г."},
        // Cross-year.
        RangeCase{"en", kFull, kDec27, kJan2, "December 27, 2021" THIN "–" THIN "January 2, 2022"},
        RangeCase{"be_BY", kFull, kDec27, kJan2, "27 снежня 2021 – 2 студзеня 2022"},
        RangeCase{"ru_RU", kFull, kDec27, kJan2, "27 декабря 2021" NNBSP "г. – 2 января 2022" NNBSP "г."},
        RangeCase{"en", kShort, kDec27, kJan2, "Dec 27, 2021" THIN "–" THIN "Jan 2, 2022"},
        RangeCase{"be_BY", kShort, kDec27, kJan2, "27 сне 2021 – 2 сту 2022"},
        RangeCase{"ru_RU", kShort, kDec27, kJan2, "27 дек. 2021" NNBSP "г. – 2 янв. 2022" NNBSP "г."},
        // Same month.
        RangeCase{"en", kFull, kMar7, kMar13, "March 7" THIN "–" THIN "13, 2022"},
        RangeCase{"be_BY", kFull, kMar7, kMar13, "7–13 сакавіка 2022"},
        RangeCase{"ru_RU", kFull, kMar7, kMar13, "7–13 марта 2022" NNBSP "г."},
        RangeCase{"en", kShort, kMar7, kMar13, "Mar 7" THIN "–" THIN "13, 2022"},
        RangeCase{"be_BY", kShort, kMar7, kMar13, "7–13 сак 2022"},
        RangeCase{"ru_RU", kShort, kMar7, kMar13, "7–13 мар. 2022" NNBSP "г."},
        // One day.
        RangeCase{"en", kFull, kMar7, kMar7, "March 7, 2022"},
        RangeCase{"ru_RU", kFull, kMar7, kMar7, "7 марта 2022" NNBSP "г."}));

TEST(DateRange, SeedPeriodFromIsoWeek) {
  auto period = Period::parse("2022-W09");
  ASSERT_TRUE(period.ok());
  EXPECT_EQ(format_date_range(period->start(), period->end(), "en"), "February 28" THIN "–" THIN "March 6, 2022");
}

TEST(DateRange, ReversedEndsAreSwapped) {
  EXPECT_EQ(format_date_range(kMar6, kFeb28, "en"), format_date_range(kFeb28, kMar6, "en"));
}

TEST(DateRange, LeapDayAndCenturyYears) {
  EXPECT_EQ(format_date_range(make_date(2024, 2, 26), make_date(2024, 3, 3), "en"),
            "February 26" THIN "–" THIN "March 3, 2024");
  EXPECT_EQ(format_date_range(make_date(1999, 12, 27), make_date(2000, 1, 2), "ru_RU", kShort),
            "27 дек. 1999" NNBSP "г. – 2 янв. 2000" NNBSP "г.");
}

TEST(DateFormat, SingleDates) {
  EXPECT_EQ(format_date(kMar6, "en"), "March 6, 2022");
  EXPECT_EQ(format_date(kMar6, "en", kShort), "Mar 6, 2022");
  EXPECT_EQ(format_date(kMar6, "be_BY"), "6 сакавіка 2022" NNBSP "г.");
  EXPECT_EQ(format_date(kMar6, "be_BY", kShort), "6 сак 2022");
  EXPECT_EQ(format_date(kMar6, "ru_RU"), "6 марта 2022" NNBSP "г.");
  EXPECT_EQ(format_date(kMar6, "ru_RU", kShort), "6 мар. 2022" NNBSP "г.");
}

TEST(DateFormat, DayNeverShiftsWhateverTheDefaultTimeZone) {
  // Formatters must work in GMT: with ICU's default zone far west or far east, midnight UTC would
  // otherwise be written as the previous or next day. A fresh thread starts with empty caches,
  // so its formatters are built while the odd default is in force.
  std::unique_ptr<icu::TimeZone> saved(icu::TimeZone::createDefault());
  for (const char* zone : {"Pacific/Honolulu", "Pacific/Kiritimati"}) {
    icu::TimeZone::adoptDefault(icu::TimeZone::createTimeZone(zone));
    std::thread([zone] {
      EXPECT_EQ(format_date(make_date(2022, 1, 1), "en"), "January 1, 2022") << zone;
      EXPECT_EQ(format_date(make_date(2022, 12, 31), "en", kShort), "Dec 31, 2022") << zone;
      EXPECT_EQ(format_date_range(kFeb28, kMar6, "ru_RU"), "28 февраля – 6 марта 2022" NNBSP "г.") << zone;
    }).join();
  }
  icu::TimeZone::adoptDefault(saved.release());
}

TEST(DateFormat, EarlyDatesStayProlepticGregorian) {
  // ICU's default calendar switches to Julian before 1582-10-15; std::chrono does not.
  EXPECT_EQ(format_date(make_date(1500, 3, 1), "en"), "March 1, 1500");
  EXPECT_EQ(format_date_range(make_date(1500, 2, 25), make_date(1500, 3, 1), "en"),
            "February 25" THIN "–" THIN "March 1, 1500");
}

TEST(DateFormat, UnknownLocaleStillGivesADate) {
  // ICU falls back to root data for locales it does not know; the result must be non-empty
  // and contain the year.
  std::string text = format_date(kMar6, "xx_YY");
  EXPECT_NE(text.find("2022"), std::string::npos) << text;
}

TEST(DateTime, InTheGivenTimeZone) {
  auto instant = parse_iso_instant("2022-03-06T18:00:00Z");
  ASSERT_TRUE(instant.ok());
  EXPECT_EQ(format_date_time(*instant, "en", "Europe/Minsk"), "March 6, 2022 at 21:00");
  EXPECT_EQ(format_date_time(*instant, "be_BY", "Europe/Minsk"), "6 сакавіка 2022" NNBSP "г. у 21:00");
  EXPECT_EQ(format_date_time(*instant, "ru_RU", "Europe/Minsk"), "6 марта 2022" NNBSP "г. в 21:00");
  EXPECT_EQ(format_date_time(*instant, "en", "UTC"), "March 6, 2022 at 18:00");
  // Across the date line the day changes: that is the point of a time zone.
  EXPECT_EQ(format_date_time(*instant, "en", "Pacific/Auckland"), "March 7, 2022 at 07:00");
  // Switching zones on the same cached formatter and back.
  EXPECT_EQ(format_date_time(*instant, "en", "Europe/Minsk"), "March 6, 2022 at 21:00");
}

TEST(DateTime, UnknownZoneFormatsInGmt) {
  auto instant = parse_iso_instant("2022-03-06T18:00:00Z");
  ASSERT_TRUE(instant.ok());
  EXPECT_EQ(format_date_time(*instant, "en", "Not/AZone"), "March 6, 2022 at 18:00");
  EXPECT_EQ(format_date_time(*instant, "en", ""), "March 6, 2022 at 18:00");
}

}  // namespace
}  // namespace barometer
