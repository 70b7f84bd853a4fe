// SearchStore: full-text search over the published translations (issue 14,
// docs/decisions/0017-search.md). Database::search().
//
// The index holds one document per published translation (title, lead, body), analysed by
// search::Analyser on both backends: SQLite as an FTS5 table with the analyser registered as its
// tokenizer on every connection (alternative stems are colocated tokens; ranked by bm25 with
// title 10 : lead 4 : body 1), PostgreSQL as a tsvector the application builds (title weight A,
// lead B, body C; GIN index; ranked by ts_rank). The same query finds the same documents on both;
// only the order of equally good matches may differ.
//
// The content store keeps the index in step inside its own writes (add_commentary,
// update_commentary, publish_due): a commentary's documents are rewritten in the same
// transaction, present only while it is published.
//
// Contract: thread-safe; expected failures are returned: invalid (a request out of range),
// unavailable, io.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/assessment.hpp"
#include "domain/period.hpp"
#include "domain/result.hpp"
#include "domain/site.hpp"
#include "domain/topic.hpp"
#include "search/query.hpp"

namespace barometer {

inline constexpr int kMaxSearchLimit = 100;

struct SearchRequest {
  // The words to look for; null or empty: no words, the filters alone (the archive browser),
  // newest period first.
  const search::Query* query = nullptr;
  std::optional<LangCode> lang;          // none: every language
  std::optional<Id> topic_id;
  std::optional<Id> author_id;
  std::optional<Assessment> assessment;
  std::optional<Outlook> outlook;
  std::optional<Period> from;            // periods >= from
  std::optional<Period> to;              // periods <= to
  int offset = 0;                        // >= 0
  int limit = 20;                        // 1..kMaxSearchLimit
};

// One matching translation: what a result line shows.
struct SearchHit {
  Id commentary_id = 0;
  LangCode lang;
  Id topic_id = 0;
  Period period = Period::containing(make_date(1970, 1, 1));
  Assessment assessment = Assessment::unchanged;
  Outlook outlook = Outlook::none;
  std::string title;
  std::string lead;
  std::string body;   // Markdown
  std::string slug;
};

struct SearchPage {
  std::vector<SearchHit> hits;  // best first (by period, newest first, without words)
  int total = 0;                // matches in all, ignoring offset and limit
};

class SearchStore {
 public:
  virtual ~SearchStore() = default;

  virtual Result<SearchPage> search(const SearchRequest& request) = 0;
  // Rebuilds the whole index from the published translations (after an analyser or dictionary
  // upgrade: `barometer search reindex`). Returns the number of documents indexed.
  virtual Result<int> reindex() = 0;
};

}  // namespace barometer
