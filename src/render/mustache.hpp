// Mustache rendering of a View: the one place that uses the Mustache library (kainjow, a heavy
// header kept out of every other translation unit). The site's Theme and the newsletter's
// MailTemplates both render through here, so pages and mail read one dialect and escape alike.
//
// Contract: pure functions of their arguments, thread-safe; the template is parsed on each call
// (callers check it once at load with check_template). Errors are values, never exceptions.
#pragma once

#include <map>
#include <string>
#include <string_view>

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

// Parses `source`. invalid("<label>: <the parser's message>") on a syntax error.
Status check_template(std::string_view label, const std::string& source);

// Renders `source` with `data`. `partials` are what {{> name}} can include; they are looked up
// in the root object, so with partials a `data` that is not an object renders as an empty
// object. invalid("<label>: <message>") when the template does not parse or render.
Result<std::string> render_template(std::string_view label, const std::string& source, const View& data,
                                    Escape escape, const TemplateSources& partials = {});

}  // namespace barometer::render
