#include "i18n/catalogue.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.hpp"

namespace barometer {
namespace {

std::string fixture(const std::string& name) {
  return (testing::source_dir() / "tests" / "i18n" / "fixtures" / name).string();
}

Catalogue load_ok(const std::string& name, const std::string& locale) {
  auto catalogue = Catalogue::load(fixture(name), locale);
  EXPECT_TRUE(catalogue.ok()) << (catalogue.ok() ? "" : catalogue.error().message);
  return catalogue.ok() ? std::move(catalogue).value() : Catalogue{};
}

TEST(Catalogue, FlattensNestedTablesToDottedKeys) {
  Catalogue en = load_ok("en.toml", "en");
  EXPECT_EQ(en.text("site_name"), "Belarus Barometer");
  EXPECT_EQ(en.text("marker.worse"), "The situation got worse");
  EXPECT_EQ(en.text("nav.footer.about"), "About");
  EXPECT_TRUE(en.has("marker.better"));
  EXPECT_FALSE(en.has("marker"));
  EXPECT_EQ(en.entries().size(), 8u);
  EXPECT_EQ(en.icu_locale(), "en");
}

TEST(Catalogue, MissingKeyShowsItself) {
  Catalogue en = load_ok("en.toml", "en");
  EXPECT_EQ(en.text("no.such.key"), "no.such.key");
  // Two misses in one expression keep their own text.
  EXPECT_EQ(en.text("first.missing") + "|" + en.text("second.missing"), "first.missing|second.missing");
  EXPECT_EQ(en.format("no.such.key", {}, {{"count", 1}}), "no.such.key");
}

TEST(Catalogue, TextIsTheRawPattern) {
  Catalogue en = load_ok("en.toml", "en");
  EXPECT_EQ(en.text("greeting"), "Hello, {name}!");
}

TEST(Catalogue, FormatsNamedStringAndNumberArguments) {
  Catalogue en = load_ok("en.toml", "en");
  EXPECT_EQ(en.format("greeting", {{"name", "Alesia"}}), "Hello, Alesia!");
  EXPECT_EQ(en.format("week_of", {}, {{"week", 9}, {"year", 2022}}), "Week 9 of 2022");
  Catalogue be = load_ok("be.toml", "be_BY");
  EXPECT_EQ(be.format("greeting", {{"name", "Алеся"}}), "Вітаем, Алеся!");
  EXPECT_EQ(be.format("week_of", {}, {{"week", 9}, {"year", 2022}}), "Тыдзень 9 2022 года");
}

TEST(Catalogue, MissingArgumentLeavesThePlaceholder) {
  Catalogue en = load_ok("en.toml", "en");
  EXPECT_EQ(en.format("greeting", {}), "Hello, {name}!");
}

struct PluralCase {
  long long count;
  const char* en;
  const char* be;
  const char* ru;
};

class CataloguePluralTest : public ::testing::TestWithParam<PluralCase> {};

TEST_P(CataloguePluralTest, FollowsEachLanguage) {
  static const Catalogue en = load_ok("en.toml", "en");
  static const Catalogue be = load_ok("be.toml", "be_BY");
  static const Catalogue ru = load_ok("ru.toml", "ru_RU");
  const PluralCase& c = GetParam();
  EXPECT_EQ(en.format("commentaries_count", {}, {{"count", c.count}}), c.en);
  EXPECT_EQ(be.format("commentaries_count", {}, {{"count", c.count}}), c.be);
  EXPECT_EQ(ru.format("commentaries_count", {}, {{"count", c.count}}), c.ru);
}

INSTANTIATE_TEST_SUITE_P(
    Counts, CataloguePluralTest,
    ::testing::Values(
        PluralCase{0, "0 commentaries", "0 каментароў", "0 комментариев"},
        PluralCase{1, "1 commentary", "1 каментар", "1 комментарий"},
        PluralCase{2, "2 commentaries", "2 каментары", "2 комментария"},
        PluralCase{5, "5 commentaries", "5 каментароў", "5 комментариев"},
        PluralCase{11, "11 commentaries", "11 каментароў", "11 комментариев"},
        PluralCase{21, "21 commentaries", "21 каментар", "21 комментарий"},
        PluralCase{22, "22 commentaries", "22 каментары", "22 комментария"},
        PluralCase{25, "25 commentaries", "25 каментароў", "25 комментариев"},
        PluralCase{111, "111 commentaries", "111 каментароў", "111 комментариев"},
        // Numbers are written the language's way: U+00A0 groups thousands in be and ru.
        PluralCase{1001, "1,001 commentaries", "1\u00A0001 каментар", "1\u00A0001 комментарий"}));

TEST(Catalogue, BrokenTomlNamesFileAndLine) {
  auto result = Catalogue::load(fixture("broken_syntax.toml"), "en");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.code(), ErrorCode::invalid);
  const std::string& message = result.error().message;
  EXPECT_NE(message.find("broken_syntax.toml:2:"), std::string::npos) << message;
  EXPECT_NE(message.find("TOML"), std::string::npos) << message;
}

TEST(Catalogue, BrokenPatternNamesFileLineAndKey) {
  auto result = Catalogue::load(fixture("broken_pattern.toml"), "en");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.code(), ErrorCode::invalid);
  const std::string& message = result.error().message;
  EXPECT_NE(message.find("broken_pattern.toml:5:"), std::string::npos) << message;
  EXPECT_NE(message.find("'marker.count'"), std::string::npos) << message;
  EXPECT_NE(message.find("ICU"), std::string::npos) << message;
}

