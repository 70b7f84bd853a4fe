// SiteSearch: the readers' search (issue 14, docs/decisions/0017-search.md): a query and filters
// in, one page of results out, each with its highlighted title and a snippet around the words
// that matched, made by the same analyser that built the index. Without words, the filters alone
// list the archive (newest period first): "every week Security got worse in 2022".
// When nothing matches, it says where something would: the same words in every language, or in
// every period.
//
// Thread-safe (the store and the analyser are); the store must outlive the object.
#pragma once

#include <string>
#include <vector>

#include "domain/result.hpp"
#include "search/snippet.hpp"
#include "storage/search_store.hpp"

namespace barometer::site_search {

struct SearchInput {
  std::string q;           // as typed; any text (bounded and quoted by the query parser)
  SearchRequest filters;   // query, offset and limit are set here
  int page = 1;            // 1-based; >= 1
};

struct ResultLine {
  SearchHit hit;
  std::vector<search::TextPart> title;    // the whole title, matching words marked
  std::vector<search::TextPart> snippet;  // lead and body as plain text, around the matches
};

struct SearchOutcome {
  std::vector<ResultLine> lines;
  int total = 0;            // matches in all
  int page = 1;
  int pages = 0;            // 0 when nothing matched
  bool has_words = false;   // the query had words to look for (else: the archive by filters)
  bool needs_word = false;  // the query had only exclusions or punctuation: it was ignored
  bool truncated = false;   // the query was longer than the parser keeps
  // Only when nothing matched: how many would without the language, or the period, filter.
  int in_all_languages = 0;
  int in_all_periods = 0;
};

class SiteSearch {
 public:
  // `page_size`: results per page, 1..kMaxSearchLimit.
  explicit SiteSearch(SearchStore& store, int page_size = 10) : store_(store), page_size_(page_size) {}

  // invalid for page < 1; the store's errors.
  Result<SearchOutcome> run(const SearchInput& input) const;

  int page_size() const { return page_size_; }

 private:
  SearchStore& store_;
  int page_size_;
};

}  // namespace barometer::site_search
