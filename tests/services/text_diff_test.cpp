// The revisions page's diff: line LCS with word marks inside changed lines.
#include <gtest/gtest.h>

#include "services/history/text_diff.hpp"

namespace barometer::history {
namespace {

// Renders a diff as text: "  " kept, "- " removed, "+ " added lines; [-x-] and {+x+} words.
std::string show(const std::vector<DiffLine>& lines) {
  std::string out;
  for (const auto& l : lines) {
    out += l.op == DiffOp::same ? "  " : l.op == DiffOp::removed ? "- " : "+ ";
    for (const auto& p : l.pieces) {
      if (l.op == DiffOp::same || p.op == DiffOp::same) out += p.text;
      else if (p.op == DiffOp::removed) out += "[-" + p.text + "-]";
      else out += "{+" + p.text + "+}";
    }
    out += "\n";
  }
  return out;
}

std::string rebuild(const std::vector<DiffPiece>& pieces, DiffOp skip) {
  std::string out;
  for (const auto& p : pieces)
    if (p.op != skip) out += p.text;
  return out;
}

TEST(TextDiffTest, EqualTextsHaveNoChanges) {
  auto d = diff_lines("one\ntwo\n", "one\ntwo\n");
  EXPECT_FALSE(has_changes(d));
  EXPECT_EQ(show(d), "  one\n  two\n");
  EXPECT_TRUE(diff_lines("", "").empty());
}

TEST(TextDiffTest, InsertedAndRemovedLinesKeepTheirNeighbours) {
  EXPECT_EQ(show(diff_lines("a\nb\nc", "a\nc\nd")), "  a\n- [-b-]\n  c\n+ {+d+}\n");
  EXPECT_EQ(show(diff_lines("", "new")), "+ {+new+}\n");
  EXPECT_EQ(show(diff_lines("old", "")), "- [-old-]\n");
}

TEST(TextDiffTest, AChangedLineMarksOnlyTheChangedWords) {
  auto d = diff_lines("intro\nThe situation got worse this week.\nend",
                      "intro\nThe situation got much better this week.\nend");
  EXPECT_TRUE(has_changes(d));
  EXPECT_EQ(show(d),
            "  intro\n"
            "- The situation got [-worse -]this week.\n"
            "+ The situation got {+much better +}this week.\n"
            "  end\n");
}

TEST(TextDiffTest, CrlfLinesEqualLfLines) {
  EXPECT_FALSE(has_changes(diff_lines("a\r\nb\r\n", "a\nb")));
}

TEST(TextDiffTest, WordDiffRebuildsBothTexts) {
  std::string before = "Беларусь и Россия: союз без изменений", after = "Беларусь и Россия: новый союз";
  auto d = diff_words(before, after);
  EXPECT_EQ(rebuild(d, DiffOp::added), before);
  EXPECT_EQ(rebuild(d, DiffOp::removed), after);
  bool changed = false;
  for (const auto& p : d) changed |= p.op != DiffOp::same;
  EXPECT_TRUE(changed);
}

TEST(TextDiffTest, HugeInputsFallBackToReplaceAllInsteadOfQuadraticWork) {
  std::string a, b;
  for (int i = 0; i < 3000; ++i) {
    a += "line " + std::to_string(i) + "\n";
    b += "line " + std::to_string(i * 7) + "\n";
  }
  DiffLimits small;
  small.max_cells = 1000;
  auto d = diff_lines(a, b, small);
  std::size_t removed = 0, added = 0;
  for (const auto& l : d) {
    if (l.op == DiffOp::removed) ++removed;
    if (l.op == DiffOp::added) ++added;
  }
  EXPECT_EQ(d.front().op, DiffOp::same);  // "line 0" is a common prefix
  EXPECT_GT(removed, 2900u);
  EXPECT_GT(added, 2900u);
}

}  // namespace
}  // namespace barometer::history
