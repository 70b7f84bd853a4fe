// The search analyser (search::Analyser::shared()) as an SQLite FTS5 tokenizer named "barometer",
// registered on every connection the backend opens (connection.cpp), so the FTS5 table search_fts
// (migration 0010) indexes and queries with the same analyser as PostgreSQL's tsvector. Each word
// gives its primary stem as a token and its other stems as FTS5_TOKEN_COLOCATED tokens, in
// documents and in queries alike (a query word then matches any of its stems).
#pragma once

#include <string>

#include "search/query.hpp"

struct sqlite3;

namespace barometer::sqlite {

// Registers the tokenizer on `db`; an SQLite error code (SQLITE_OK on success).
int register_search_tokenizer(sqlite3* db);

// `q` as an FTS5 MATCH expression: each word or phrase a quoted string (" doubled) that the
// tokenizer analyses again into the same stems; groups joined by AND, alternatives by OR,
// exclusions by NOT. `q` must not be empty.
std::string fts5_match(const search::Query& q);

}  // namespace barometer::sqlite
