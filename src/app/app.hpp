// The composition root: the only place that names concrete backends (SQLite store, Beast server)
// and wires them to the services and the web layer. CLI subcommands call these functions.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "domain/result.hpp"
#include "storage/store.hpp"

namespace barometer {

// What `barometer init` asks for.
struct NewSite {
  std::string name = "Barometer";                 // site name, same in every language at first
  std::vector<std::string> languages = {"en"};    // BCP 47 codes; the first is the default
  std::string base_url;                           // "" = the config's base URL
};

// Writes DIR/site.toml (if absent) and creates its database with an empty site.
// conflict when DIR already holds a site.
Status init_site(const std::string& dir, const NewSite& site);

// Creates DIR with the built-in demo content unless it already holds a site.
// Returns true when it created the content, false when a site was already there.
Result<bool> ensure_demo_site(const Config& config);

// Serves the site until SIGTERM/SIGINT; returns the process exit code.
int serve_site(const Config& config);

// Languages barometer knows how to set up (code, native name, ICU locale).
struct KnownLanguage {
  const char* code;
  const char* name;
  const char* icu_locale;
};
const std::vector<KnownLanguage>& known_languages();

}  // namespace barometer
