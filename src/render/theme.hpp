// Theme: the Mustache templates of a theme directory, loaded, checked and compiled once at
// start-up (render/mustache.hpp): a page's render walks the compiled tree over its View.
//
//   <dir>/templates/<name>.mustache            pages, rendered by name ("home", "commentary", ...)
//   <dir>/templates/partials/<name>.mustache   pieces, included as {{> partials/<name>}}
//
// Partials are referenced with the "partials/" prefix on purpose: Mustache looks partial names up
// in the data first, and data keys never contain '/', so a data field can never be mistaken for
// a partial.
//
// Escaping: {{name}} is HTML-escaped (& < > " '); {{{name}}} inserts the value as it is and is
// used only for trusted HTML (rendered Markdown). Thread-safe after load (render is const and
// shares nothing mutable).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "render/view.hpp"

namespace barometer::render {

class Theme {
 public:
  // Loads and parses every template and partial. invalid (naming the file and the parser's
  // message) on a syntax error or a reference to a partial that does not exist; io when the
  // directory cannot be read or has no templates.
  static Result<Theme> load(const std::string& theme_dir);

  const std::string& dir() const;
  bool has(std::string_view name) const;
  std::vector<std::string> template_names() const;
  // Renders template `name` with `data`; `globals` (optional) answers the names `data` lacks
  // (the public pages' "t" strings, built once per snapshot instead of copied into each page).
  // not_found for an unknown name; invalid if rendering fails (partials nested too deep).
  Result<std::string> render(std::string_view name, const View& data, const View* globals = nullptr) const;
  // Renders a partial on its own (e.g. "marker"), for tests and fragments.
  Result<std::string> render_partial(std::string_view name, const View& data) const;

  struct Impl;

 private:
  explicit Theme(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace barometer::render
