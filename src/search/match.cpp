#include "search/match.hpp"

#include <algorithm>

namespace barometer::search {

namespace {

bool word_matches(const Token& token, const QueryWord& word) {
  for (const auto& s : word.stems)
    if (std::find(token.stems.begin(), token.stems.end(), s) != token.stems.end()) return true;
  return false;
}

}  // namespace

AnalysedDocument::AnalysedDocument(const std::vector<std::string_view>& parts, const Analyser& analyser) {
  parts_.reserve(parts.size());
  for (auto part : parts) parts_.push_back(analyser.tokens(part));
}

bool AnalysedDocument::contains(const QueryTerm& term) const {
  if (term.words.empty()) return false;
  for (const auto& tokens : parts_) {
    // Positions are consecutive within a part (the analyser numbers words 0, 1, 2 …).
    for (std::size_t i = 0; i + term.words.size() <= tokens.size(); ++i) {
      std::size_t k = 0;
      while (k < term.words.size() && word_matches(tokens[i + k], term.words[k])) ++k;
      if (k == term.words.size()) return true;
    }
  }
  return false;
}

bool AnalysedDocument::matches(const Query& query) const {
  if (query.empty()) return false;
  for (const auto& group : query.all)
    if (std::none_of(group.any.begin(), group.any.end(), [&](const QueryTerm& t) { return contains(t); })) return false;
  return std::none_of(query.none.begin(), query.none.end(), [&](const QueryTerm& t) { return contains(t); });
}

}  // namespace barometer::search
