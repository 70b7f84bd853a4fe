#include "storage/sqlite/search_tokenizer.hpp"

#include <sqlite3.h>

namespace barometer::sqlite {

namespace {

// The tokenizer object FTS5 asks for: the process's analyser (nothing per table).
int create(void*, const char**, int, Fts5Tokenizer** out) {
  *out = reinterpret_cast<Fts5Tokenizer*>(const_cast<search::Analyser*>(&search::Analyser::shared()));
  return SQLITE_OK;
}

void destroy(Fts5Tokenizer*) {}

using TokenCallback = int (*)(void*, int, const char*, int, int, int);

int tokenize(Fts5Tokenizer* self, void* context, int, const char* text, int size, TokenCallback emit) {
  const auto* analyser = reinterpret_cast<const search::Analyser*>(self);
  int rc = SQLITE_OK;
  try {
    analyser->analyse(std::string_view(text, size > 0 ? static_cast<std::size_t>(size) : 0),
                      [&](const search::Token& t) {
                        for (std::size_t i = 0; i < t.stems.size() && rc == SQLITE_OK; ++i)
                          rc = emit(context, i ? FTS5_TOKEN_COLOCATED : 0, t.stems[i].data(),
                                    static_cast<int>(t.stems[i].size()), static_cast<int>(t.begin),
                                    static_cast<int>(t.end));
                      });
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (...) {
    return SQLITE_ERROR;  // never let an exception cross SQLite's C frames
  }
  return rc;
}

std::string quoted(const search::QueryTerm& term) {
  std::string out = "\"";
  for (std::size_t i = 0; i < term.words.size(); ++i) {
    if (i) out += ' ';
    for (char c : term.words[i].text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return out + "\"";
}

}  // namespace

int register_search_tokenizer(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_pointer(st, 1, reinterpret_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(st);
  rc = sqlite3_finalize(st);
  if (rc != SQLITE_OK) return rc;
  if (!api) return SQLITE_ERROR;
  fts5_tokenizer tokenizer{&create, &destroy, &tokenize};
  return api->xCreateTokenizer(api, "barometer", nullptr, &tokenizer, nullptr);
}

std::string fts5_match(const search::Query& q) {
  std::string out;
  for (const auto& group : q.all) {
    if (!out.empty()) out += " AND ";
    out += '(';
    for (std::size_t i = 0; i < group.any.size(); ++i) out += (i ? " OR " : "") + quoted(group.any[i]);
    out += ')';
  }
  for (const auto& term : q.none) out += " NOT " + quoted(term);
  return out;
}

}  // namespace barometer::sqlite
