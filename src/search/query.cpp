#include "search/query.hpp"

#include <algorithm>

#include "domain/text.hpp"

namespace barometer::search {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// One item of the raw query before analysis.
struct RawItem {
  std::string_view text;
  bool negated = false;
  bool or_before = false;  // joined to the item before it by OR
};

std::vector<RawItem> split(std::string_view q) {
  std::vector<RawItem> items;
  bool pending_or = false;
  std::size_t i = 0;
  while (i < q.size()) {
    if (is_space(q[i])) {
      ++i;
      continue;
    }
    RawItem item;
    if (q[i] == '-' && i + 1 < q.size() && !is_space(q[i + 1]) && q[i + 1] != '-') {
      item.negated = true;
      ++i;
    }
    std::size_t end;
    if (q[i] == '"') {
      ++i;
      end = q.find('"', i);
      if (end == std::string_view::npos) end = q.size();  // an unclosed quote runs to the end
      item.text = q.substr(i, end - i);
      i = end < q.size() ? end + 1 : end;
    } else {
      end = i;
      while (end < q.size() && !is_space(q[end]) && q[end] != '"') ++end;
      item.text = q.substr(i, end - i);
      i = end;
    }
    if (!item.negated && (item.text == "OR" || item.text == "|")) {
      pending_or = !items.empty();
      continue;
    }
    item.or_before = pending_or && !item.negated && !items.empty() && !items.back().negated;
    pending_or = false;
    items.push_back(item);
  }
  return items;
}

}  // namespace

std::vector<std::string> Query::positive_stems() const {
  std::vector<std::string> out;
  for (const auto& g : all)
    for (const auto& t : g.any)
      for (const auto& w : t.words)
        for (const auto& s : w.stems)
          if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  return out;
}

Query parse_query(std::string_view text, const Analyser& analyser) {
  Query query;
  std::string_view q = utf8_prefix(text, kMaxQueryBytes);
  query.truncated = q.size() < text.size();
  std::size_t terms = 0;
  for (const RawItem& item : split(q)) {
    QueryTerm term;
    analyser.analyse(item.text, [&](const Token& t) {
      if (term.words.size() >= kMaxPhraseWords) {
        query.truncated = true;
        return;
      }
      QueryWord w;
      w.text = Analyser::normalise(item.text.substr(t.begin, t.end - t.begin));
      w.stems = t.stems;
      term.words.push_back(std::move(w));
    });
    if (term.words.empty()) continue;  // punctuation only
    if (terms == kMaxTerms) {
      query.truncated = true;
      break;
    }
    ++terms;
    if (item.negated)
      query.none.push_back(std::move(term));
    else if (item.or_before && !query.all.empty())
      query.all.back().any.push_back(std::move(term));
    else
      query.all.push_back(QueryGroup{{std::move(term)}});
  }
  return query;
}

}  // namespace barometer::search
