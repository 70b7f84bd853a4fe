// The analyser per language: inflected forms share a stem, apostrophes and case are normalised,
// offsets point at the words, and no input (empty, huge, invalid UTF-8, naughty strings) breaks it.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "search/analyser.hpp"
#include "search/belarusian.hpp"

namespace barometer::search {
namespace {

const Analyser& analyser() { return Analyser::shared(); }

// The stems of a text that is one word.
std::vector<std::string> stems_of(const std::string& word) {
  auto tokens = analyser().tokens(word);
  EXPECT_EQ(tokens.size(), 1u) << word;
  return tokens.empty() ? std::vector<std::string>{} : tokens[0].stems;
}

// Whether two words would match each other (their stem sets meet).
bool same_word(const std::string& a, const std::string& b) {
  auto x = stems_of(a), y = stems_of(b);
  for (const auto& s : x)
    if (std::find(y.begin(), y.end(), s) != y.end()) return true;
  return false;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "|") + s;
  return out;
}

#define EXPECT_SAME_WORD(a, b) EXPECT_TRUE(same_word(a, b)) << a << " [" << joined(stems_of(a)) << "] vs " << b << " [" << joined(stems_of(b)) << "]"
#define EXPECT_OTHER_WORD(a, b) EXPECT_FALSE(same_word(a, b)) << a << " [" << joined(stems_of(a)) << "] vs " << b << " [" << joined(stems_of(b)) << "]"

TEST(Analyser, EnglishInflectionsShareAStem) {
  EXPECT_SAME_WORD("prisoner", "prisoners");
  EXPECT_SAME_WORD("sanctions", "sanction");
  EXPECT_SAME_WORD("Elections", "election");
  EXPECT_SAME_WORD("repressions", "repression");
  EXPECT_OTHER_WORD("prisoner", "border");
}

TEST(Analyser, RussianInflectionsShareAStem) {
  EXPECT_SAME_WORD("санкции", "санкций");
  EXPECT_SAME_WORD("санкции", "санкциями");
  EXPECT_SAME_WORD("санкция", "санкциями");
  EXPECT_SAME_WORD("выборы", "выборов");
  EXPECT_SAME_WORD("граница", "границе");
  EXPECT_SAME_WORD("мобилизация", "мобилизации");
  EXPECT_OTHER_WORD("санкции", "выборы");
}

TEST(Analyser, RussianWordsHunspellDoesNotKnowFallBackToSnowball) {
  // Names and new words: Snowball's suffix rules still join their forms.
  EXPECT_SAME_WORD("Тихановская", "Тихановской");
  EXPECT_SAME_WORD("релокантов", "релоканты");
}

TEST(Analyser, BelarusianInflectionsShareAStem) {
  EXPECT_SAME_WORD("рэпрэсіі", "рэпрэсій");
  EXPECT_SAME_WORD("рэпрэсія", "рэпрэсій");
  EXPECT_SAME_WORD("выбары", "выбараў");
  EXPECT_SAME_WORD("мяжа", "мяжы");
  EXPECT_OTHER_WORD("рэпрэсіі", "выбары");
}

TEST(Analyser, BelarusianClassicalOrthographyAndNewWordsFallBack) {
  EXPECT_EQ(official_spelling("сьвятло"), "святло");
  EXPECT_EQ(official_spelling("зьмена"), "змена");
  EXPECT_EQ(official_spelling("дзень"), "дзень");  // ь at the end of a word stays
  EXPECT_SAME_WORD("сьвятло", "святло");
  EXPECT_SAME_WORD("палітвязняў", "палітвязні");
  EXPECT_SAME_WORD("Ціханоўская", "Ціханоўскай");
  EXPECT_EQ(suffix_stem("палітвязняў"), "палітвязн");
  EXPECT_EQ(suffix_stem("ям"), "ям");  // too short to cut
}

TEST(Analyser, ApostrophesAndCaseAreNormalised) {
  // ’ ʼ and ' inside a word keep it one word, and spell it one way.
  EXPECT_EQ(analyser().tokens("сям'я").size(), 1u);
  EXPECT_EQ(analyser().tokens("сям’я").size(), 1u);
  EXPECT_EQ(analyser().tokens("сямʼя").size(), 1u);
  EXPECT_SAME_WORD("сям’я", "сям'я");
  EXPECT_SAME_WORD("сямʼя", "СЯМ'Я");
  EXPECT_SAME_WORD("п’еса", "п'еса");
  EXPECT_EQ(Analyser::normalise("П’ЕСА"), "п'еса");
  EXPECT_EQ(Analyser::normalise("'quoted'"), "quoted");
  EXPECT_EQ(Analyser::normalise("Ёлка"), "елка");
}

TEST(Analyser, HyphensSplitWordsAndNumbersAreWords) {
  auto t = analyser().tokens("COVID-19 e-mail 2022 1.5");
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t[0].stems[0], "covid");
  EXPECT_EQ(t[1].stems[0], "19");
  EXPECT_EQ(t[2].stems[0], "e");
  EXPECT_EQ(t[3].stems[0], "mail");
  EXPECT_EQ(t[4].stems[0], "2022");
  EXPECT_EQ(t[5].stems[0], "1.5");
}

TEST(Analyser, PositionsAndByteOffsetsPointAtTheWords) {
  const std::string text = "  Рэпрэсіі, sanctions — «выборы»!";
  auto t = analyser().tokens(text);
  ASSERT_EQ(t.size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(t[static_cast<std::size_t>(i)].position, i);
  EXPECT_EQ(text.substr(t[0].begin, t[0].end - t[0].begin), "Рэпрэсіі");
  EXPECT_EQ(text.substr(t[1].begin, t[1].end - t[1].begin), "sanctions");
  EXPECT_EQ(text.substr(t[2].begin, t[2].end - t[2].begin), "выборы");
}

TEST(Analyser, MixedScriptsTakeEachWordsOwnRules) {
  // A Belarusian sentence quoting Russian and English: each word by its letters.
  auto t = analyser().tokens("рэпрэсіі санкциями prisoners");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_TRUE(same_word("санкции", "санкциями"));
  EXPECT_EQ(t[2].stems, stems_of("prisoner"));
  // A word mixing Latin and Cyrillic letters is kept as it is.
  auto mixed = analyser().tokens("cанкции");  // Latin c
  ASSERT_EQ(mixed.size(), 1u);
  EXPECT_EQ(mixed[0].stems, std::vector<std::string>{"cанкции"});
}

TEST(Analyser, EmptyHugeAndBrokenInputNeverFail) {
  EXPECT_TRUE(analyser().tokens("").empty());
  EXPECT_TRUE(analyser().tokens("  ,.;!? — «»").empty());
  std::string huge(10'000, 'a');
  auto one = analyser().tokens(huge);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_LE(one[0].stems[0].size(), kMaxWordBytes);
  std::string many;
  for (int i = 0; i < 2'000; ++i) many += "слова ";
  EXPECT_EQ(analyser().tokens(many).size(), 2'000u);
  // Invalid UTF-8, NUL and control bytes: analysed without a throw, offsets inside the text.
  const std::string broken = std::string("ab\xff\xfe cd\x00" "ef \xd0", 12) + "\x80\x80 санкции";
  for (const auto& t : analyser().tokens(broken)) {
    EXPECT_LE(t.end, broken.size());
    EXPECT_LT(t.begin, t.end);
  }
}

}  // namespace
}  // namespace barometer::search
