#include "services/history/text_diff.hpp"

#include <algorithm>
#include <cstdint>

namespace barometer::history {

namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      if (start < text.size()) out.push_back(text.substr(start));
      break;
    }
    auto line = text.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // CRLF from browsers' textareas
    out.push_back(line);
    start = nl + 1;
  }
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Words with their trailing whitespace, so joining the tokens gives the text back.
std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    while (i < text.size() && is_space(text[i])) ++i;
    out.push_back(text.substr(start, i - start));
  }
  return out;
}

// Edit script of two token sequences by a longest-common-subsequence table, after trimming the
// common prefix and suffix (the usual case is a small edit in a long text).
std::vector<std::pair<DiffOp, std::string_view>> script(const std::vector<std::string_view>& a,
                                                        const std::vector<std::string_view>& b,
                                                        const DiffLimits& limits) {
  std::vector<std::pair<DiffOp, std::string_view>> out;
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;
  for (std::size_t i = 0; i < prefix; ++i) out.emplace_back(DiffOp::same, a[i]);
  std::size_t n = a.size() - prefix - suffix, m = b.size() - prefix - suffix;
  auto A = [&](std::size_t i) { return a[prefix + i]; };
  auto B = [&](std::size_t j) { return b[prefix + j]; };
  if (n > 0 && m > 0 && (n + 1) * (m + 1) <= limits.max_cells) {
    // lcs[i][j] = LCS length of A[i..] and B[j..]
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;)
      for (std::size_t j = m; j-- > 0;)
        at(i, j) = A(i) == B(j) ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    std::size_t i = 0, j = 0;
    while (i < n && j < m) {
      if (A(i) == B(j)) {
        out.emplace_back(DiffOp::same, A(i));
        ++i, ++j;
      } else if (at(i + 1, j) >= at(i, j + 1)) {
        out.emplace_back(DiffOp::removed, A(i++));
      } else {
        out.emplace_back(DiffOp::added, B(j++));
      }
    }
    for (; i < n; ++i) out.emplace_back(DiffOp::removed, A(i));
    for (; j < m; ++j) out.emplace_back(DiffOp::added, B(j));
  } else {
    for (std::size_t i = 0; i < n; ++i) out.emplace_back(DiffOp::removed, A(i));
    for (std::size_t j = 0; j < m; ++j) out.emplace_back(DiffOp::added, B(j));
  }
  for (std::size_t i = a.size() - suffix; i < a.size(); ++i) out.emplace_back(DiffOp::same, a[i]);
  return out;
}

void append(std::vector<DiffPiece>& pieces, DiffOp op, std::string_view text) {
  if (!pieces.empty() && pieces.back().op == op) pieces.back().text += text;
  else pieces.push_back({op, std::string(text)});
}

}  // namespace

std::vector<DiffPiece> diff_words(std::string_view before, std::string_view after, const DiffLimits& limits) {
  std::vector<DiffPiece> out;
  for (const auto& [op, token] : script(split_words(before), split_words(after), limits)) append(out, op, token);
  return out;
}

std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after, const DiffLimits& limits) {
  auto steps = script(split_lines(before), split_lines(after), limits);
  std::vector<DiffLine> out;
  std::size_t k = 0;
  while (k < steps.size()) {
    if (steps[k].first == DiffOp::same) {
      out.push_back({DiffOp::same, {{DiffOp::same, std::string(steps[k].second)}}});
      ++k;
      continue;
    }
    // A changed block: its removed lines, then its added lines; pair them up for word marks.
    std::vector<std::string_view> removed, added;
    for (; k < steps.size() && steps[k].first != DiffOp::same; ++k)
      (steps[k].first == DiffOp::removed ? removed : added).push_back(steps[k].second);
    std::size_t pairs = std::min(removed.size(), added.size());
    std::vector<DiffLine> adds;
    for (std::size_t i = 0; i < removed.size(); ++i) {
      DiffLine del{DiffOp::removed, {}};
      if (i < pairs) {
        DiffLine ins{DiffOp::added, {}};
        for (const auto& p : diff_words(removed[i], added[i], limits)) {
          if (p.op != DiffOp::added) append(del.pieces, p.op, p.text);
          if (p.op != DiffOp::removed) append(ins.pieces, p.op, p.text);
        }
        adds.push_back(std::move(ins));
      } else {
        del.pieces.push_back({DiffOp::removed, std::string(removed[i])});
      }
      out.push_back(std::move(del));
    }
    for (std::size_t i = pairs; i < added.size(); ++i)
      adds.push_back({DiffOp::added, {{DiffOp::added, std::string(added[i])}}});
    for (auto& a : adds) out.push_back(std::move(a));
  }
  return out;
}

bool has_changes(const std::vector<DiffLine>& lines) {
  return std::any_of(lines.begin(), lines.end(), [](const DiffLine& l) { return l.op != DiffOp::same; });
}

}  // namespace barometer::history
