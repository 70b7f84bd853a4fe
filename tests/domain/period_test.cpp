#include "domain/period.hpp"

#include <gtest/gtest.h>

namespace barometer {
namespace {

TEST(Period, SeedWeekIsFebruary28ToMarch6) {
  auto p = Period::parse("2022-W09");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->start(), make_date(2022, 2, 28));
  EXPECT_EQ(p->end(), make_date(2022, 3, 6));
  EXPECT_EQ(p->id(), "2022-W09");
}

TEST(Period, ContainingAnyDayOfTheWeekGivesTheSameWeek) {
  for (int d = 28; d <= 28 + 6; ++d) {
    Date day = make_date(2022, 2, 1) + std::chrono::days{d - 1};
    EXPECT_EQ(Period::containing(day).id(), "2022-W09") << to_iso(day);
  }
}

TEST(Period, YearBoundaryBelongsToTheYearOfThursday) {
  // 2021-01-01 is a Friday: it belongs to 2020-W53.
  EXPECT_EQ(Period::containing(make_date(2021, 1, 1)).id(), "2020-W53");
  EXPECT_EQ(Period::containing(make_date(2021, 1, 4)).id(), "2021-W01");
  // 2024-12-30 (Monday) starts 2025-W01.
  EXPECT_EQ(Period::containing(make_date(2024, 12, 30)).id(), "2025-W01");
  EXPECT_EQ(Period::containing(make_date(2026, 1, 1)).id(), "2026-W01");
}

TEST(Period, Week53ExistsOnlyInLongYears) {
  EXPECT_EQ(Period::weeks_in_year(2020), 53);
  EXPECT_EQ(Period::weeks_in_year(2015), 53);
  EXPECT_EQ(Period::weeks_in_year(2021), 52);
  EXPECT_EQ(Period::weeks_in_year(2022), 52);
  EXPECT_TRUE(Period::parse("2020-W53").ok());
  EXPECT_FALSE(Period::parse("2021-W53").ok());
  EXPECT_EQ(Period::parse("2020-W53")->start(), make_date(2020, 12, 28));
}

TEST(Period, NextAndPreviousCrossYears) {
  auto w53 = *Period::parse("2020-W53");
  EXPECT_EQ(w53.next().id(), "2021-W01");
  EXPECT_EQ(w53.next().previous(), w53);
  EXPECT_EQ(Period::parse("2022-W01")->previous().id(), "2021-W52");
  EXPECT_LT(w53, w53.next());
}

TEST(Period, RejectsMalformedIds) {
  for (const char* bad : {"", "2022", "2022-W9", "2022-W00", "2022-W54", "22-W09", "2022W09x",
                          "2022-X09", "２０２２-W09", "2022-W0a", "0000-W01", "2022-W09 "})
    EXPECT_FALSE(Period::parse(bad).ok()) << bad;
  EXPECT_TRUE(Period::parse("2022-w09").ok());
}

}  // namespace
}  // namespace barometer
