// A reader's search query, parsed and analysed (docs/decisions/0017-search.md, "Query syntax"):
//   words          all of them (AND)                      border mobilisation
//   "a phrase"     these words next to each other          "political prisoners"
//   -word -"…"     documents without it                    sanctions -belavia
//   a OR b         either (also |); binds tighter than AND  border OR frontier
// Each word is cut and stemmed by the Analyser, so the query matches the inflected forms the
// index holds. A word the analyser splits (covid-19, e-mail) becomes a phrase.
//
// Always bounded: at most kMaxQueryBytes of input are read (cut at a UTF-8 boundary), at most
// kMaxTerms terms and kMaxPhraseWords words per phrase are kept; `truncated` says something was
// dropped. Any input gives a Query (possibly empty), never an error or a throw. The backends
// render it (storage/): every word is quoted there, never spliced as syntax.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "search/analyser.hpp"

namespace barometer::search {

inline constexpr std::size_t kMaxQueryBytes = 500;
inline constexpr std::size_t kMaxTerms = 12;
inline constexpr std::size_t kMaxPhraseWords = 8;

struct QueryWord {
  std::string text;                // the normalised word
  std::vector<std::string> stems;  // as the analyser stems it; never empty
};

// One word, or a phrase of several.
struct QueryTerm {
  std::vector<QueryWord> words;
};

// Terms of which any may match (a OR b); a lone term is a group of one.
struct QueryGroup {
  std::vector<QueryTerm> any;
};

struct Query {
  std::vector<QueryGroup> all;     // every group must match
  std::vector<QueryTerm> none;     // no document may match any of these
  bool truncated = false;          // input past the limits was dropped

  // Nothing to look for (no words, or only exclusions: a search needs one word to start from).
  bool empty() const { return all.empty(); }
  // Every stem of the positive terms (what a snippet marks).
  std::vector<std::string> positive_stems() const;
};

Query parse_query(std::string_view text, const Analyser& analyser);

}  // namespace barometer::search
