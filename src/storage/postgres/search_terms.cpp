#include "storage/postgres/search_terms.hpp"

#include <algorithm>
#include <map>
#include <vector>

namespace barometer::postgres {

namespace {

constexpr int kMaxPosition = 16383;
constexpr std::size_t kMaxPositionsPerLexeme = 256;

// A lexeme as a quoted tsvector/tsquery element: ' doubled, \ escaped.
std::string lexeme(const std::string& stem) {
  std::string out = "'";
  for (char c : stem) {
    if (c == '\'') out += "''";
    else if (c == '\\') out += "\\\\";
    else out += c;
  }
  return out + "'";
}

std::string word(const search::QueryWord& w) {
  std::string out = "(";
  for (std::size_t i = 0; i < w.stems.size(); ++i) out += (i ? " | " : "") + lexeme(w.stems[i]);
  return out + ")";
}

std::string term(const search::QueryTerm& t) {
  std::string out = "(";
  for (std::size_t i = 0; i < t.words.size(); ++i) out += (i ? " <-> " : "") + word(t.words[i]);
  return out + ")";
}

}  // namespace

std::string tsvector_literal(std::string_view title, std::string_view lead, std::string_view body) {
  std::map<std::string, std::vector<std::string>> positions;  // lexeme -> "12A", …
  const auto& analyser = search::Analyser::shared();
  int next = 1;
  auto add = [&](std::string_view text, char weight) {
    int last = -1;
    analyser.analyse(text, [&](const search::Token& t) {
      last = t.position;
      const int at = std::min(next + t.position, kMaxPosition);
      for (const auto& stem : t.stems) {
        auto& list = positions[stem];
        if (list.size() < kMaxPositionsPerLexeme) list.push_back(std::to_string(at) + weight);
      }
    });
    next = std::min(next + last + 2, kMaxPosition);  // one empty position after the part
  };
  add(title, 'A');
  add(lead, 'B');
  add(body, 'C');
  std::string out;
  for (const auto& [stem, at] : positions) {
    if (!out.empty()) out += ' ';
    out += lexeme(stem) + ':';
    for (std::size_t i = 0; i < at.size(); ++i) out += (i ? "," : "") + at[i];
  }
  return out;
}

std::string tsquery_literal(const search::Query& q) {
  std::string out;
  for (const auto& group : q.all) {
    if (!out.empty()) out += " & ";
    out += '(';
    for (std::size_t i = 0; i < group.any.size(); ++i) out += (i ? " | " : "") + term(group.any[i]);
    out += ')';
  }
  for (const auto& t : q.none) out += " & !" + term(t);
  return out;
}

}  // namespace barometer::postgres
