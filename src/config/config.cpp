#include "config/config.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>
#include <string_view>
#include <variant>

#include <toml++/toml.h>

#include "config/settings.hpp"

namespace barometer {

namespace fs = std::filesystem;

namespace {

Status check_listen(const std::string& listen, const std::string& where) {
  // host:port or [v6]:port with a port in 0..65535.
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size())
    return invalid(where + ": expected host:port, e.g. 127.0.0.1:8080, got '" + listen + "'");
  std::string port = listen.substr(colon + 1);
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stol(port) > 65535)
    return invalid(where + ": port must be a number from 0 to 65535, got '" + port + "'");
  std::string host = listen.substr(0, colon);
  if (host.front() == '[' && host.back() != ']')
    return invalid(where + ": an IPv6 address must be in brackets, e.g. [::1]:8080");
  return {};
}

Status check_int(long long value, long long lo, long long hi, const std::string& where) {
  if (value < lo || value > hi)
    return invalid(where + ": must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  return {};
}

Result<long long> parse_int(const std::string& text, const std::string& where) {
  if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos)
    return invalid(where + ": must be a whole number, got '" + text + "'");
  return std::stoll(text);
}

Status check_level(const std::string& level, const std::string& where) {
  static const std::set<std::string> levels{"trace", "debug", "info", "warn", "error"};
  if (!levels.count(level)) return invalid(where + ": must be one of trace, debug, info, warn, error");
  return {};
}

Status check_base_url(const std::string& url, const std::string& where) {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
    return invalid(where + ": must start with http:// or https://");
  if (url.back() == '/') return invalid(where + ": must not end with '/'");
  if (url.find_first_of(" \t\r\n\"<>") != std::string::npos) return invalid(where + ": contains spaces or quotes");
  return {};
}

// One plain ASCII address that goes into a mailto: URL unescaped (local@domain, no display name,
// no list, nothing a URL or a header would need escaped); "" is allowed (no mailbox).
Status check_mailbox(const std::string& mailbox, const std::string& where) {
  if (mailbox.empty()) return {};
  const auto at = mailbox.find('@');
  bool ok = at != std::string::npos && at > 0 && at + 1 < mailbox.size() && mailbox.find('@', at + 1) == std::string::npos &&
            mailbox.size() <= 254 && mailbox.find("..") == std::string::npos && mailbox.back() != '.';
  for (char c : mailbox)
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f ||
        std::string_view(" <>,;:\"()[]\\?%#&/").find(c) != std::string_view::npos)
      ok = false;
  if (!ok)
    return invalid(where + ": must be one plain address like unsubscribe@example.org (ASCII, xn-- for an "
                           "internationalized domain; no name, spaces, <>, commas or ?%#&), or \"\" for none; got '" +
                   mailbox + "'");
  return {};
}

// A site.toml value into the member its setting names. Messages start with "<file>: <key>".
struct FromFile {
  Config& config;
  const Setting& setting;
  const toml::node& node;
  const std::string& where;

  Status operator()(std::string Config::* member) const {
    auto v = node.value<std::string>();
    if (!v) return invalid(where + ": must be a string");
    config.*member = *v;
    return {};
  }
  Status operator()(int Config::* member) const {
    auto v = node.value<long long>();
    if (!v) return invalid(where + ": must be a whole number");
    if (auto s = check_int(*v, setting.min, setting.max, where); !s) return s;
    config.*member = int(*v);
    return {};
  }
  Status operator()(bool Config::* member) const {
    auto v = node.value<bool>();
    if (!v) return invalid(where + ": must be true or false");
    config.*member = *v;
    return {};
  }
  // An array of strings, or one string for a list of one.
  Status operator()(std::vector<std::string> Config::* member) const {
    const std::string wrong = where + ": must be an array of strings, e.g. " + std::string(setting.example);
    std::vector<std::string> entries;
    if (auto one = node.value<std::string>()) {
      entries.push_back(*one);
    } else if (const toml::array* list = node.as_array()) {
      for (const toml::node& item : *list) {
        auto v = item.value<std::string>();
        if (!v) return invalid(wrong);
        entries.push_back(*v);
      }
    } else {
      return invalid(wrong);
    }
    if (setting.check_list)
      if (auto s = setting.check_list(entries, where); !s) return s;
    config.*member = std::move(entries);
    return {};
  }
};

