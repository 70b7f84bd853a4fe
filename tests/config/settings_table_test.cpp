// The settings table (config/settings.cpp) is the one list of settings: README.md's table matches
// it, the sample site.toml and --help name every entry, and every entry is read from the file and
// from its environment variable.
#include "config/settings.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "config/config.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

Result<Config> load(const testing::TempDir& dir, const std::string& toml, std::map<std::string, std::string> env = {}) {
  std::ofstream(dir.file("site.toml")) << toml;
  return load_config_from_dir(dir.path().string(), env_of(std::move(env)));
}

// The (key, variable) pairs of the table under the heading `section` of a checked-in Markdown
// file, in their order: rows that start with a `code` cell.
std::vector<std::pair<std::string, std::string>> documented_settings(const std::string& file,
                                                                     const std::string& section) {
  std::ifstream in(testing::source_dir() / file);
  std::vector<std::pair<std::string, std::string>> rows;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) inside = line == section;
    if (!inside || line.rfind("| `", 0) != 0) continue;
    // | `key` | `BAROMETER_KEY` | default | meaning |
    std::vector<std::string> cells;
    std::stringstream row(line.substr(1));
    for (std::string cell; std::getline(row, cell, '|');) cells.push_back(cell);
    auto code = [](const std::string& cell) {
      auto open = cell.find('`');
      auto close = cell.find('`', open + 1);
      return open == std::string::npos || close == std::string::npos ? cell : cell.substr(open + 1, close - open - 1);
    };
    if (cells.size() >= 2) rows.emplace_back(code(cells[0]), code(cells[1]));
  }
  return rows;
}

TEST(SettingsTable, ReadmeListsExactlyTheTable) {
  std::vector<std::pair<std::string, std::string>> table;
  for (const Setting& s : all_settings()) table.emplace_back(s.key, s.env);
  EXPECT_EQ(documented_settings("README.md", "## Configuration"), table)
      << "README.md's Configuration table and config/settings.cpp disagree";
}

TEST(SettingsTable, DeployGuideNamesOnlySettingsOfTheTable) {
  // docs/deploy.md shows the few settings a deployment sets, with advice; they must exist.
  auto rows = documented_settings("docs/deploy.md", "## Configuration reference");
  EXPECT_FALSE(rows.empty());
  for (const auto& [key, env] : rows) {
    const Setting* s = find_setting(key);
    ASSERT_NE(s, nullptr) << key;
    EXPECT_EQ(s->env, env) << key;
  }
}

