// compute_dynamics over a hand-built fixture: a year boundary, a gap, runs, a tie, markers of
// other topics and outside the range.
#include "domain/dynamics.hpp"

#include <gtest/gtest.h>

namespace barometer {
namespace {

Period week(const char* id) { return *Period::parse(id); }

Marker marker(Id topic, const char* period, Assessment a, Outlook o = Outlook::none) {
  Marker m;
  m.topic_id = topic;
  m.period = week(period);
  m.assessment = a;
  m.outlook = o;
  return m;
}

constexpr Id kA = 10, kB = 20, kOther = 30;
constexpr auto W = Assessment::worse, B = Assessment::better, U = Assessment::unchanged;

std::vector<Marker> fixture() {
  // Deliberately out of order.
  return {marker(kA, "2022-W06", B, Outlook::risk), marker(kA, "2021-W51", B), marker(kA, "2021-W52", W),
          marker(kA, "2022-W01", W),  marker(kA, "2022-W02", W), marker(kA, "2022-W04", W),
          marker(kA, "2022-W05", U),  marker(kB, "2022-W02", U), marker(kB, "2022-W10", W),
          marker(kOther, "2022-W01", B), marker(kA, "2021-W50", W)};
}

TEST(Dynamics, PeriodsBetweenCrossesTheYearAndCountsBack) {
  auto periods = periods_between(week("2021-W51"), week("2022-W06"));
  ASSERT_EQ(periods.size(), 8u);
  EXPECT_EQ(periods[1].id(), "2021-W52");
  EXPECT_EQ(periods[2].id(), "2022-W01");
  EXPECT_TRUE(periods_between(week("2022-W06"), week("2022-W05")).empty());
  EXPECT_EQ(periods_back(week("2022-W06"), 8).id(), "2021-W51");
  EXPECT_EQ(periods_back(week("2022-W06"), 1).id(), "2022-W06");
  EXPECT_EQ(periods_back(week("2021-W01"), 54).id(), "2020-W01");  // 2020 has 53 weeks
  EXPECT_EQ(periods_back(week("2021-W01"), 55).id(), "2019-W52");
}

TEST(Dynamics, PeriodsBetweenIsBounded) {
  auto periods = periods_between(week("1900-W01"), week("2022-W06"));
  ASSERT_EQ(periods.size(), static_cast<std::size_t>(kMaxDynamicsPeriods));
  EXPECT_EQ(periods.back().id(), "2022-W06");
}

TEST(Dynamics, CellsIndexCountsAndRunsMatchTheFixture) {
  Dynamics d = compute_dynamics({kA, kB}, week("2021-W51"), week("2022-W06"), fixture());
  ASSERT_EQ(d.periods.size(), 8u);
  ASSERT_EQ(d.topics.size(), 2u);
  const TopicDynamics& a = d.topics[0];
  EXPECT_EQ(a.topic_id, kA);
  ASSERT_EQ(a.cells.size(), 8u);
  EXPECT_FALSE(a.cells[4].has_value());  // 2022-W03: no commentary
  EXPECT_EQ(a.cells[7]->outlook, Outlook::risk);
  EXPECT_EQ(a.cells[0]->assessment, B);
  EXPECT_EQ(a.index, (std::vector<int>{1, 0, -1, -2, -2, -3, -3, -2}));
  EXPECT_EQ(a.counts, (AssessmentCounts{.better = 2, .worse = 4, .unchanged = 1, .missing = 1}));
  EXPECT_EQ(a.by_year.at(2021), (AssessmentCounts{.better = 1, .worse = 1}));
  EXPECT_EQ(a.by_year.at(2022), (AssessmentCounts{.better = 1, .worse = 3, .unchanged = 1, .missing = 1}));

  // The gap at 2022-W03 ends the worse run: 2021-W52..2022-W02 (3), then 2022-W04 alone.
  ASSERT_TRUE(a.longest_of(W).has_value());
  EXPECT_EQ(a.longest_of(W)->length, 3);
  EXPECT_EQ(a.longest_of(W)->first.id(), "2021-W52");
  EXPECT_EQ(a.longest_of(W)->last.id(), "2022-W02");
  // Two better runs of 1: the latest wins.
  EXPECT_EQ(a.longest_of(B)->first.id(), "2022-W06");
  EXPECT_EQ(a.longest_of(U)->length, 1);
  ASSERT_TRUE(a.current.has_value());
  EXPECT_EQ(a.current->assessment, B);
  EXPECT_EQ(a.current->length, 1);

  const TopicDynamics& b = d.topics[1];
  EXPECT_EQ(b.counts, (AssessmentCounts{.unchanged = 1, .missing = 7}));  // W10 is out of range
  EXPECT_EQ(b.index, std::vector<int>(8, 0));
  EXPECT_FALSE(b.longest_of(W).has_value());
  ASSERT_TRUE(b.current.has_value());
  EXPECT_EQ(b.current->last.id(), "2022-W02");  // current even though later weeks are gaps
}

TEST(Dynamics, CurrentRunCountsConsecutiveWeeks) {
  std::vector<Marker> ms;
  for (const char* p : {"2022-W01", "2022-W02", "2022-W03", "2022-W04"}) ms.push_back(marker(kA, p, W));
  ms.push_back(marker(kA, "2021-W52", B));
  Dynamics d = compute_dynamics({kA}, week("2021-W52"), week("2022-W04"), ms);
  EXPECT_EQ(d.topics[0].current->assessment, W);
  EXPECT_EQ(d.topics[0].current->length, 4);
  EXPECT_EQ(d.topics[0].current->first.id(), "2022-W01");
  EXPECT_EQ(d.topics[0].longest_of(W)->length, 4);
}

TEST(Dynamics, NoMarkersGivesGapsAndNoRuns) {
  Dynamics d = compute_dynamics({kA}, week("2022-W01"), week("2022-W03"), {});
  EXPECT_EQ(d.topics[0].counts.missing, 3);
  EXPECT_FALSE(d.topics[0].current.has_value());
  Dynamics empty = compute_dynamics({kA}, week("2022-W03"), week("2022-W01"), fixture());
  EXPECT_TRUE(empty.periods.empty());
  EXPECT_TRUE(empty.topics[0].cells.empty());
}

TEST(Dynamics, FirstMarkerOfADuplicatePairWins) {
  Dynamics d = compute_dynamics({kA}, week("2022-W01"), week("2022-W01"),
                                {marker(kA, "2022-W01", W), marker(kA, "2022-W01", B)});
  EXPECT_EQ(d.topics[0].cells[0]->assessment, W);
}

}  // namespace
}  // namespace barometer
