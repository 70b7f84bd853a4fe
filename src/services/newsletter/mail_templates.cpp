#include "services/newsletter/mail_templates.hpp"

#include <kainjow/mustache.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace barometer::newsletter {

namespace {

namespace fs = std::filesystem;
namespace mst = kainjow::mustache;

constexpr std::string_view kHtml = ".html.mustache";
constexpr std::string_view kText = ".txt.mustache";

mst::data to_mustache(const render::View& view) {
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

Result<std::string> render(const std::map<std::string, std::string, std::less<>>& sources, std::string_view name,
                           const render::View& data, bool escape) {
  auto it = sources.find(name);
  if (it == sources.end()) return not_found("no mail template " + std::string(name));
  mst::mustache tmpl(it->second);
  // Plain text is not HTML: "&" and quotes must reach the reader as they are.
  if (!escape) tmpl.set_custom_escape([](const std::string& s) { return s; });
  const std::string out = tmpl.render(to_mustache(data));
  if (!tmpl.is_valid()) return invalid("mail template " + std::string(name) + ": " + tmpl.error_message());
  return out;
}

}  // namespace

Result<MailTemplates> MailTemplates::load(const std::string& theme_dir) {
  const fs::path dir = fs::path(theme_dir) / "mail";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return io_error("no mail templates: " + dir.string() + " is not a directory");
  MailTemplates out;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    const std::string file = entry.path().filename().string();
    const bool html = file.ends_with(kHtml), text = file.ends_with(kText);
    if (!html && !text) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    if (!in) return io_error("cannot read " + entry.path().string());
    std::ostringstream source;
    source << in.rdbuf();
    mst::mustache check(source.str());
    if (!check.is_valid()) return invalid(entry.path().string() + ": " + check.error_message());
    const std::string name = file.substr(0, file.size() - (html ? kHtml : kText).size());
    (html ? out.html_ : out.text_).emplace(name, source.str());
  }
  if (ec) return io_error("cannot list " + dir.string() + ": " + ec.message());
  return out;
}

bool MailTemplates::has(std::string_view name) const { return html_.contains(name) && text_.contains(name); }

Result<std::string> MailTemplates::html(std::string_view name, const render::View& data) const {
  return render(html_, name, data, true);
}

Result<std::string> MailTemplates::text(std::string_view name, const render::View& data) const {
  return render(text_, name, data, false);
}

}  // namespace barometer::newsletter
