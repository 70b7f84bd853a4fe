// Creating sites: `init` (empty) and `demo` (built-in content).
#include <filesystem>
#include <fstream>
#include <set>

#include "app/app.hpp"
#include "app/database.hpp"
#include "i18n/languages.hpp"
#include "services/demo/demo_site.hpp"

namespace barometer {

namespace fs = std::filesystem;

const std::vector<KnownLanguage>& known_languages() {
  // The table itself is i18n's supported_languages(), shared with the back office's settings.
  static const std::vector<KnownLanguage> all = [] {
    std::vector<KnownLanguage> out;
    for (const auto& l : supported_languages()) out.push_back({l.code.c_str(), l.name.c_str(), l.icu_locale.c_str()});
    return out;
  }();
  return all;
}

Status init_site(const std::string& dir, const NewSite& request) {
  if (request.name.empty() || request.name.size() > 200) return invalid("--name: must be 1 to 200 characters");
  if (request.languages.empty()) return invalid("--languages: name at least one language");
  Site site;
  std::set<std::string> seen;
  for (const auto& code : request.languages) {
    const KnownLanguage* known = nullptr;
    for (const auto& k : known_languages())
      if (code == k.code) known = &k;
    if (!known) return invalid("--languages: unknown language '" + code + "'");
    if (!seen.insert(code).second) return invalid("--languages: '" + code + "' is listed twice");
    site.languages.push_back({known->code, known->name, known->icu_locale});
    site.name[code] = request.name;
    site.subject[code] = request.name;
  }

  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return io_error(dir + ": " + ec.message());
  fs::path config_file = fs::path(dir) / "site.toml";
  if (!fs::exists(config_file)) {
    std::ofstream out(config_file);
    out << default_config_text();
    if (!out) return io_error(config_file.string() + ": cannot write");
  }
  auto config = load_config_from_dir(dir, process_environment());
  if (!config) return config.error();
  site.base_url = request.base_url.empty() ? config->base_url : request.base_url;
  if (site.base_url.rfind("http://", 0) != 0 && site.base_url.rfind("https://", 0) != 0)
    return invalid("--base-url: must start with http:// or https://");
  auto db = open_database(*config);
  if (!db) return db.error();
  if ((*db)->content().load_site().ok()) return conflict(dir + " already holds a site");
  return (*db)->content().save_site(site);
}

Result<bool> ensure_demo_site(const Config& config) {
  auto db = open_database(config);
  if (!db) return db.error();
  auto exists = demo_site_exists((*db)->content());
  if (!exists) return exists.error();
  if (*exists) return false;
  DemoOptions options;
  options.base_url = config.base_url;
  if (auto s = seed_demo_site((*db)->content(), options); !s) return s.error();
  return true;
}

}  // namespace barometer