// An environment variable's text into the member its setting names. Messages start with the
// variable's name.
struct FromEnv {
  Config& config;
  const Setting& setting;
  const std::string& text;
  const std::string& name;

  Status operator()(std::string Config::* member) const {
    config.*member = text;
    return {};
  }
  Status operator()(int Config::* member) const {
    auto n = parse_int(text, name);
    if (!n) return n.error();
    if (auto s = check_int(*n, setting.min, setting.max, name); !s) return s;
    config.*member = int(*n);
    return {};
  }
  Status operator()(bool Config::* member) const {
    if (text == "1" || text == "true" || text == "yes") config.*member = true;
    else if (text == "0" || text == "false" || text == "no") config.*member = false;
    else return invalid(name + ": must be true or false (1/0, yes/no), got '" + text + "'");
    return {};
  }
  // "10.0.0.1, 10.0.0.2" or "10.0.0.1 10.0.0.2": what fits in one environment line. An empty
  // variable is an empty list.
  Status operator()(std::vector<std::string> Config::* member) const {
    std::vector<std::string> entries;
    std::string entry;
    for (char c : text + ",") {
      if (c == ',' || c == ' ' || c == '\t') {
        if (!entry.empty()) entries.push_back(std::move(entry));
        entry.clear();
      } else {
        entry += c;
      }
    }
    if (setting.check_list)
      if (auto s = setting.check_list(entries, name); !s) return s;
    config.*member = std::move(entries);
    return {};
  }
};

Status apply_file(Config& config, const std::string& path) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << path << ":" << e.source().begin.line << ": " << e.description();
    return invalid(msg.str());
  }
  for (auto&& [key, node] : table) {
    const std::string where = path + ": " + std::string(key.str());
    const Setting* setting = find_setting(key.str());
    if (!setting) return invalid(where + ": unknown setting (see README.md, Configuration)");
    if (auto s = std::visit(FromFile{config, *setting, node, where}, setting->target); !s) return s;
    if (setting->given) config.*setting->given = true;
  }
  return {};
}

Status apply_env(Config& config, const EnvLookup& env) {
  for (const Setting& setting : all_settings()) {
    const std::string name(setting.env);
    auto text = env(name);
    if (!text) continue;
    if (auto s = std::visit(FromEnv{config, setting, *text, name}, setting.target); !s) return s;
    if (setting.given) config.*setting.given = true;
  }
  return {};
}

