#include "services/newsletter/mail_templates.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "render/mustache.hpp"

namespace barometer::newsletter {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kHtml = ".html.mustache";
constexpr std::string_view kText = ".txt.mustache";

Result<std::string> render(const render::TemplateSources& sources, std::string_view name, const render::View& data,
                           render::Escape escape) {
  auto it = sources.find(name);
  if (it == sources.end()) return not_found("no mail template " + std::string(name));
  return render::render_template("mail template " + std::string(name), it->second, data, escape);
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
    if (auto st = render::check_template(entry.path().string(), source.str()); !st) return st.error();
    const std::string name = file.substr(0, file.size() - (html ? kHtml : kText).size());
    (html ? out.html_ : out.text_).emplace(name, source.str());
  }
  if (ec) return io_error("cannot list " + dir.string() + ": " + ec.message());
  return out;
}

bool MailTemplates::has(std::string_view name) const { return html_.contains(name) && text_.contains(name); }

Result<std::string> MailTemplates::html(std::string_view name, const render::View& data) const {
  return render(html_, name, data, render::Escape::html);
}

Result<std::string> MailTemplates::text(std::string_view name, const render::View& data) const {
  // Plain text is not HTML: "&" and quotes must reach the reader as they are.
  return render(text_, name, data, render::Escape::none);
}

}  // namespace barometer::newsletter
