#include "domain/text.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

namespace barometer {
namespace {

using namespace std::string_view_literals;  // "a\0b"sv keeps its NUL

TEST(HtmlEscape, EscapesTheFiveSpecialCharactersAndCopiesTheRest) {
  struct Case {
    std::string_view in, out;
  };
  const Case cases[] = {
      {"", ""},
      {"plain text", "plain text"},
      {"a & b", "a &amp; b"},
      {"<script>", "&lt;script&gt;"},
      {R"("quoted")", "&quot;quoted&quot;"},
      {"it's", "it&#39;s"},
      {"&amp;", "&amp;amp;"},  // already escaped text is escaped again: the input is text, not HTML
      {"Беларусь <3", "Беларусь &lt;3"},
      {"\xFF\xFE<", "\xFF\xFE&lt;"},  // invalid UTF-8 passes through unchanged
      {"a\0b"sv, "a\0b"sv},
  };
  for (const auto& c : cases) EXPECT_EQ(html_escape(c.in), c.out) << c.in;
}

TEST(PercentDecode, DecodesEscapesAndRefusesMalformedInput) {
  struct Case {
    std::string_view in;
    PlusSign plus;
    std::optional<std::string> out;
  };
  const Case cases[] = {
      {"", PlusSign::literal, ""},
      {"abc", PlusSign::literal, "abc"},
      {"a%20b", PlusSign::literal, "a b"},
      {"%d0%B1", PlusSign::literal, "\xD0\xB1"},  // either case of hex digit
      {"%2F", PlusSign::literal, "/"},
      {"a+b", PlusSign::literal, "a+b"},
      {"a+b", PlusSign::space, "a b"},
      {"%2B", PlusSign::space, "+"},  // an encoded plus stays a plus
      {"%FF", PlusSign::literal, "\xFF"},  // bytes are not checked for UTF-8
      {"%", PlusSign::literal, std::nullopt},
      {"%2", PlusSign::literal, std::nullopt},
      {"ab%4", PlusSign::literal, std::nullopt},
      {"%zz", PlusSign::literal, std::nullopt},
      {"%4g", PlusSign::literal, std::nullopt},
      {"%00", PlusSign::literal, std::nullopt},
      {"a\0b"sv, PlusSign::literal, std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(percent_decode(c.in, c.plus), c.out) << c.in;
}

TEST(Utf8Prefix, NeverEndsInsideASequence) {
  struct Case {
    std::string_view in;
    std::size_t max;
    std::string_view out;
  };
  const Case cases[] = {
      {"", 0, ""},
      {"", 5, ""},
      {"abc", 3, "abc"},
      {"abc", 10, "abc"},
      {"abc", 2, "ab"},
      {"abc", 0, ""},
      // Two-byte "б" (D0 B1): a cut after its first byte drops the whole character.
      {"a\xD0\xB1", 2, "a"},
      {"a\xD0\xB1", 3, "a\xD0\xB1"},
      {"\xD0\xB1\xD0\xB1", 3, "\xD0\xB1"},
      // Three-byte "€" (E2 82 AC) and four-byte U+1F600 (F0 9F 98 80), cut at every byte.
      {"x\xE2\x82\xAC", 1, "x"},
      {"x\xE2\x82\xAC", 2, "x"},
      {"x\xE2\x82\xAC", 3, "x"},
      {"x\xE2\x82\xACy", 4, "x\xE2\x82\xAC"},
      {"\xF0\x9F\x98\x80z", 1, ""},
      {"\xF0\x9F\x98\x80z", 3, ""},
      {"\xF0\x9F\x98\x80z", 4, "\xF0\x9F\x98\x80"},
      // Invalid input: a lone lead byte is kept (the input was broken there already) ...
      {"a\xE2z", 2, "a\xE2"},
      // ... stray continuation bytes are backed over at most three times, never to nothing.
      {"\x80\x80", 1, "\x80"},
      {"a\x80\x80\x80\x80\x80", 5, "a\x80\x80\x80\x80"},
      {"ab\x80\x80\x80", 4, "a"},  // three backed over: stray bytes have no sequence to keep whole
  };
  for (const auto& c : cases) {
    EXPECT_EQ(utf8_prefix(c.in, c.max), c.out) << "max " << c.max;
    EXPECT_LE(utf8_prefix(c.in, c.max).size(), c.max);
  }
}

TEST(Utf8Length, CountsCodePointsAndEachStrayByteOnce) {
  struct Case {
    std::string_view in;
    std::size_t out;
  };
  const Case cases[] = {
      {"", 0},
      {"abc", 3},
      {"Беларусь", 8},
      {"x\xE2\x82\xAC", 2},
      {"\xF0\x9F\x98\x80", 1},
      {"\xE2\x82", 1},      // truncated sequence: its lead byte counts
      {"\x80\x80", 0},      // stray continuations count as nothing, as in SQL
      {"\xFF\xFE", 2},
  };
  for (const auto& c : cases) EXPECT_EQ(utf8_length(c.in), c.out) << c.in;
}

}  // namespace
}  // namespace barometer
