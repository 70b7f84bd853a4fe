#include "render/theme.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "render/mustache.hpp"

namespace barometer::render {

namespace fs = std::filesystem;

struct Theme::Impl {
  std::string dir;
  CompiledTemplates templates;  // name -> compiled once at load
  CompiledTemplates partials;   // "partials/x" -> compiled once at load
};

namespace {

constexpr std::string_view kExtension = ".mustache";
constexpr std::string_view kPartialPrefix = "partials/";

Result<TemplateSources> read_templates(const fs::path& dir, std::string_view prefix) {
  TemplateSources out;
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

Result<std::string> render_compiled(const Theme::Impl& impl, const Template& tmpl, const View& data,
                                    const View* globals) {
  // Pages render from an object; anything else renders as an empty one (partials or not).
  static const View kEmpty = View::object();
  return tmpl.render(data.is_object() ? data : kEmpty, Escape::html, &impl.partials, globals);
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
  auto compile = [&](const std::string& label, const std::string& source) -> Result<Template> {
    auto compiled = Template::compile(label, source);
    if (!compiled) return compiled.error();
    for (const auto& ref : compiled->partial_names()) {
      if (!partials->contains(ref))
        return invalid(label + ": unknown partial '" + ref + "' (partials are written {{> partials/name}})");
    }
    return compiled;
  };
  for (const auto& [name, source] : *templates) {
    auto compiled = compile((templates_dir / (name + ".mustache")).string(), source);
    if (!compiled) return compiled.error();
    impl->templates.emplace(name, std::move(*compiled));
  }
  for (const auto& [name, source] : *partials) {
    auto compiled = compile((templates_dir / (name + ".mustache")).string(), source);
    if (!compiled) return compiled.error();
    impl->partials.emplace(name, std::move(*compiled));
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

Result<std::string> Theme::render(std::string_view name, const View& data, const View* globals) const {
  auto it = impl_->templates.find(name);
  if (it == impl_->templates.end()) return not_found("no template " + std::string(name));
  return render_compiled(*impl_, it->second, data, globals);
}

Result<std::string> Theme::render_partial(std::string_view name, const View& data) const {
  auto it = impl_->partials.find(std::string(kPartialPrefix) + std::string(name));
  if (it == impl_->partials.end()) return not_found("no partial " + std::string(name));
  return render_compiled(*impl_, it->second, data, nullptr);
}

}  // namespace barometer::render
