// MailTemplates: the Mustache templates of a theme's mail/ directory, loaded and checked once.
//
//   <theme>/mail/<name>.html.mustache   the HTML part: {{x}} is HTML-escaped
//   <theme>/mail/<name>.txt.mustache    the plain-text part: rendered without any escaping
//
// Names in the default theme: "digest", "confirmation". Thread-safe after load (render is const).
#pragma once

#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "render/mustache.hpp"
#include "render/view.hpp"

namespace barometer::newsletter {

class MailTemplates {
 public:
  // Loads every *.html.mustache / *.txt.mustache of `<theme_dir>/mail`. io when the directory is
  // missing or unreadable; invalid (naming the file) on a Mustache syntax error.
  static Result<MailTemplates> load(const std::string& theme_dir);

  bool has(std::string_view name) const;
  // not_found for an unknown name; invalid when rendering fails.
  Result<std::string> html(std::string_view name, const render::View& data) const;
  Result<std::string> text(std::string_view name, const render::View& data) const;

 private:
  render::TemplateSources html_;  // name -> source
  render::TemplateSources text_;
};

}  // namespace barometer::newsletter