Status finish(Config& config) {
  if (auto s = check_listen(config.listen, "listen"); !s) return s;
  if (config.base_url.empty()) {
    config.base_url = "http://" + config.listen;
    config.base_url_derived = true;
  }
  if (auto s = check_base_url(config.base_url, "base_url"); !s) return s;
  if (auto s = check_level(config.log_level, "log_level"); !s) return s;
  if (config.database.empty()) return invalid("database: must not be empty");
  if (config.database_is_postgres()) {
    if (config.database.size() == config.database.find("://") + 3)
      return invalid("database: a postgresql:// URL needs a host or database, e.g. postgresql://user@host/barometer");
  } else if (config.database.find("://") != std::string::npos && config.database.rfind("sqlite:", 0) != 0) {
    return invalid("database: must be a SQLite file, sqlite:PATH or a postgresql:// URL");
  }
  if (config.theme_dir.empty()) config.theme_dir = default_theme_dir();
  else if (fs::path(config.theme_dir).is_relative())
    config.theme_dir = (fs::path(config.data_dir) / config.theme_dir).string();
  if (config.access_log != "-" && config.access_log != "off" && fs::path(config.access_log).is_relative())
    config.access_log = (fs::path(config.data_dir) / config.access_log).string();
  if (!config.smtp_url.empty() && config.smtp_url.rfind("smtp://", 0) != 0 && config.smtp_url.rfind("smtps://", 0) != 0)
    return invalid("smtp_url: must start with smtp:// or smtps:// (or be empty for the Maildir)");
  if (config.mail_from.empty()) {
    auto host = config.base_url.substr(config.base_url.find("://") + 3);
    host = host.substr(0, host.find_first_of(":/"));
    // An IP or a single label makes no mail domain; the operator should set mail_from.
    if (host.empty() || host.find('.') == std::string::npos || std::isdigit(static_cast<unsigned char>(host[0])) ||
        host[0] == '[')
      host = "localhost.localdomain";
    config.mail_from = "newsletter@" + host;
  }
  auto at = config.mail_from.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == config.mail_from.size() ||
      config.mail_from.find_first_of(" <>\r\n") != std::string::npos)
    return invalid("mail_from: must be a plain address like newsletter@example.org");
  if (config.dkim_domain.empty()) config.dkim_domain = config.mail_from.substr(at + 1);
  if (!config.unsubscribe_mailbox_set) config.unsubscribe_mailbox = "unsubscribe@" + config.mail_from.substr(at + 1);
  if (auto s = check_mailbox(config.unsubscribe_mailbox, "unsubscribe_mailbox"); !s) return s;
  if (!config.metrics_listen.empty()) {
    if (auto s = check_listen(config.metrics_listen, "metrics_listen"); !s) return s;
    // Port 0 (any free port, for tests) gives two different ports.
    const bool any_port = config.listen.size() >= 2 && config.listen.compare(config.listen.size() - 2, 2, ":0") == 0;
    if (config.metrics_listen == config.listen && !any_port) return invalid("metrics_listen: must differ from listen");
  }
  if (!config.metrics_token.empty() &&
      (config.metrics_token.size() < 16 || config.metrics_token.size() > 256 ||
       std::any_of(config.metrics_token.begin(), config.metrics_token.end(),
                   [](unsigned char c) { return c <= 0x20 || c >= 0x7f; })))
    return invalid("metrics_token: must be 16 to 256 printable ASCII characters without spaces");
  if (!config.dkim_key.empty() && fs::path(config.dkim_key).is_relative())
    config.dkim_key = (fs::path(config.data_dir) / config.dkim_key).string();
  // Without dkim_key the Ed25519 key is refused where a signer is made (an error at `send` and
  // `serve`), not here, so that the settings stay independent of each other.
  if (!config.dkim_ed25519_key.empty() && fs::path(config.dkim_ed25519_key).is_relative())
    config.dkim_ed25519_key = (fs::path(config.data_dir) / config.dkim_ed25519_key).string();
  if (config.dkim_ed25519_selector.empty()) config.dkim_ed25519_selector = config.dkim_selector + "-ed25519";
  return {};
}

}  // namespace

bool Config::database_is_postgres() const {
  return database.rfind("postgresql://", 0) == 0 || database.rfind("postgres://", 0) == 0;
}

std::string Config::database_path() const {
  std::string p = database.rfind("sqlite:", 0) == 0 ? database.substr(7) : database;
  if (fs::path(p).is_relative()) p = (fs::path(data_dir) / p).string();
  return p;
}

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    if (const char* v = std::getenv(name.c_str())) return std::string(v);
    return std::nullopt;
  };
}

Result<Config> load_config_from_dir(const std::string& data_dir, const EnvLookup& env) {
  Config config;
  config.data_dir = data_dir;
  fs::path file = fs::path(data_dir) / "site.toml";
  std::error_code ec;
  if (fs::exists(file, ec))
    if (auto s = apply_file(config, file.string()); !s) return s.error();
  if (auto s = apply_env(config, env); !s) return s.error();
  if (auto s = finish(config); !s) return s.error();
  return config;
}

Result<Config> load_config_from_file(const std::string& file, const EnvLookup& env) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return not_found(file + ": no such configuration file");
  Config config;
  config.data_dir = fs::path(file).parent_path().string();
  if (config.data_dir.empty()) config.data_dir = ".";
  if (auto s = apply_file(config, file); !s) return s.error();
  if (auto s = apply_env(config, env); !s) return s.error();
  if (auto s = finish(config); !s) return s.error();
  return config;
}

std::string default_theme_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path() / ".." / "share" / "barometer" / "themes" / "default";
    if (fs::is_directory(installed, ec)) return fs::weakly_canonical(installed, ec).string();
  }
#ifdef BAROMETER_SOURCE_DIR
  return std::string(BAROMETER_SOURCE_DIR) + "/themes/default";
#else
  return "themes/default";
#endif
}

}  // namespace barometer
