#include "search/snippet.hpp"

#include <algorithm>

#include "domain/text.hpp"

namespace barometer::search {

namespace {

bool matches(const Token& t, const std::vector<std::string>& stems) {
  for (const auto& s : t.stems)
    if (std::find(stems.begin(), stems.end(), s) != stems.end()) return true;
  return false;
}

// `text`[from, to) as parts, the matching tokens marked.
std::vector<TextPart> mark(std::string_view text, std::size_t from, std::size_t to, const std::vector<Token>& tokens,
                           const std::vector<std::string>& stems) {
  std::vector<TextPart> parts;
  std::size_t at = from;
  for (const Token& t : tokens) {
    if (t.begin < from || t.end > to || !matches(t, stems)) continue;
    if (t.begin > at) parts.push_back({std::string(text.substr(at, t.begin - at)), false});
    parts.push_back({std::string(text.substr(t.begin, t.end - t.begin)), true});
    at = t.end;
  }
  if (to > at) parts.push_back({std::string(text.substr(at, to - at)), false});
  return parts;
}

}  // namespace

std::vector<TextPart> highlight(std::string_view text, const std::vector<std::string>& stems,
                                const Analyser& analyser) {
  return mark(text, 0, text.size(), analyser.tokens(text), stems);
}

std::vector<TextPart> snippet(std::string_view text, const std::vector<std::string>& stems,
                              const Analyser& analyser, std::size_t max_bytes) {
  auto tokens = analyser.tokens(text);
  if (text.size() <= max_bytes) return mark(text, 0, text.size(), tokens, stems);
  // The window [start of token i, …) holding the most matching tokens within max_bytes.
  std::size_t best = 0, best_count = 0;
  std::vector<std::size_t> hits;
  for (std::size_t i = 0; i < tokens.size(); ++i)
    if (matches(tokens[i], stems)) hits.push_back(i);
  for (std::size_t a = 0, b = 0; a < hits.size(); ++a) {
    while (b < hits.size() && tokens[hits[b]].end - tokens[hits[a]].begin <= max_bytes) ++b;
    if (b - a > best_count) {
      best_count = b - a;
      best = hits[a];
    }
  }
  // Begin a few words before the first match, for context; end on a word's end.
  std::size_t first = best_count ? best - std::min<std::size_t>(best, 4) : 0;
  std::size_t from = tokens.empty() ? 0 : tokens[first].begin;
  if (first == 0) from = 0;
  std::size_t to = from;
  for (std::size_t i = first; i < tokens.size() && tokens[i].end - from <= max_bytes; ++i) to = tokens[i].end;
  if (to == from) to = from + utf8_prefix(text.substr(from), max_bytes).size();
  auto parts = mark(text, from, to, tokens, stems);
  if (from > 0) parts.insert(parts.begin(), TextPart{"… ", false});
  if (to < text.size()) parts.push_back({" …", false});
  return parts;
}

std::string markdown_to_plain(std::string_view md) {
  std::string out;
  out.reserve(md.size());
  bool line_start = true;
  for (std::size_t i = 0; i < md.size(); ++i) {
    char c = md[i];
    if (c == '\n' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
      line_start = true;
      continue;
    }
    if (line_start && (c == '#' || c == '>' || c == ' ' || c == '\t')) continue;  // heading, quote marks
    if (line_start && (c == '-' || c == '+') && i + 1 < md.size() && md[i + 1] == ' ') continue;  // list item
    line_start = false;
    if (c == '*' || c == '_' || c == '`' || c == '[' || c == ']') continue;
    if (c == '(' && i > 0 && md[i - 1] == ']') {  // a link's target: skip to its ')'
      auto close = md.find(')', i);
      if (close != std::string_view::npos) {
        i = close;
        continue;
      }
    }
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace barometer::search
