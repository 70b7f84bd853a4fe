#include "i18n/local_time.hpp"

#include <gtest/gtest.h>

namespace barometer {
namespace {

Instant at(const char* iso) { return *parse_iso_instant(iso); }

TEST(LocalTime, ReadsTheWallClockOfTheZoneInWinterAndSummer) {
  // Europe/Berlin is UTC+1 in winter and UTC+2 in summer.
  EXPECT_EQ(*parse_local_time("2022-03-05T08:30", "Europe/Berlin"), at("2022-03-05T07:30:00Z"));
  EXPECT_EQ(*parse_local_time("2022-07-01T08:30:15", "Europe/Berlin"), at("2022-07-01T06:30:15Z"));
  // Europe/Minsk has stayed at UTC+3 all year since 2011.
  EXPECT_EQ(*parse_local_time("2022-07-01T08:30", "Europe/Minsk"), at("2022-07-01T05:30:00Z"));
  EXPECT_EQ(*parse_local_time("2022-01-01T08:30", "Europe/Minsk"), at("2022-01-01T05:30:00Z"));
  EXPECT_EQ(*parse_local_time("2022-01-01T08:30", "UTC"), at("2022-01-01T08:30:00Z"));
}

TEST(LocalTime, AcrossTheSpringForwardBoundary) {
  // 2022-03-27 in Berlin: 02:00 CET becomes 03:00 CEST.
  EXPECT_EQ(*parse_local_time("2022-03-27T01:59", "Europe/Berlin"), at("2022-03-27T00:59:00Z"));
  EXPECT_EQ(*parse_local_time("2022-03-27T03:00", "Europe/Berlin"), at("2022-03-27T01:00:00Z"));
  // 02:30 never happens there that night.
  auto skipped = parse_local_time("2022-03-27T02:30", "Europe/Berlin");
  ASSERT_FALSE(skipped.ok());
  EXPECT_EQ(skipped.code(), ErrorCode::invalid);
}

TEST(LocalTime, AcrossTheFallBackBoundaryTheRepeatedHourIsItsFirstOccurrence) {
  // 2022-10-30 in Berlin: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
  EXPECT_EQ(*parse_local_time("2022-10-30T02:30", "Europe/Berlin"), at("2022-10-30T00:30:00Z"));
  EXPECT_EQ(*parse_local_time("2022-10-30T03:30", "Europe/Berlin"), at("2022-10-30T02:30:00Z"));
  EXPECT_EQ(*parse_local_time("2022-10-30T01:30", "Europe/Berlin"), at("2022-10-29T23:30:00Z"));
}

TEST(LocalTime, FormatsTheWallClockAndRoundTrips) {
  EXPECT_EQ(format_local_time(at("2022-03-27T00:59:00Z"), "Europe/Berlin"), "2022-03-27T01:59");
  EXPECT_EQ(format_local_time(at("2022-03-27T01:00:00Z"), "Europe/Berlin"), "2022-03-27T03:00");
  // Both instants of the repeated hour show as 02:30.
  EXPECT_EQ(format_local_time(at("2022-10-30T00:30:00Z"), "Europe/Berlin"), "2022-10-30T02:30");
  EXPECT_EQ(format_local_time(at("2022-10-30T01:30:00Z"), "Europe/Berlin"), "2022-10-30T02:30");
  EXPECT_EQ(format_local_time(at("2022-07-01T05:30:59Z"), "Europe/Minsk"), "2022-07-01T08:30");
  // An unknown zone shows UTC rather than failing.
  EXPECT_EQ(format_local_time(at("2022-07-01T05:30:00Z"), "Mars/Olympus"), "2022-07-01T05:30");
  for (const char* text : {"2022-01-15T12:00", "2022-06-15T23:45", "2022-10-30T03:00"}) {
    auto t = parse_local_time(text, "Europe/Berlin");
    ASSERT_TRUE(t.ok()) << text;
    EXPECT_EQ(format_local_time(*t, "Europe/Berlin"), text);
  }
}

TEST(LocalTime, RefusesMalformedOrImpossibleInput) {
  for (const char* text : {"", "2022-03-05", "2022-03-05T8:30", "2022-02-30T08:30", "2022-03-05T24:00",
                           "2022-03-05T08:60", "2022-13-05T08:30", "2022-03-05X08:30", "２０２２-03-05T08:30",
                           "2022-03-05T08:30:61", "0000-01-01T00:00", "2022-03-05T08:30Z"}) {
    auto t = parse_local_time(text, "Europe/Berlin");
    EXPECT_FALSE(t.ok()) << text;
  }
  EXPECT_FALSE(parse_local_time("2022-03-05T08:30", "Mars/Olympus").ok());
  EXPECT_FALSE(parse_local_time("2022-03-05T08:30", "").ok());
}

}  // namespace
}  // namespace barometer
