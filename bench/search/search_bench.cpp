// make bench, search (bench/search.sh): the readers' search over a demo database, timed in process
// (no HTTP: what is measured is the search itself), against the raw FTS5 MATCH of the same terms
// in the same run. Prints one Markdown table row per round and query kind.
//
// Usage: search_bench DATABASE_FILE ROUNDS REPEATS
//   each round runs the query mix REPEATS times; per round: p50 and p99 of SiteSearch::run (parse,
//   count, one page of 10 results with highlighted titles and snippets) and of the raw statement
//   SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT 10
//   (the same FTS5 expression, through the same tokenizer), and the load average beside it.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "services/search/site_search.hpp"
#include "storage/sqlite/search_tokenizer.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace {

using namespace barometer;
using SteadyClock = std::chrono::steady_clock;

struct Case {
  const char* kind;     // "word", "phrase", "filters"
  std::string q;
  LangCode lang;
  bool filtered = false;
};

std::vector<Case> mix() {
  std::vector<Case> out;
  for (const char* w : {"sanctions", "border", "elections", "prisoners", "week", "ministry", "repression"})
    out.push_back({"word", w, "en"});
  for (const char* w : {"санкцыі", "мяжа", "выбары", "палітвязні", "тыдня", "рэпрэсіі"}) out.push_back({"word", w, "be"});
  for (const char* w : {"санкции", "граница", "выборы", "политзаключенные", "недели", "репрессии"})
    out.push_back({"word", w, "ru"});
  for (const char* p : {"\"security council\"", "\"this week\"", "\"political prisoners\""}) out.push_back({"phrase", p, "en"});
  out.push_back({"phrase", "\"на гэтым тыдні\"", "be"});
  out.push_back({"phrase", "\"на этой неделе\"", "ru"});
  out.push_back({"filters", "sanctions", "en", true});
  out.push_back({"filters", "санкции -выборы", "ru", true});
  out.push_back({"filters", "", "en", true});  // the archive browser: filters alone
  return out;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  in >> one;
  return one;
}

double ms_since(SteadyClock::time_point t) { return std::chrono::duration<double, std::milli>(SteadyClock::now() - t).count(); }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: search_bench DATABASE_FILE ROUNDS REPEATS\n");
    return 64;
  }
  const std::string path = argv[1];
  const int rounds = std::stoi(argv[2]), repeats = std::stoi(argv[3]);
  auto db = open_sqlite_database({.path = path, .pool_size = 2});
  if (!db) {
    std::fprintf(stderr, "search_bench: %s\n", db.error().message.c_str());
    return 1;
  }
  site_search::SiteSearch search((*db)->search(), 10);
  auto topics = (*db)->content().list_topics();
  if (!topics || topics->empty()) return 1;

  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return 1;
  sqlite::register_search_tokenizer(raw);
  sqlite3_stmt* match = nullptr;
  sqlite3_prepare_v2(raw, "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT 10", -1, &match,
                     nullptr);

  const auto cases = mix();
  auto run_case = [&](const Case& c, int& results) -> double {
    site_search::SearchInput in;
    in.q = c.q;
    in.filters.lang = c.lang;
    if (c.filtered) {
      in.filters.topic_id = topics->front().id;
      in.filters.assessment = Assessment::worse;
      in.filters.from = Period::parse("2016-W01").value();
      in.filters.to = Period::parse("2022-W52").value();
    }
    auto t = SteadyClock::now();
    auto out = search.run(in);
    double ms = ms_since(t);
    results = out ? out->total : -1;
    return ms;
  };
  auto run_raw = [&](const Case& c) -> double {
    auto q = search::parse_query(c.q, search::Analyser::shared());
    if (q.empty()) return -1;
    const std::string expr = sqlite::fts5_match(q);
    auto t = SteadyClock::now();
    sqlite3_bind_text(match, 1, expr.c_str(), static_cast<int>(expr.size()), SQLITE_TRANSIENT);
    while (sqlite3_step(match) == SQLITE_ROW) {
    }
    sqlite3_reset(match);
    return ms_since(t);
  };

  // Warm-up: the dictionaries, the stem cache, SQLite's page cache.
  int n = 0;
  for (const auto& c : cases) {
    run_case(c, n);
    run_raw(c);
  }
  std::printf("| round | load avg | kind | queries | search p50 ms | search p99 ms | raw FTS5 p50 ms | raw FTS5 p99 ms | p99 ratio |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");
  for (int round = 1; round <= rounds; ++round) {
    const std::string load = load_average();
    for (const char* kind : {"all", "word", "phrase", "filters"}) {
      std::vector<double> mine, theirs;
      for (int r = 0; r < repeats; ++r)
        for (const auto& c : cases) {
          if (std::string(kind) != "all" && kind != std::string(c.kind)) continue;
          mine.push_back(run_case(c, n));
          double raw_ms = run_raw(c);
          if (raw_ms >= 0) theirs.push_back(raw_ms);
        }
      const double p99 = percentile(mine, 0.99), raw99 = percentile(theirs, 0.99);
      std::printf("| %d | %s | %s | %zu | %.3f | %.3f | %.3f | %.3f | %.2f |\n", round, load.c_str(), kind, mine.size(),
                  percentile(mine, 0.5), p99, percentile(theirs, 0.5), raw99, raw99 > 0 ? p99 / raw99 : 0.0);
    }
  }
  sqlite3_finalize(match);
  sqlite3_close(raw);
  return 0;
}
