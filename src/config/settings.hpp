// The one table of settings (docs/decisions/0013-settings-table.md): each site.toml key with its
// BAROMETER_* variable, type, range, default and help line, and the Config member it sets. It
// drives the reading of site.toml and the environment (config.cpp), the sample site.toml that
// `barometer init` writes and the list in `barometer serve --help` (settings_text.cpp). README.md's
// "Configuration" table is checked against it by tests/config/settings_table_test.cpp.
//
// Checks that need the whole Config (listen's shape, derived defaults such as base_url from
// listen) stay in config.cpp's finish(): a setting here only knows its own value.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/config.hpp"

namespace barometer {

// The member a setting writes; the alternative is the setting's type: a string, a whole number
// (with min..max), true/false, or a list of strings (a TOML array or one string; in the
// environment separated by commas or blanks).
using SettingTarget = std::variant<std::string Config::*, int Config::*, bool Config::*,
                                   std::vector<std::string> Config::*>;

// Fields left out of an entry take their initializers here (the table uses designated ones).
struct Setting {
  std::string_view key{};  // in site.toml
  std::string_view env{};  // the environment variable that overrides it: BAROMETER_<KEY>
  SettingTarget target{};
  long long min = 0;  // whole numbers only: the allowed range, both ends included
  long long max = 0;
  std::string_view help{};  // one line, for the sample site.toml and --help
  // How the default is computed when it is not the value Config{} holds ("http://<listen>");
  // empty: the default is Config{}'s value.
  std::string_view derived_default{};
  // A TOML value the sample site.toml shows instead of the default, where the default shows
  // nothing useful (a derived value, an empty list); empty: the sample shows the default.
  std::string_view example{};
  // Set to true when the file or the environment gives the setting (then "" means "none" rather
  // than "derive it"); nullptr for most settings.
  bool Config::* given = nullptr;
  // Lists only: checks the entries (message starts with `where`); nullptr = any strings.
  Status (*check_list)(const std::vector<std::string>& entries, const std::string& where) = nullptr;
};

// Every setting, in the order of README.md's table, --help and the sample site.toml.
std::span<const Setting> all_settings();

// The setting with this site.toml key, or nullptr.
const Setting* find_setting(std::string_view key);

// The default as a TOML value (`"barometer.db"`, `64`, `false`, `[]`) when it is a plain value,
// else derived_default's words.
std::string setting_default_text(const Setting& setting);

// The list of settings for `barometer serve --help`: key, variable, default, range and help.
std::string settings_help_text();

}  // namespace barometer
