// Mustache rendering of a View: templates are compiled once into a tree of nodes, then rendered
// straight from the View (no copy of the data into another tree). The site's Theme and the
// newsletter's MailTemplates both render through here, so pages and mail read one dialect and
// escape alike.
//
// The dialect is the one the theme was written against (kainjow's mustache, which the engine
// replaced in issue 15; tests/render/mustache_compat_test.cpp renders the same templates with both):
//  - {{name}} escaped, {{{name}}} and {{&name}} as they are; a name missing, or naming a boolean,
//    list or object, renders nothing. {{.}} is the current item; {{a.b}} is looked up as a whole
//    path in each context from the innermost out.
//  - {{#name}} renders its body for each item of a non-empty list, once with the value as the
//    context for any other value except false (an empty object, a string: once); {{^name}} when
//    the name is missing, false or an empty list.
//  - {{> name}} includes a partial; {{! comment}}.
//  - A line that held a rendered section tag ({{#..}}, {{^..}}, {{/..}}) and is otherwise only
//    spaces and tabs is dropped with its newline; lines of other tags are kept. No indentation is
//    added to partials. Set-delimiter tags ({{=<% %>=}}) are refused as invalid.
//
// Contract: a Template is immutable after compile() and may be rendered from any number of
// threads at once. Errors are values, never exceptions.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "render/view.hpp"

namespace barometer::render {

// What {{name}} does to a string. {{{name}}} always inserts it as it is.
enum class Escape {
  html,  // & < > " ' become &amp; &lt; &gt; &quot; &apos; (pages, the HTML part of mail)
  none,  // inserted as it is: plain-text mail, where "&" and quotes must reach the reader
};

// Template sources by name, as {{> name}} refers to them.
using TemplateSources = std::map<std::string, std::string, std::less<>>;

class Template;
// Compiled partials by name.
using CompiledTemplates = std::map<std::string, Template, std::less<>>;

class Template {
 public:
  // Parses `source`. invalid("<label>: <message>") on a syntax error.
  static Result<Template> compile(std::string_view label, std::string_view source);

  // Renders with `data` as the outermost context. `globals` (optional) is looked up after every
  // context of `data`, as if its members were members of `data` that `data` does not have (the
  // page's constant strings, shared instead of copied into each page's View). {{> name}} finds
  // `name` in `partials`; an unknown partial renders nothing (Theme checks references at load).
  // invalid("<label>: ...") when partials nest deeper than 64.
  Result<std::string> render(const View& data, Escape escape, const CompiledTemplates* partials = nullptr,
                             const View* globals = nullptr) const;

  // Every {{> name}} in the template (in order of appearance, with repeats).
  std::vector<std::string> partial_names() const;

  struct Node;
  const std::vector<Node>& nodes() const;

 private:
  Template() = default;
  std::string label_;
  std::shared_ptr<const std::vector<Node>> nodes_;
};

// Parses `source`. invalid("<label>: <the parser's message>") on a syntax error.
Status check_template(std::string_view label, const std::string& source);

// Compiles and renders `source` with `data` in one go (mail, tests). `partials` are what
// {{> name}} can include. invalid("<label>: <message>") when the template does not parse.
Result<std::string> render_template(std::string_view label, const std::string& source, const View& data,
                                    Escape escape, const TemplateSources& partials = {});

}  // namespace barometer::render
