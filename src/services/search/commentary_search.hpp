// CommentarySearch: the back office's text search of commentaries (issue 14 item 6,
// docs/decisions/0017-search.md, "The back office's searches"): the reader's query syntax and
// analyser over every commentary the staff can see, published or not.
//   - Published commentaries through the search index (SearchStore, every language), best first.
//   - Work in progress (draft, review, scheduled) is never indexed — the index holds only what
//     readers may find — so it is matched here, in memory, by search::AnalysedDocument with the
//     index's own rules. There are few of those at any time (a week's unfinished commentaries),
//     so reading and analysing them on each search is cheap.
// One line per commentary (the translation that matched best), work in progress first (newest
// period first), then published ones by relevance; at most `limit` lines.
//
// Thread-safe (the stores and the analyser are); the stores must outlive the object.
#pragma once

#include <string_view>
#include <vector>

#include "domain/commentary.hpp"
#include "domain/result.hpp"
#include "search/snippet.hpp"
#include "storage/search_store.hpp"
#include "storage/store.hpp"

namespace barometer::site_search {

struct FoundCommentary {
  Id commentary_id = 0;
  Id topic_id = 0;
  Period period = Period::containing(make_date(1970, 1, 1));
  CommentaryStatus status = CommentaryStatus::draft;
  LangCode lang;                        // the translation shown
  std::vector<search::TextPart> title;  // its title, the matching words marked
};

struct CommentarySearchOutcome {
  std::vector<FoundCommentary> found;
  bool has_words = false;  // the query had words to look for (else nothing is searched)
  bool truncated = false;  // the query was longer than the parser keeps
  bool more = false;       // more commentaries match than are listed
};

class CommentarySearch {
 public:
  // `limit`: lines at most, 1..kMaxSearchLimit.
  CommentarySearch(Store& content, SearchStore& index, int limit = 50)
      : content_(content), index_(index), limit_(limit) {}

  // The stores' errors; any text is a valid query.
  Result<CommentarySearchOutcome> run(std::string_view q) const;

 private:
  Store& content_;
  SearchStore& index_;
  int limit_;
};

}  // namespace barometer::site_search
