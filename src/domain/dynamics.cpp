#include "domain/dynamics.hpp"

#include <unordered_map>

namespace barometer {
namespace {

constexpr std::chrono::days kWeek{7};

// Position of `p` in a range starting at `first`; periods are weeks, so this is exact.
long long offset_of(const Period& first, const Period& p) { return (p.start() - first.start()).count() / 7; }

// Ends the run in progress (if any) and keeps it when it beats the longest of its kind.
void close_run(TopicDynamics& t, std::optional<Run>& open) {
  if (!open) return;
  auto& best = t.longest[static_cast<int>(open->assessment)];
  if (!best || open->length >= best->length) best = *open;  // >=: the latest wins a tie
  open.reset();
}

}  // namespace

int AssessmentCounts::of(Assessment a) const {
  switch (a) {
    case Assessment::better: return better;
    case Assessment::worse: return worse;
    case Assessment::unchanged: return unchanged;
  }
  return 0;
}

std::vector<Period> periods_between(const Period& first, const Period& last) {
  std::vector<Period> out;
  if (last < first) return out;
  const Period start = offset_of(first, last) >= kMaxDynamicsPeriods ? periods_back(last, kMaxDynamicsPeriods) : first;
  out.reserve(static_cast<std::size_t>(offset_of(start, last) + 1));
  for (Period p = start; p <= last; p = p.next()) out.push_back(p);
  return out;
}

Period periods_back(const Period& last, int count) {
  if (count <= 1) return last;
  return Period::containing(last.start() - kWeek * (count - 1));
}

Dynamics compute_dynamics(const std::vector<Id>& topic_ids, const Period& first, const Period& last,
                          const std::vector<Marker>& markers) {
  Dynamics d;
  d.periods = periods_between(first, last);
  const std::size_t n = d.periods.size();
  std::unordered_map<Id, std::size_t> row_of;
  d.topics.resize(topic_ids.size());
  for (std::size_t i = 0; i < topic_ids.size(); ++i) {
    d.topics[i].topic_id = topic_ids[i];
    d.topics[i].cells.assign(n, std::nullopt);
    row_of.emplace(topic_ids[i], i);  // a repeated id keeps its first row
  }
  if (n == 0) return d;
  const Period& start = d.periods.front();
  for (const Marker& m : markers) {
    auto row = row_of.find(m.topic_id);
    if (row == row_of.end() || m.period < start || m.period > d.periods.back()) continue;
    auto& cell = d.topics[row->second].cells[static_cast<std::size_t>(offset_of(start, m.period))];
    if (!cell) cell = m;
  }

  for (TopicDynamics& t : d.topics) {
    t.index.resize(n);
    int level = 0;
    std::optional<Run> open;
    for (std::size_t i = 0; i < n; ++i) {
      const Period& p = d.periods[i];
      AssessmentCounts& year = t.by_year[p.iso_year()];
      const auto& cell = t.cells[i];
      if (!cell) {
        ++t.counts.missing;
        ++year.missing;
        close_run(t, open);
        t.index[i] = level;
        continue;
      }
      const Assessment a = cell->assessment;
      level += index_step(a);
      t.index[i] = level;
      switch (a) {
        case Assessment::better: ++t.counts.better, ++year.better; break;
        case Assessment::worse: ++t.counts.worse, ++year.worse; break;
        case Assessment::unchanged: ++t.counts.unchanged, ++year.unchanged; break;
      }
      if (open && open->assessment == a) {
        ++open->length;
        open->last = p;
      } else {
        close_run(t, open);
        open = Run{a, 1, p, p};
      }
      t.current = *open;  // the run holding the latest marker so far
    }
    close_run(t, open);
  }
  return d;
}

}  // namespace barometer
