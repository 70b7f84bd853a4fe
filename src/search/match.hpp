// Whether a text matches a reader's query, decided in memory by the same analyser and with the
// same rules as the index on either backend (docs/decisions/0017-search.md): a query word matches
// a document word when their stem sets meet; a phrase's words must follow each other within one
// part (title, lead or body: a phrase never runs from one part into the next); every group needs
// one of its terms; no excluded term may occur. For the few documents the index does not hold:
// the back office's search of unpublished commentaries (drafts are never indexed, so readers can
// never find them).
//
// Thread-safe (the analyser is); never throws on any input.
#pragma once

#include <string_view>
#include <vector>

#include "search/analyser.hpp"
#include "search/query.hpp"

namespace barometer::search {

// One document, analysed once, matched against any number of queries.
class AnalysedDocument {
 public:
  // `parts`: the document's parts in order (title, lead, body).
  AnalysedDocument(const std::vector<std::string_view>& parts, const Analyser& analyser);

  // False for an empty query (it has nothing to look for).
  bool matches(const Query& query) const;

 private:
  bool contains(const QueryTerm& term) const;
  std::vector<std::vector<Token>> parts_;
};

}  // namespace barometer::search
