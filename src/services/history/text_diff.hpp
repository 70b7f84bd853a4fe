// A small, readable diff for the revisions page: lines first (longest common subsequence), and
// inside a changed line pair the words, so a one-word edit in a long paragraph shows as one word.
//
// Contract: pure functions, no I/O, thread-safe. Inputs are any bytes (UTF-8 expected; words are
// split on ASCII whitespace, so multi-byte characters are never cut). Inputs larger than
// DiffLimits fall back to "everything removed, everything added" instead of taking quadratic time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace barometer::history {

enum class DiffOp { same, removed, added };

// A run of text with one operation. Concatenating the `same`+`removed` pieces gives the old
// text back, `same`+`added` the new one.
struct DiffPiece {
  DiffOp op = DiffOp::same;
  std::string text;
};

// One line of the displayed diff: a line kept, removed or added (pieces hold its words, with
// word-level changes marked when a removed line was paired with an added one).
struct DiffLine {
  DiffOp op = DiffOp::same;
  std::vector<DiffPiece> pieces;  // the line's text without the newline
};

struct DiffLimits {
  std::size_t max_cells = 4'000'000;  // LCS table cells (old items x new items) before falling back. Default 4 M
};

// Line diff of `before` -> `after`, with word-level marks inside changed lines that pair up
// (the n-th removed line of a changed block with the n-th added one).
std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after, const DiffLimits& limits = {});

// Word diff of two short texts (titles, slugs): pieces split after whitespace, adjacent pieces of
// the same operation merged.
std::vector<DiffPiece> diff_words(std::string_view before, std::string_view after, const DiffLimits& limits = {});

// True when the diff of diff_lines() has any change.
bool has_changes(const std::vector<DiffLine>& lines);

}  // namespace barometer::history