TEST(Catalogue, NonStringValueIsInvalid) {
  auto result = Catalogue::load(fixture("not_a_string.toml"), "en");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("not_a_string.toml:2:"), std::string::npos) << result.error().message;
  EXPECT_NE(result.error().message.find("'limit'"), std::string::npos) << result.error().message;
}

TEST(Catalogue, MissingFileIsIoError) {
  auto result = Catalogue::load(fixture("does_not_exist.toml"), "en");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.code(), ErrorCode::io);
  EXPECT_NE(result.error().message.find("does_not_exist.toml"), std::string::npos);
}

TEST(Catalogue, InvalidUtf8IsRejectedNotCrashed) {
  testing::TempDir dir;
  std::ofstream(dir.file("bad.toml"), std::ios::binary) << "key = \"abc\xff\xfe\"\n";
  auto result = Catalogue::load(dir.file("bad.toml"), "en");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.code(), ErrorCode::invalid);
  EXPECT_NE(result.error().message.find("bad.toml:1:"), std::string::npos) << result.error().message;
}

TEST(Catalogue, EmptyFileIsAnEmptyCatalogue) {
  testing::TempDir dir;
  std::ofstream(dir.file("empty.toml")) << "# nothing yet\n";
  auto result = Catalogue::load(dir.file("empty.toml"), "en");
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->entries().empty());
}

TEST(Catalogues, LoadsEveryLanguageOfTheSite) {
  std::vector<Language> languages = {{"en", "English", "en"}, {"be", "Беларуская", "be_BY"}, {"ru", "Русский", "ru_RU"}};
  auto catalogues = Catalogues::load(fixture(""), languages);
  ASSERT_TRUE(catalogues.ok()) << catalogues.error().message;
  ASSERT_NE(catalogues->find("be"), nullptr);
  EXPECT_EQ(catalogues->find("be")->text("marker.worse"), "Сітуацыя пагоршылася");
  EXPECT_EQ(catalogues->find("ru")->format("commentaries_count", {}, {{"count", 3}}), "3 комментария");
  EXPECT_EQ(catalogues->find("en")->icu_locale(), "en");
  EXPECT_EQ(catalogues->find("de"), nullptr);
}

TEST(Catalogues, MissingLanguageFileFailsNamingIt) {
  std::vector<Language> languages = {{"en", "English", "en"}, {"pl", "Polski", "pl_PL"}};
  auto catalogues = Catalogues::load(fixture(""), languages);
  ASSERT_FALSE(catalogues.ok());
  EXPECT_NE(catalogues.error().message.find("pl.toml"), std::string::npos) << catalogues.error().message;
}

}  // namespace
}  // namespace barometer

namespace barometer {
namespace {

TEST(CatalogueParse, InlineTextWithSourceNameInErrors) {
  auto ok = Catalogue::parse("[a]\nb = \"{n, plural, one {# week} other {# weeks}}\"\n", "inline.toml", "en");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->format("a.b", {}, {{"n", 3}}), "3 weeks");

  auto bad = Catalogue::parse("x = \"ok\"\n\n[oops\n", "inline.toml", "en");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("inline.toml:3:"), std::string::npos) << bad.error().message;
}

TEST(CatalogueParse, DottedKeyDefinedTwiceIsInvalid) {
  auto result = Catalogue::parse("\"a.b\" = \"one\"\n[a]\nb = \"two\"\n", "dup.toml", "en");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("'a.b' is defined twice"), std::string::npos) << result.error().message;
}

TEST(CatalogueParse, ArraysAndNumbersAreNotMessages) {
  EXPECT_FALSE(Catalogue::parse("list = [\"a\", \"b\"]\n", "x.toml", "en").ok());
  EXPECT_FALSE(Catalogue::parse("[[items]]\nname = \"a\"\n", "x.toml", "en").ok());
  EXPECT_FALSE(Catalogue::parse("flag = true\n", "x.toml", "en").ok());
}

}  // namespace
}  // namespace barometer
