// WordPress post HTML to the editor's Markdown: what survives (paragraphs, headings, nested lists,
// links, emphasis, quotes, code), what is dropped and reported (scripts, styles, shortcodes),
// and that the post's own text stays text (escaped) and its links cannot run script.
#include <gtest/gtest.h>

#include "render/html_to_markdown.hpp"
#include "render/markdown.hpp"

namespace barometer::render {
namespace {

std::string md(std::string_view html) { return html_to_markdown(html).markdown; }

TEST(HtmlToMarkdown, KeepsTheStructureTheEditorWrites) {
  EXPECT_EQ(md("<h2>Title</h2><p>One <em>two</em> <strong>three</strong>.</p>"), "## Title\n\nOne *two* **three**.");
  EXPECT_EQ(md("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>"), "- a\n\n  - b\n- c");
  EXPECT_EQ(md("<ol><li>x</li><li>y</li></ol>"), "1. x\n2. y");
  EXPECT_EQ(md("<blockquote><p>Said.</p></blockquote>"), "> Said.");
  EXPECT_EQ(md("<p><a href=\"https://x.org/a b\">link</a></p>"), "[link](https://x.org/a%20b)");
  EXPECT_EQ(md("<pre>int x;\n</pre>"), "```\nint x;\n```");
  EXPECT_EQ(md("line one<br>line two"), "line one\\\nline two");
}

TEST(HtmlToMarkdown, StoredWordPressTextHasNoParagraphTags) {
  EXPECT_EQ(md("First paragraph.\n\nSecond <b>bold</b>.\n"), "First paragraph.\n\nSecond **bold**.");
}

TEST(HtmlToMarkdown, DropsAndReportsScriptsStylesAndShortcodes) {
  auto r = html_to_markdown("<p>Text</p><script>alert(1)</script><style>p{}</style>[gallery ids=\"1\"][caption]Cap[/caption]");
  EXPECT_EQ(r.markdown, "Text\n\nCap");
  EXPECT_EQ(r.dropped, (std::vector<std::string>{"script", "shortcode [caption]", "shortcode [gallery]", "style"}));
  EXPECT_EQ(md("See [1] and [Editor's note]"), "See \\[1\\] and \\[Editor's note\\]");
}

TEST(HtmlToMarkdown, TheTextStaysTextAndLinksCannotRunScript) {
  EXPECT_EQ(md("<p>*not bold* &lt;b&gt; # 1. x</p>"), "\\*not bold\\* \\<b\\> \\# 1. x");
  EXPECT_EQ(md("<p>1. not a list</p>"), "1\\. not a list");
  EXPECT_EQ(md("<a href=\"javascript:alert(1)\">x</a>"), "x");
  EXPECT_EQ(md("<img src=\"data:text/html,x\" alt=\"a\">"), "");
  // Through the site's own renderer: no element from the post's text.
  const std::string html = markdown_to_html(md("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"));
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
}

TEST(HtmlToMarkdown, NeverFailsOnJunk) {
  EXPECT_EQ(md(""), "");
  EXPECT_NO_THROW(md("<<<>>>&&&<p><ul><li></b></i></table>\xFF\xFE"));
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "<div>";
  EXPECT_NO_THROW(md(deep + "x"));
}

}  // namespace
}  // namespace barometer::render
