#include "render/theme.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "render/mustache.hpp"

namespace barometer::render {

namespace fs = std::filesystem;

struct Theme::Impl {
  std::string dir;
  TemplateSources templates;  // name -> source
  TemplateSources partials;   // "partials/x" -> source
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

// Every {{> name}} in `source`.
std::vector<std::string> partial_references(const std::string& source) {
  static const std::regex kPartialTag(R"(\{\{>\s*([^\s}]+)\s*\}\})");
  std::vector<std::string> names;
  for (auto it = std::sregex_iterator(source.begin(), source.end(), kPartialTag);
       it != std::sregex_iterator(); ++it)
    names.push_back((*it)[1].str());
  return names;
}

Result<std::string> render_source(const Theme::Impl& impl, const std::string& name,
                                  const std::string& source, const View& data) {
  // Pages render from an object; anything else renders as an empty one (partials or not).
  static const View kEmpty = View::object();
  return render_template(name, source, data.is_object() ? data : kEmpty, Escape::html, impl.partials);
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
    if (auto st = check_template(label, source); !st) return st.error();
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
