// Creating sites: `init` (empty) and `demo` (built-in content).
#include <filesystem>
#include <fstream>
#include <set>

#include "app/app.hpp"
#include "i18n/languages.hpp"
#include "services/demo/demo_site.hpp"
#include "storage/postgres/postgres_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

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

Result<std::unique_ptr<Store>> open_store(const Config& config) {
  if (config.database_is_postgres()) return open_store_at(config.database, config.data_dir);
  // database_path() is already resolved against data_dir.
  return open_store_at("sqlite:" + config.database_path(), ".");
}

Result<std::unique_ptr<Store>> open_store_at(const std::string& database, const std::string& base_dir) {
  // The backend is chosen by the scheme: the one place that names concrete stores.
  if (is_postgres_url(database)) return open_postgres_store({.url = database});
  if (database.find("://") != std::string::npos && database.rfind("sqlite:", 0) != 0)
    return invalid("not a database: \"" + database + "\" (use sqlite:PATH or postgresql://...)");
  SqliteOptions options;
  options.path = database.rfind("sqlite:", 0) == 0 ? database.substr(7) : database;
  if (options.path.empty()) return invalid("sqlite: needs a file path, e.g. sqlite:barometer.db");
  if (fs::path(options.path).is_relative()) options.path = (fs::path(base_dir) / options.path).string();
  std::error_code ec;
  fs::create_directories(fs::path(options.path).parent_path(), ec);
  return open_sqlite_store(options);
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
  auto store = open_store(*config);
  if (!store) return store.error();
  if ((*store)->load_site().ok()) return conflict(dir + " already holds a site");
  return (*store)->save_site(site);
}

Result<bool> ensure_demo_site(const Config& config) {
  auto store = open_store(config);
  if (!store) return store.error();
  auto exists = demo_site_exists(**store);
  if (!exists) return exists.error();
  if (*exists) return false;
  DemoOptions options;
  options.base_url = config.base_url;
  if (auto s = seed_demo_site(**store, options); !s) return s.error();
  return true;
}

}  // namespace barometer
