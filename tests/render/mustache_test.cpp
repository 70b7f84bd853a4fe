#include "render/mustache.hpp"

#include <gtest/gtest.h>

#include <string>

namespace barometer::render {
namespace {

TEST(Mustache, EscapesByModeAndTripleBracesNever) {
  struct Case {
    std::string source;
    Escape escape;
    std::string out;
  };
  const Case cases[] = {
      {"{{v}}", Escape::html, "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;"},
      {"{{{v}}}", Escape::html, R"(<a href="x">Tom & Jerry's</a>)"},
      {"{{&v}}", Escape::html, R"(<a href="x">Tom & Jerry's</a>)"},
      {"{{v}}", Escape::none, R"(<a href="x">Tom & Jerry's</a>)"},
      {"{{{v}}}", Escape::none, R"(<a href="x">Tom & Jerry's</a>)"},
  };
  View data = View::object();
  data["v"] = R"(<a href="x">Tom & Jerry's</a>)";
  for (const auto& c : cases) {
    auto out = render_template("t", c.source, data, c.escape);
    ASSERT_TRUE(out.ok()) << c.source;
    EXPECT_EQ(*out, c.out) << c.source;
  }
}

TEST(Mustache, RendersSectionsListsAndPartials) {
  View data = View::object();
  data["show"] = true;
  data["hide"] = false;
  View one = View::object();
  one["name"] = "x";
  data["items"].push(one);
  data["items"].push(one);
  const TemplateSources partials = {{"partials/item", "[{{name}}]"}};
  auto out = render_template("page", "{{#show}}S{{/show}}{{#hide}}H{{/hide}}{{#items}}{{> partials/item}}{{/items}}",
                             data, Escape::html, partials);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(*out, "S[x][x]");
}

TEST(Mustache, ErrorsNameTheLabel) {
  auto checked = check_template("themes/x/templates/bad.mustache", "{{#open}}never closed");
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.code(), ErrorCode::invalid);
  EXPECT_TRUE(checked.error().message.starts_with("themes/x/templates/bad.mustache: ")) << checked.error().message;

  auto rendered = render_template("mail template digest", "{{/close}}", View::object(), Escape::none);
  ASSERT_FALSE(rendered.ok());
  EXPECT_TRUE(rendered.error().message.starts_with("mail template digest: ")) << rendered.error().message;
  EXPECT_TRUE(check_template("fine", "{{a}}{{#b}}{{c}}{{/b}}").ok());
}

}  // namespace
}  // namespace barometer::render
