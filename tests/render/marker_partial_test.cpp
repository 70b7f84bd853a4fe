// Golden-ish tests of the default theme's marker partials.
#include <gtest/gtest.h>

#include "render/theme.hpp"
#include "support/temp_dir.hpp"

namespace barometer::render {
namespace {

const Theme& theme() {
  static const Theme t = *Theme::load((testing::source_dir() / "themes/default").string());
  return t;
}

View marker(const char* assessment, const char* icon, const char* words) {
  return View(View::Object{{"assessment", View(assessment)}, {"icon", View(icon)}, {"words", View(words)}});
}

TEST(MarkerPartial, ColourClassIconAndWords) {
  auto html = theme().render_partial("marker", marker("worse", "▼", "The situation got worse"));
  ASSERT_TRUE(html.ok()) << html.error().message;
  EXPECT_EQ(*html,
            "<span class=\"marker marker--worse\"><span class=\"marker__icon\" aria-hidden=\"true\">▼</span> "
            "<span class=\"marker__words\">The situation got worse</span></span>\n");
  auto better = theme().render_partial("marker", marker("better", "▲", "Сітуацыя палепшылася"));
  EXPECT_NE(better->find("marker--better"), std::string::npos);
  EXPECT_NE(better->find(">▲<"), std::string::npos);
  EXPECT_NE(better->find("Сітуацыя палепшылася"), std::string::npos);
}

TEST(MarkerPartial, WordsAreEscaped) {
  auto html = theme().render_partial("marker", marker("unchanged", "■", "<i>x</i>"));
  EXPECT_NE(html->find("&lt;i&gt;x&lt;/i&gt;"), std::string::npos);
  EXPECT_EQ(html->find("<i>"), std::string::npos);
}

TEST(MarkerPartial, OutlookPartial) {
  View v = View::object();
  v["outlook"] = "risk";
  v["outlook_icon"] = "!";
  v["outlook_words"] = "Risk: a deterioration is likely soon";
  auto html = theme().render_partial("outlook", v);
  ASSERT_TRUE(html.ok());
  EXPECT_EQ(*html,
            "<span class=\"outlook outlook--risk\"><span class=\"outlook__icon\" aria-hidden=\"true\">!</span> "
            "Risk: a deterioration is likely soon</span>\n");
}

TEST(DefaultTheme, LoadsWithEveryPageTemplate) {
  for (const char* name : {"home", "period", "topic", "commentary", "author", "page", "error"})
    EXPECT_TRUE(theme().has(name)) << name;
}

}  // namespace
}  // namespace barometer::render
