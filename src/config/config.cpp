#include "config/config.hpp"

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string_view>
#include <toml++/toml.h>

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

// The shape of a trusted_proxies list; whether each entry is an address or a network is
// web::TrustedProxies::parse's to say (the config layer has no IP library), when `serve` starts.
constexpr std::size_t kMaxTrustedProxies = 64;
constexpr std::size_t kMaxProxyEntry = 64;

Status check_proxies(const std::vector<std::string>& entries, const std::string& where) {
  if (entries.size() > kMaxTrustedProxies)
    return invalid(where + ": at most " + std::to_string(kMaxTrustedProxies) + " entries (use networks: 10.0.0.0/8)");
  for (const auto& e : entries)
    if (e.empty() || e.size() > kMaxProxyEntry ||
        e.find_first_not_of("0123456789abcdefABCDEF.:/%") != std::string::npos)
      return invalid(where + ": '" + e.substr(0, kMaxProxyEntry) +
                     "' is not an IP address or network (e.g. 127.0.0.1, 10.0.0.0/8, ::1)");
  return {};
}

// An array of strings, or one string for a single proxy.
Status want_proxies(const toml::node& node, const std::string& where, std::vector<std::string>& out) {
  std::vector<std::string> entries;
  if (auto one = node.value<std::string>()) {
    entries.push_back(*one);
  } else if (const toml::array* list = node.as_array()) {
    for (const toml::node& item : *list) {
      auto v = item.value<std::string>();
      if (!v) return invalid(where + ": must be an array of strings, e.g. [\"127.0.0.1\", \"::1\"]");
      entries.push_back(*v);
    }
  } else {
    return invalid(where + ": must be an array of strings, e.g. [\"127.0.0.1\", \"::1\"]");
  }
  if (auto s = check_proxies(entries, where); !s) return s;
  out = std::move(entries);
  return {};
}

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
    std::string k(key.str());
    std::string where = path + ": " + k;
    auto want_string = [&](std::string& out) -> Status {
      auto v = node.value<std::string>();
      if (!v) return invalid(where + ": must be a string");
      out = *v;
      return {};
    };
    auto want_int = [&](int& out, long long lo, long long hi) -> Status {
      auto v = node.value<long long>();
      if (!v) return invalid(where + ": must be a whole number");
      if (auto s = check_int(*v, lo, hi, where); !s) return s;
      out = int(*v);
      return {};
    };
    Status s;
    if (k == "database") s = want_string(config.database);
    else if (k == "listen") s = want_string(config.listen);
    else if (k == "base_url") s = want_string(config.base_url);
    else if (k == "theme") s = want_string(config.theme_dir);
    else if (k == "threads") s = want_int(config.threads, 0, 256);
    else if (k == "access_log") s = want_string(config.access_log);
    else if (k == "log_level") s = want_string(config.log_level);
    else if (k == "cache_mb") s = want_int(config.cache_mb, 1, 4096);
    else if (k == "smtp_url") s = want_string(config.smtp_url);
    else if (k == "smtp_require_tls") {
      auto v = node.value<bool>();
      if (v) config.smtp_require_tls = *v;
      else s = invalid(where + ": must be true or false");
    }
    else if (k == "mail_from") s = want_string(config.mail_from);
    else if (k == "dkim_key") s = want_string(config.dkim_key);
    else if (k == "dkim_selector") s = want_string(config.dkim_selector);
    else if (k == "dkim_domain") s = want_string(config.dkim_domain);
    else if (k == "unsubscribe_mailbox") {
      s = want_string(config.unsubscribe_mailbox);
      config.unsubscribe_mailbox_set = true;
    }
    else if (k == "send_concurrency") s = want_int(config.send_concurrency, 1, 64);
    else if (k == "send_rate") s = want_int(config.send_rate, 0, 100000);
    else if (k == "send_batch") s = want_int(config.send_batch, 1, 1000);
    else if (k == "send_lease_seconds") s = want_int(config.send_lease_seconds, 5, 86400);
    else if (k == "send_max_attempts") s = want_int(config.send_max_attempts, 1, 100);
    else if (k == "send_bounce_limit") s = want_int(config.send_bounce_limit, 0, 100);
    else if (k == "send_poll_seconds") s = want_int(config.send_poll_seconds, 1, 3600);
    else if (k == "subscribe_per_ip") s = want_int(config.subscribe_per_ip, 1, 10000);
    else if (k == "subscribe_ip_window_seconds") s = want_int(config.subscribe_ip_window_seconds, 60, 604800);
    else if (k == "subscribe_mails_per_address") s = want_int(config.subscribe_mails_per_address, 1, 100);
    else if (k == "subscribe_address_window_seconds")
      s = want_int(config.subscribe_address_window_seconds, 60, 2592000);
    else if (k == "subscribe_confirm_hours") s = want_int(config.subscribe_confirm_hours, 1, 2160);
    else if (k == "subscribe_max_queued") s = want_int(config.subscribe_max_queued, 1, 1000000);
    else if (k == "subscribe_prune_grace_days") s = want_int(config.subscribe_prune_grace_days, 0, 365);
    else if (k == "trusted_proxies") s = want_proxies(node, where, config.trusted_proxies);
    else s = invalid(where + ": unknown setting (see README.md, Configuration)");
    if (!s) return s;
  }
  return {};
}

