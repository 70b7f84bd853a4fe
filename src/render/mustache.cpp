#include "render/mustache.hpp"

#include <kainjow/mustache.hpp>

namespace barometer::render {
namespace {

namespace mst = kainjow::mustache;

mst::data to_mustache(const View& view) {
  if (view.is_string()) return mst::data(view.as_string());
  if (view.is_bool()) return mst::data(view.as_bool() ? mst::data::type::bool_true : mst::data::type::bool_false);
  if (view.is_list()) {
    mst::data list(mst::data::type::list);
    for (const auto& item : view.as_list()) list.push_back(to_mustache(item));
    return list;
  }
  mst::data object(mst::data::type::object);
  for (const auto& [key, value] : view.as_object()) object.set(key, to_mustache(value));
  return object;
}

Error template_error(std::string_view label, const mst::mustache& tmpl) {
  return invalid(std::string(label) + ": " + tmpl.error_message());
}

}  // namespace

Status check_template(std::string_view label, const std::string& source) {
  mst::mustache tmpl(source);
  if (!tmpl.is_valid()) return template_error(label, tmpl);
  return {};
}

Result<std::string> render_template(std::string_view label, const std::string& source, const View& data,
                                    Escape escape, const TemplateSources& partials) {
  mst::mustache tmpl(source);
  if (!tmpl.is_valid()) return template_error(label, tmpl);
  // The library's own escaping is the html one; only plain text swaps it out.
  if (escape == Escape::none) tmpl.set_custom_escape([](const std::string& s) { return s; });
  mst::data root;
  if (partials.empty()) {
    root = to_mustache(data);
  } else {
    // The library finds partials among the data, so they go into the root object.
    root = data.is_object() ? to_mustache(data) : mst::data(mst::data::type::object);
    for (const auto& [name, partial_source] : partials) root.set(name, mst::data(partial_source));
  }
  std::string out = tmpl.render(root);
  if (!tmpl.is_valid()) return template_error(label, tmpl);
  return out;
}

}  // namespace barometer::render
