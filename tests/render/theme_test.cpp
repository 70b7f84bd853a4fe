#include "render/theme.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/temp_dir.hpp"

namespace barometer::render {
namespace {

void write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

TEST(Theme, RendersNamedTemplateWithPartialsAndEscapes) {
  testing::TempDir dir;
  write(dir.path() / "templates/page.mustache",
        "<h1>{{title}}</h1>{{#items}}{{> partials/item}}{{/items}}<div>{{{body_html}}}</div>");
  write(dir.path() / "templates/partials/item.mustache", "<li>{{name}}</li>");
  auto theme = Theme::load(dir.path().string());
  ASSERT_TRUE(theme.ok()) << theme.error().message;
  View data;
  data["title"] = "A <b>\"quoted\"</b> & 'apos'";
  data["items"].push(View(View::Object{{"name", View("<i>x</i>")}}));
  data["body_html"] = "<p>trusted</p>";
  auto html = theme->render("page", data);
  ASSERT_TRUE(html.ok()) << html.error().message;
  EXPECT_EQ(*html,
            "<h1>A &lt;b&gt;&quot;quoted&quot;&lt;/b&gt; &amp; &apos;apos&apos;</h1>"
            "<li>&lt;i&gt;x&lt;/i&gt;</li><div><p>trusted</p></div>");
}

TEST(Theme, DataNamedLikeAPartialIsNeverUsedAsTemplate) {
  testing::TempDir dir;
  write(dir.path() / "templates/page.mustache", "{{#x}}{{> partials/item}}{{/x}}");
  write(dir.path() / "templates/partials/item.mustache", "[{{v}}]");
  auto theme = Theme::load(dir.path().string());
  ASSERT_TRUE(theme.ok());
  View data;
  data["x"]["item"] = "{{evil}}";
  data["x"]["v"] = "ok";
  EXPECT_EQ(*theme->render("page", data), "[ok]");
}

TEST(Theme, BrokenTemplateIsInvalidNamingTheFile) {
  testing::TempDir dir;
  write(dir.path() / "templates/good.mustache", "ok");
  write(dir.path() / "templates/broken.mustache", "{{#open}} never closed");
  auto theme = Theme::load(dir.path().string());
  ASSERT_FALSE(theme.ok());
  EXPECT_EQ(theme.code(), ErrorCode::invalid);
  EXPECT_NE(theme.error().message.find("broken.mustache"), std::string::npos) << theme.error().message;
}

TEST(Theme, UnknownPartialIsInvalid) {
  testing::TempDir dir;
  write(dir.path() / "templates/page.mustache", "{{> partials/missing}}");
  auto theme = Theme::load(dir.path().string());
  ASSERT_FALSE(theme.ok());
  EXPECT_NE(theme.error().message.find("missing"), std::string::npos);
  EXPECT_NE(theme.error().message.find("page.mustache"), std::string::npos);
}

TEST(Theme, MissingDirectoryIsAnError) {
  auto theme = Theme::load("/nonexistent/theme");
  ASSERT_FALSE(theme.ok());
  EXPECT_EQ(theme.code(), ErrorCode::io);
}

TEST(Theme, UnknownTemplateNameIsNotFound) {
  testing::TempDir dir;
  write(dir.path() / "templates/page.mustache", "x");
  auto theme = Theme::load(dir.path().string());
  ASSERT_TRUE(theme.ok());
  EXPECT_EQ(theme->render("nope", View()).code(), ErrorCode::not_found);
}

}  // namespace
}  // namespace barometer::render
