// The search analyser's output as PostgreSQL text-search literals (migration 0010): the tsvector
// of a document and the tsquery of a reader's query, so PostgreSQL matches with the same stems as
// SQLite's FTS5 tokenizer. Both are cast from text ('…'::tsvector does not normalise again).
#pragma once

#include <string>
#include <string_view>

#include "search/query.hpp"

namespace barometer::postgres {

// Title positions weighted A, lead B, body C; every stem of a word at the word's position; one
// position left empty between the parts, so a phrase never runs from one into the next.
// PostgreSQL keeps positions up to 16383: later words are indexed at 16383 (found, but not as
// part of a phrase); at most 256 positions a lexeme, as PostgreSQL keeps.
std::string tsvector_literal(std::string_view title, std::string_view lead, std::string_view body);

// Groups joined by &, alternatives by |, a word's stems by |, phrases by <->, exclusions & !.
// `q` must not be empty.
std::string tsquery_literal(const search::Query& q);

}  // namespace barometer::postgres
