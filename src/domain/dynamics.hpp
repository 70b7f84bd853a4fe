// Dynamics: how each topic moved over a range of periods, computed from markers alone.
// Pure functions over values (no I/O), so the strip, the index chart, the matrix and their
// tables all read the same numbers, and a page needs one find_markers query.
//
// Definitions (also in docs/glossary.md terms):
//  - A range is every period from `first` to `last` inclusive, gaps included: a period in which a
//    topic has no published commentary is a *gap* ("no commentary"), never skipped.
//  - The *index* of a topic is cumulative from the start of the range: before the first period it
//    is 0, and each period adds index_step() of its marker (better +1, worse -1, unchanged 0);
//    a gap adds 0. So two topics on one chart start level and can be compared.
//  - A *run* is a maximal sequence of consecutive periods with the same assessment; a gap ends a
//    run. The *longest* run of an assessment is the longest such run; on a tie the latest wins
//    (the most recent streak is the more telling one). The *current* run is the run that holds
//    the topic's latest marker in the range.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <vector>

#include "domain/commentary.hpp"

namespace barometer {

// The most periods one computation covers (about 40 years of weeks); callers clamp to it.
inline constexpr int kMaxDynamicsPeriods = 2100;

// Every period from `first` to `last` inclusive, ascending; empty when last < first. At most
// kMaxDynamicsPeriods (the latest ones are kept when the range is longer).
std::vector<Period> periods_between(const Period& first, const Period& last);
// The period `count - 1` periods before `last` (so [result, last] holds `count` periods);
// `last` itself when count <= 1.
Period periods_back(const Period& last, int count);

struct AssessmentCounts {
  int better = 0;
  int worse = 0;
  int unchanged = 0;
  int missing = 0;  // periods of the range with no commentary

  int of(Assessment a) const;
  int assessed() const { return better + worse + unchanged; }
  friend bool operator==(const AssessmentCounts&, const AssessmentCounts&) = default;
};

struct Run {
  Assessment assessment = Assessment::unchanged;
  int length = 0;   // periods
  Period first = Period::containing(make_date(1970, 1, 1));
  Period last = Period::containing(make_date(1970, 1, 1));
};

struct TopicDynamics {
  Id topic_id = 0;
  std::vector<std::optional<Marker>> cells;  // one per period of the range; nullopt = gap
  std::vector<int> index;                    // cumulative index after each period
  AssessmentCounts counts;                   // over the whole range
  std::map<int, AssessmentCounts> by_year;   // ISO year -> counts of that year's periods in range
  // Longest run per assessment, indexed by static_cast<int>(Assessment); nullopt if none.
  std::array<std::optional<Run>, 3> longest;
  std::optional<Run> current;                // nullopt when the topic has no marker in range

  const std::optional<Run>& longest_of(Assessment a) const { return longest[static_cast<int>(a)]; }
};

struct Dynamics {
  std::vector<Period> periods;        // the range, ascending
  std::vector<TopicDynamics> topics;  // in the order of the ids asked for
};

// Lays `markers` (any order) out over [first, last] for each of `topic_ids`. Markers outside the
// range or of other topics are ignored; should two markers share a topic and period, the first
// one given wins.
Dynamics compute_dynamics(const std::vector<Id>& topic_ids, const Period& first, const Period& last,
                          const std::vector<Marker>& markers);

}  // namespace barometer
