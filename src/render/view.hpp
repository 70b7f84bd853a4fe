// View: the data a template is rendered with, a small tree of strings, booleans, lists and
// objects. Kept free of the Mustache library so that view models can be built anywhere
// (render/, web/views/) without pulling its heavy header into every translation unit.
//
// Strings are plain text: templates escape them with {{name}}. Only values that are already safe
// HTML (rendered Markdown, see markdown.hpp) may be inserted with {{{name}}}.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace barometer::render {

class View {
 public:
  using List = std::vector<View>;
  using Object = std::map<std::string, View, std::less<>>;

  View() : value_(false) {}                                    // false: hides {{#x}} sections
  View(std::string s) : value_(std::move(s)) {}                // NOLINT: implicit by design
  View(const char* s) : value_(std::string(s)) {}              // NOLINT
  View(bool b) : value_(b) {}                                  // NOLINT
  View(List list) : value_(std::move(list)) {}                 // NOLINT
  View(Object object) : value_(std::move(object)) {}           // NOLINT
  static View object() { return View(Object{}); }
  static View list() { return View(List{}); }

  // Object access: makes this an object if it is not one; returns the member (created false).
  View& operator[](const std::string& key);
  // A member of an object, or nullptr (also when this is not an object).
  const View* find(std::string_view key) const;
  // Appends to a list (makes this a list if it is not one); returns the new element.
  View& push(View item);

  bool is_string() const { return std::holds_alternative<std::string>(value_); }
  bool is_bool() const { return std::holds_alternative<bool>(value_); }
  bool is_list() const { return std::holds_alternative<List>(value_); }
  bool is_object() const { return std::holds_alternative<Object>(value_); }
  const std::string& as_string() const { return std::get<std::string>(value_); }
  bool as_bool() const { return std::get<bool>(value_); }
  const List& as_list() const { return std::get<List>(value_); }
  const Object& as_object() const { return std::get<Object>(value_); }

 private:
  std::variant<bool, std::string, List, Object> value_;
};

}  // namespace barometer::render