TEST(SettingsTable, KeysAreUniqueAndVariablesFollowThem) {
  std::set<std::string_view> keys;
  for (const Setting& s : all_settings()) {
    EXPECT_TRUE(keys.insert(s.key).second) << s.key << " twice";
    std::string env = "BAROMETER_";
    for (char c : s.key) env += char(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(s.env, env) << "the sample site.toml promises BAROMETER_<NAME>";
    EXPECT_FALSE(s.help.empty()) << s.key;
    if (std::holds_alternative<int Config::*>(s.target)) {
      EXPECT_LT(s.min, s.max) << s.key;
    }
    EXPECT_EQ(find_setting(s.key), &s);
  }
  EXPECT_EQ(find_setting("lisen"), nullptr);
}

TEST(SettingsTable, SampleLoadsToTheDefaultsAndNamesEverySetting) {
  testing::TempDir dir;
  auto defaults = load(dir, "");
  ASSERT_TRUE(defaults.ok()) << defaults.error().message;
  const std::string sample = default_config_text();
  auto loaded = load(dir, sample);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_TRUE(*loaded == *defaults) << sample;
  for (const Setting& s : all_settings()) {
    const std::string key(s.key);
    bool named = sample.rfind(key + " = ", 0) == 0 || sample.find("\n" + key + " = ") != std::string::npos ||
                 sample.find("\n# " + key + " = ") != std::string::npos;
    EXPECT_TRUE(named) << key << " is not in the sample site.toml";
    EXPECT_NE(sample.find(std::string(s.env)), std::string::npos) << s.env;
  }
}

TEST(SettingsTable, EveryCommentedLineOfTheSampleLoadsWhenUncommented) {
  // Examples and defaults shown in comments are valid values of their setting.
  testing::TempDir dir;
  for (const Setting& s : all_settings()) {
    std::string text = default_config_text();
    auto at = text.find("\n# " + std::string(s.key) + " = ");
    if (at == std::string::npos) continue;  // written as a live line
    text.erase(at + 1, 2);
    auto c = load(dir, text);
    EXPECT_TRUE(c.ok()) << s.key << ": " << (c.ok() ? "" : c.error().message);
  }
}

TEST(SettingsTable, HelpNamesEverySetting) {
  const std::string help = settings_help_text();
  for (const Setting& s : all_settings()) {
    EXPECT_NE(help.find("  " + std::string(s.key) + "  " + std::string(s.env) + "  default "), std::string::npos)
        << s.key;
    EXPECT_NE(help.find(std::string(s.help.substr(0, 20))), std::string::npos) << s.key;
  }
}

// A value other than the default that passes every check, as environment text and as TOML.
struct Probe {
  std::string env_text;
  std::string toml;
};

// String settings need values their checks in finish() accept; absolute paths stay as given.
const std::map<std::string, std::string> kStringProbes{
    {"database", "sqlite:/srv/site/b.db"},
    {"listen", "127.0.0.1:9090"},
    {"base_url", "https://monitor.example.org"},
    {"theme", "/srv/theme"},
    {"access_log", "off"},
    {"log_level", "debug"},
    {"smtp_url", "smtps://mx.example.org"},
    {"mail_from", "news@example.org"},
    {"dkim_key", "/srv/dkim.pem"},
    {"dkim_selector", "s2024"},
    {"dkim_domain", "example.net"},
    {"dkim_ed25519_key", "/srv/dkim-ed25519.pem"},
    {"dkim_ed25519_selector", "s2024-ed"},
    {"unsubscribe_mailbox", "stop@example.org"},
    {"metrics_listen", "127.0.0.1:9464"},
    {"metrics_token", "probe-token-0123456789"},
};

Probe probe(const Setting& s, const Config& defaults) {
  struct Make {
    const Setting& s;
    const Config& defaults;
    Probe operator()(std::string Config::*) const {
      auto it = kStringProbes.find(std::string(s.key));
      if (it == kStringProbes.end()) return {};
      return {it->second, "\"" + it->second + "\""};
    }
    Probe operator()(int Config::* m) const {
      auto n = std::to_string(defaults.*m == s.min ? s.max : s.min);
      return {n, n};
    }
    Probe operator()(bool Config::* m) const {
      return defaults.*m ? Probe{"false", "false"} : Probe{"true", "true"};
    }
    // One entry each list's check accepts.
    Probe operator()(std::vector<std::string> Config::*) const {
      const std::string entry = s.key == "security_contact" ? "mailto:probe@example.org" : "10.0.0.1";
      return {entry, "[\"" + entry + "\"]"};
    }
  };
  return std::visit(Make{s, defaults}, s.target);
}

// The member as the probe's text sets it, next to the default's.
std::string member_text(const Config& c, const Setting& s) {
  struct Text {
    const Config& c;
    std::string operator()(std::string Config::* m) const { return c.*m; }
    std::string operator()(int Config::* m) const { return std::to_string(c.*m); }
    std::string operator()(bool Config::* m) const { return c.*m ? "true" : "false"; }
    std::string operator()(std::vector<std::string> Config::* m) const {
      std::string out;
      for (const auto& e : c.*m) out += (out.empty() ? "" : ",") + e;
      return out;
    }
  };
  return std::visit(Text{c}, s.target);
}

TEST(SettingsTable, EveryVariableAndEveryKeyIsApplied) {
  testing::TempDir dir;
  auto defaults = load(dir, "");
  ASSERT_TRUE(defaults.ok()) << defaults.error().message;
  for (const Setting& s : all_settings()) {
    const Probe p = probe(s, *defaults);
    ASSERT_FALSE(p.env_text.empty()) << s.key << ": add a value to kStringProbes";
    ASSERT_NE(member_text(*defaults, s), p.env_text) << s.key << ": the probe must differ from the default";

    auto from_env = load(dir, "", {{std::string(s.env), p.env_text}});
    ASSERT_TRUE(from_env.ok()) << s.env << ": " << from_env.error().message;
    EXPECT_EQ(member_text(*from_env, s), p.env_text) << s.env;

    auto from_file = load(dir, std::string(s.key) + " = " + p.toml + "\n");
    ASSERT_TRUE(from_file.ok()) << s.key << ": " << from_file.error().message;
    EXPECT_EQ(member_text(*from_file, s), p.env_text) << s.key;

    if (s.given) {
      EXPECT_FALSE((*defaults).*s.given) << s.key;
      EXPECT_TRUE((*from_env).*s.given) << s.env;
      EXPECT_TRUE((*from_file).*s.given) << s.key;
    }
  }
}

TEST(SettingsTable, NumbersOutsideTheirRangeNameTheSetting) {
  testing::TempDir dir;
  for (const Setting& s : all_settings()) {
    if (!std::holds_alternative<int Config::*>(s.target)) continue;
    const std::string range = "must be between " + std::to_string(s.min) + " and " + std::to_string(s.max);
    auto file = load(dir, std::string(s.key) + " = " + std::to_string(s.max + 1) + "\n");
    ASSERT_FALSE(file.ok()) << s.key;
    EXPECT_NE(file.error().message.find(std::string(s.key) + ": " + range), std::string::npos)
        << file.error().message;
    auto env = load(dir, "", {{std::string(s.env), std::to_string(s.min - 1)}});
    ASSERT_FALSE(env.ok()) << s.env;
    // Below 0 is no whole number for the environment's parser; either way the variable is named.
    EXPECT_EQ(env.error().message.rfind(std::string(s.env) + ": ", 0), 0u) << env.error().message;
  }
}

}  // namespace
}  // namespace barometer