Status apply_env(Config& config, const EnvLookup& env) {
  auto str = [&](const char* name, std::string& out) {
    if (auto v = env(name)) out = *v;
  };
  str("BAROMETER_DATABASE", config.database);
  str("BAROMETER_LISTEN", config.listen);
  str("BAROMETER_BASE_URL", config.base_url);
  str("BAROMETER_THEME", config.theme_dir);
  str("BAROMETER_ACCESS_LOG", config.access_log);
  str("BAROMETER_LOG_LEVEL", config.log_level);
  if (auto v = env("BAROMETER_THREADS")) {
    auto n = parse_int(*v, "BAROMETER_THREADS");
    if (!n) return n.error();
    if (auto s = check_int(*n, 0, 256, "BAROMETER_THREADS"); !s) return s;
    config.threads = int(*n);
  }
  if (auto v = env("BAROMETER_CACHE_MB")) {
    auto n = parse_int(*v, "BAROMETER_CACHE_MB");
    if (!n) return n.error();
    if (auto s = check_int(*n, 1, 4096, "BAROMETER_CACHE_MB"); !s) return s;
    config.cache_mb = int(*n);
  }
  str("BAROMETER_SMTP_URL", config.smtp_url);
  if (auto v = env("BAROMETER_SMTP_REQUIRE_TLS")) {
    if (*v == "1" || *v == "true" || *v == "yes") config.smtp_require_tls = true;
    else if (*v == "0" || *v == "false" || *v == "no") config.smtp_require_tls = false;
    else return invalid("BAROMETER_SMTP_REQUIRE_TLS: must be true or false (1/0, yes/no), got '" + *v + "'");
  }
  str("BAROMETER_MAIL_FROM", config.mail_from);
  str("BAROMETER_DKIM_KEY", config.dkim_key);
  str("BAROMETER_DKIM_SELECTOR", config.dkim_selector);
  str("BAROMETER_DKIM_DOMAIN", config.dkim_domain);
  if (auto v = env("BAROMETER_UNSUBSCRIBE_MAILBOX")) {
    config.unsubscribe_mailbox = *v;
    config.unsubscribe_mailbox_set = true;
  }
  auto num = [&](const char* name, int& out, long long lo, long long hi) -> Status {
    auto v = env(name);
    if (!v) return {};
    auto n = parse_int(*v, name);
    if (!n) return n.error();
    if (auto s = check_int(*n, lo, hi, name); !s) return s;
    out = int(*n);
    return {};
  };
  for (auto s : {num("BAROMETER_SEND_CONCURRENCY", config.send_concurrency, 1, 64),
                 num("BAROMETER_SEND_RATE", config.send_rate, 0, 100000),
                 num("BAROMETER_SEND_BATCH", config.send_batch, 1, 1000),
                 num("BAROMETER_SEND_LEASE_SECONDS", config.send_lease_seconds, 5, 86400),
                 num("BAROMETER_SEND_MAX_ATTEMPTS", config.send_max_attempts, 1, 100),
                 num("BAROMETER_SEND_BOUNCE_LIMIT", config.send_bounce_limit, 0, 100),
                 num("BAROMETER_SEND_POLL_SECONDS", config.send_poll_seconds, 1, 3600),
                 num("BAROMETER_SUBSCRIBE_PER_IP", config.subscribe_per_ip, 1, 10000),
                 num("BAROMETER_SUBSCRIBE_IP_WINDOW_SECONDS", config.subscribe_ip_window_seconds, 60, 604800),
                 num("BAROMETER_SUBSCRIBE_MAILS_PER_ADDRESS", config.subscribe_mails_per_address, 1, 100),
                 num("BAROMETER_SUBSCRIBE_ADDRESS_WINDOW_SECONDS", config.subscribe_address_window_seconds, 60,
                     2592000),
                 num("BAROMETER_SUBSCRIBE_CONFIRM_HOURS", config.subscribe_confirm_hours, 1, 2160),
                 num("BAROMETER_SUBSCRIBE_MAX_QUEUED", config.subscribe_max_queued, 1, 1000000),
                 num("BAROMETER_SUBSCRIBE_PRUNE_GRACE_DAYS", config.subscribe_prune_grace_days, 0, 365)})
    if (!s) return s;
  if (auto v = env("BAROMETER_TRUSTED_PROXIES")) {
    // "10.0.0.1, 10.0.0.2" or "10.0.0.1 10.0.0.2": what fits in one environment line.
    std::vector<std::string> entries;
    std::string entry;
    for (char c : *v + ",") {
      if (c == ',' || c == ' ' || c == '\t') {
        if (!entry.empty()) entries.push_back(std::move(entry));
        entry.clear();
      } else {
        entry += c;
      }
    }
    if (auto s = check_proxies(entries, "BAROMETER_TRUSTED_PROXIES"); !s) return s;
    config.trusted_proxies = std::move(entries);
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
  if (!config.dkim_key.empty() && fs::path(config.dkim_key).is_relative())
    config.dkim_key = (fs::path(config.data_dir) / config.dkim_key).string();
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

std::string default_config_text() {
  return R"(# barometer site configuration. Every setting can be overridden by an environment
# variable (BAROMETER_<NAME>, e.g. BAROMETER_LISTEN). See README.md, "Configuration".

# SQLite database file, relative to this folder; or a PostgreSQL URL for several nodes,
# e.g. "postgresql://barometer:secret@db.internal:5432/barometer".
database = "barometer.db"

# Address the web server listens on (host:port).
listen = "127.0.0.1:8080"

# Public URL of the site (canonical links, feeds, mail). Default: http://<listen>.
# base_url = "https://barometer.example.org"

# Worker threads; 0 = one per CPU core.
threads = 0

# Access log: "-" (stdout), "off", or a file path relative to this folder.
access_log = "-"

# trace, debug, info, warn, error
log_level = "info"

# Memory for rendered pages, MiB.
cache_mb = 64

# Behind a reverse proxy (nginx on this machine): believe its X-Forwarded-For, so per-IP limits
# see the readers, not the proxy (docs/deploy.md).
# trusted_proxies = ["127.0.0.1", "::1"]
)";
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
