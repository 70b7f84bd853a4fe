// The compiled engine (render/mustache.cpp) against the library the theme was written for
// (kainjow's mustache, Debian's header, used here as the oracle only): the same templates and
// data, the same bytes. Covers what the theme relies on — standalone section lines dropped, lines
// of other tags kept, lists, objects and strings as sections, dotted names found in outer
// contexts, partials inside sections sharing the line — plus every template of the default theme
// rendered with data that opens each of its sections.
#include <kainjow/mustache.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "render/mustache.hpp"

namespace barometer::render {
namespace {

namespace mst = kainjow::mustache;

mst::data to_kainjow(const View& view) {
  if (view.is_string()) return mst::data(view.as_string());
  if (view.is_bool()) return mst::data(view.as_bool() ? mst::data::type::bool_true : mst::data::type::bool_false);
  if (view.is_list()) {
    mst::data list(mst::data::type::list);
    for (const auto& item : view.as_list()) list.push_back(to_kainjow(item));
    return list;
  }
  mst::data object(mst::data::type::object);
  for (const auto& [key, value] : view.as_object()) object.set(key, to_kainjow(value));
  return object;
}

std::string kainjow_render(const std::string& source, const View& data, const TemplateSources& partials,
                           Escape escape) {
  mst::mustache tmpl(source);
  EXPECT_TRUE(tmpl.is_valid()) << tmpl.error_message();
  if (escape == Escape::none) tmpl.set_custom_escape([](const std::string& s) { return s; });
  mst::data root = to_kainjow(data);
  for (const auto& [name, text] : partials) root.set(name, mst::data(text));
  return tmpl.render(root);
}

void expect_same(const std::string& source, const View& data, const TemplateSources& partials = {},
                 Escape escape = Escape::html) {
  auto ours = render_template("t", source, data, escape, partials);
  ASSERT_TRUE(ours.ok()) << ours.error().message;
  EXPECT_EQ(*ours, kainjow_render(source, data, partials, escape)) << "template:\n" << source;
}

View sample() {
  View v = View::object();
  v["title"] = "Tom & Jerry's <b>\"war\"</b>";
  v["html"] = "<p>safe</p>";
  v["yes"] = true;
  v["no"] = false;
  v["empty"] = View::list();
  v["nothing"] = View::object();
  v["word"] = "w";
  v["t"]["home"]["title"] = "Home";
  v["t"]["more"] = "More";
  for (int i = 0; i < 3; ++i) {
    View item = View::object();
    item["name"] = "item " + std::to_string(i);
    item["last"] = i == 2;
    if (i == 1) item["title"] = "inner title";
    item["tags"].push(View("a"));
    item["tags"].push(View("b"));
    v["items"].push(std::move(item));
  }
  return v;
}

TEST(MustacheCompat, LinesAndWhitespace) {
  const View data = sample();
  for (const std::string source : {
           "a\n{{#yes}}\nb\n{{/yes}}\nc\n",
           "a\n  {{#yes}}  \nb\n  {{/yes}}\t\nc",
           "a\n{{#no}}\nb\n{{/no}}\nc\n",
           "a\n{{^no}}\nb\n{{/no}}\nc\n",
           "a\n{{^yes}}\nb\n{{/yes}}\nc\n",
           "<ul>\n  {{#items}}\n  <li>{{name}}</li>\n  {{/items}}\n</ul>\n",
           "<ul>{{#items}}<li>{{name}}{{^last}}, {{/last}}</li>{{/items}}</ul>",
           "x\n{{! a comment }}\ny\n",
           "x\n  {{missing}}  \ny\r\nz\r{{#yes}}\r\n{{/yes}}\r\n",
           "{{#yes}}one{{/yes}}\n{{#yes}}\n{{/yes}}",
           "trailing {{#yes}}  {{/yes}}",
           "  {{#yes}}  {{/yes}}  ",
           "{{#items}}\n{{#tags}}\n- {{.}}\n{{/tags}}\n{{/items}}\n",
       })
    expect_same(source, data);
}

TEST(MustacheCompat, NamesAndValues) {
  const View data = sample();
  for (const std::string source : {
           "{{title}}|{{{title}}}|{{&title}}|{{ title }}|{{{ html }}}",
           "{{yes}}{{no}}{{items}}{{nothing}}{{missing}}{{}}",
           "{{#items}}[{{title}}]{{/items}}",
           "{{#items}}{{t.home.title}} {{t.more}}{{/items}}",
           "{{t.home.title}}{{t.home.missing}}{{t.nope.title}}",
           "{{#word}}<{{.}}>{{/word}}{{#nothing}}empty object{{/nothing}}{{^nothing}}never{{/nothing}}",
           "{{#empty}}x{{/empty}}{{^empty}}none{{/empty}}{{^missing}}missing{{/missing}}",
           "{{#t.home}}{{title}}{{/t.home}}",
           "{{#items}}{{#last}}{{name}} is last{{/last}}{{/items}}",
       })
    expect_same(source, data);
  expect_same("{{title}} & {{{title}}}", data, {}, Escape::none);
}

TEST(MustacheCompat, Partials) {
  const View data = sample();
  const TemplateSources partials = {
      {"partials/item", "<li>{{name}}</li>\n"},
      {"partials/line", "  {{#yes}}\n  yes\n  {{/yes}}\n"},
      {"partials/nested", "[{{> partials/item}}]"},
  };
  for (const std::string source : {
           "<ul>\n{{#items}}\n  {{> partials/item}}\n{{/items}}\n</ul>\n",
           "a\n{{> partials/line}}\nb\n",
           "{{#items}}{{> partials/nested}}{{/items}}",
           "  {{> partials/item}}  \n",
       })
    expect_same(source, data, partials);
}

// Every template of the default theme, with data that opens every section it names (a shallow
// object of lists holding the sample), against the oracle.
TEST(MustacheCompat, DefaultThemeTemplates) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(BAROMETER_SOURCE_DIR) / "themes" / "default" / "templates";
  auto read = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  TemplateSources partials;
  for (const auto& e : fs::directory_iterator(dir / "partials"))
    partials["partials/" + e.path().stem().string()] = read(e.path());
  View data = sample();
  int rendered = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    expect_same(read(e.path()), data, partials);
    ++rendered;
  }
  EXPECT_GE(rendered, 8);
}

}  // namespace
}  // namespace barometer::render
