#include "render/theme.hpp"

#include <kainjow/mustache.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace barometer::render {

namespace fs = std::filesystem;
namespace mst = kainjow::mustache;

struct Theme::Impl {
  std::string dir;
  std::map<std::string, std::string, std::less<>> templates;  // name -> source
  std::map<std::string, std::string, std::less<>> partials;   // "partials/x" -> source
};

namespace {

constexpr std::string_view kExtension = ".mustache";
constexpr std::string_view kPartialPrefix = "partials/";

Result<std::map<std::string, std::string, std::less<>>> read_templates(const fs::path& dir,
                                                                       std::string_view prefix) {
  std::map<std::string, std::string, std::less<>> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    const std::string file = entry.path().filename().string();
    if (file.size() <= kExtension.size() || !file.ends_with(kExtension)) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    if (!in) return io_error("cannot read template " + entry.path().string());
    std::ostringstream text;
    text << in.rdbuf();
    out.emplace(std::string(prefix) + file.substr(0, file.size() - kExtension.size()), text.str());
  }
  if (ec) return io_error("cannot list " + dir.string() + ": " + ec.message());
  return out;
}

// Every {{> name}} in `source`.
std::vector<std::string> partial_references(const std::string& source) {
  static const std::regex kPartialTag(R"(\{\{>\s*([^\s}]+)\s*\}\})");
  std::vector<std::string> names;
  for (auto it = std::sregex_iterator(source.begin(), source.end(), kPartialTag);
       it != std::sregex_iterator(); ++it)
    names.push_back((*it)[1].str());
  return names;
}

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

Result<std::string> render_source(const Theme::Impl& impl, const std::string& name,
                                  const std::string& source, const View& data) {
  mst::mustache tmpl(source);
  if (!tmpl.is_valid()) return invalid(name + ": " + tmpl.error_message());
  mst::data root = data.is_object() ? to_mustache(data) : mst::data(mst::data::type::object);
  for (const auto& [partial_name, partial_source] : impl.partials) root.set(partial_name, mst::data(partial_source));
  std::string html = tmpl.render(root);
  if (!tmpl.is_valid()) return invalid(name + ": " + tmpl.error_message());
  return html;
}

}  // namespace

Result<Theme> Theme::load(const std::string& theme_dir) {
  auto impl = std::make_shared<Impl>();
  impl->dir = theme_dir;
  const fs::path templates_dir = fs::path(theme_dir) / "templates";
  auto templates = read_templates(templates_dir, "");
  if (!templates) return templates.error();
  auto partials = read_templates(templates_dir / "partials", kPartialPrefix);
  if (!partials) return partials.error();
  if (templates->empty()) return io_error("no templates in " + templates_dir.string());
  impl->templates = std::move(*templates);
  impl->partials = std::move(*partials);

  auto check = [&](const std::string& label, const std::string& source) -> Status {
    mst::mustache tmpl(source);
    if (!tmpl.is_valid()) return invalid(label + ": " + tmpl.error_message());
    for (const auto& ref : partial_references(source)) {
      if (!impl->partials.contains(ref))
        return invalid(label + ": unknown partial '" + ref + "' (partials are written {{> partials/name}})");
    }
    return {};
  };
  for (const auto& [name, source] : impl->templates) {
    if (auto st = check((templates_dir / (name + ".mustache")).string(), source); !st) return st.error();
  }
  for (const auto& [name, source] : impl->partials) {
    if (auto st = check((templates_dir / (name + ".mustache")).string(), source); !st) return st.error();
  }
  return Theme(std::move(impl));
}

const std::string& Theme::dir() const { return impl_->dir; }

bool Theme::has(std::string_view name) const { return impl_->templates.contains(name); }

std::vector<std::string> Theme::template_names() const {
  std::vector<std::string> names;
  for (const auto& [name, source] : impl_->templates) names.push_back(name);
  return names;
}

Result<std::string> Theme::render(std::string_view name, const View& data) const {
  auto it = impl_->templates.find(name);
  if (it == impl_->templates.end()) return not_found("no template " + std::string(name));
  return render_source(*impl_, it->first, it->second, data);
}

Result<std::string> Theme::render_partial(std::string_view name, const View& data) const {
  auto it = impl_->partials.find(std::string(kPartialPrefix) + std::string(name));
  if (it == impl_->partials.end()) return not_found("no partial " + std::string(name));
  return render_source(*impl_, it->first, it->second, data);
}

}  // namespace barometer::render
