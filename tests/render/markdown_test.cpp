#include "render/markdown.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace barometer::render {
namespace {

TEST(Markdown, RendersCommonMarkAndGfmExtensions) {
  const std::string html = markdown_to_html(
      "Over the past *week*:\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ "
      "https://example.org/x\n");
  EXPECT_NE(html.find("<em>week</em>"), std::string::npos) << html;
  EXPECT_NE(html.find("<li>one</li>"), std::string::npos) << html;
  EXPECT_NE(html.find("<table>"), std::string::npos) << html;
  EXPECT_NE(html.find("<td>1</td>"), std::string::npos) << html;
  EXPECT_NE(html.find("<del>gone</del>"), std::string::npos) << html;
  EXPECT_NE(html.find("<a href=\"https://example.org/x\">"), std::string::npos) << html;
}

TEST(Markdown, RawHtmlIsNeverPassedThrough) {
  const std::string html = markdown_to_html(
      "<script>alert(1)</script>\n\nText <img src=x onerror=alert(2)> and <b onclick=\"x()\">b</b>\n\n"
      "<iframe src=\"https://evil.example\"></iframe>\n");
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("<img"), std::string::npos) << html;
  EXPECT_EQ(html.find("onerror"), std::string::npos) << html;
  EXPECT_EQ(html.find("onclick"), std::string::npos) << html;
  EXPECT_EQ(html.find("<iframe"), std::string::npos) << html;
  EXPECT_NE(html.find("raw HTML omitted"), std::string::npos) << html;
}

TEST(Markdown, DangerousLinkSchemesAreEmptied) {
  const std::string html = markdown_to_html(
      "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](vbscript:msgbox) [d](data:text/html;base64,PHNjcmlwdD4=)"
      " [e](file:///etc/passwd) ![i](javascript:alert(3)) <javascript:alert(4)> [ok](https://example.org/)\n");
  // Every URL attribute is either emptied or the one safe link.
  static const std::regex kUrlAttr(R"re((href|src)="([^"]*)")re");
  int urls = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kUrlAttr); it != std::sregex_iterator(); ++it) {
    ++urls;
    const std::string value = (*it)[2].str();
    EXPECT_TRUE(value.empty() || value == "https://example.org/") << value << " in " << html;
  }
  EXPECT_EQ(urls, 8) << html;
  EXPECT_NE(html.find("href=\"https://example.org/\""), std::string::npos) << html;
  EXPECT_NE(html.find("<a href=\"\">a</a>"), std::string::npos) << html;
}

TEST(Markdown, AttributeValuesAreEscaped) {
  const std::string html = markdown_to_html("[x](https://e.org/\"onmouseover=\"alert(1))\n");
  EXPECT_EQ(html.find("\"onmouseover"), std::string::npos) << html;
}

TEST(Markdown, EmptyAndInvalidUtf8AreSafe) {
  EXPECT_EQ(markdown_to_html(""), "");
  const std::string html = markdown_to_html(std::string("bad \xff\xfe bytes"));
  EXPECT_NE(html.find("bad"), std::string::npos);
  EXPECT_EQ(html.find('\xff'), std::string::npos);
}

TEST(Markdown, PlainExcerptTakesFirstParagraphWithoutMarkup) {
  EXPECT_EQ(markdown_to_plain_excerpt("# Head\n\nSome *very* `plain` text.\n\nSecond."),
            "Some very plain text.");
  const std::string cut = markdown_to_plain_excerpt("один два три четыре пять", 12);
  EXPECT_EQ(cut, "один…");
}

}  // namespace
}  // namespace barometer::render
