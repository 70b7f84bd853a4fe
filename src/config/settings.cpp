#include "config/settings.hpp"

#include <algorithm>
#include <array>

namespace barometer {

namespace {

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

// A security.txt Contact (RFC 9116 2.5.3): a URI of a scheme a reporter can use, one line of
// printable ASCII (anything else would break the file's line format).
constexpr std::size_t kMaxSecurityContacts = 8;
constexpr std::size_t kMaxSecurityContact = 256;

Status check_security_contacts(const std::vector<std::string>& entries, const std::string& where) {
  if (entries.size() > kMaxSecurityContacts)
    return invalid(where + ": at most " + std::to_string(kMaxSecurityContacts) + " entries");
  for (const auto& e : entries) {
    const bool scheme = e.rfind("mailto:", 0) == 0 || e.rfind("https://", 0) == 0 || e.rfind("tel:", 0) == 0;
    const bool printable = std::all_of(e.begin(), e.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
    if (!scheme || !printable || e.size() > kMaxSecurityContact || e.find(':') + 1 == e.size())
      return invalid(where + ": '" + e.substr(0, 64) +
                     "' is not a contact URI (mailto:security@example.org, https://example.org/security, tel:+…)");
  }
  return {};
}

// Ranges are the ones the services were written for; README.md states them too.
constexpr std::array kSettings{
    // --- The site and its server.
    Setting{.key = "database", .env = "BAROMETER_DATABASE", .target = &Config::database,
            .help = "SQLite file (relative to the data folder), sqlite:PATH, or postgresql://USER:PASSWORD@HOST:PORT/DB "
                    "for several nodes on one database"},
    Setting{.key = "listen", .env = "BAROMETER_LISTEN", .target = &Config::listen,
            .help = "address the web server listens on: host:port or [v6]:port"},
    Setting{.key = "base_url", .env = "BAROMETER_BASE_URL", .target = &Config::base_url,
            .help = "public URL of the site (canonical links, feeds, mail), no trailing '/'",
            .derived_default = "http://<listen>", .example = "\"https://barometer.example.org\""},
    Setting{.key = "theme", .env = "BAROMETER_THEME", .target = &Config::theme_dir,
            .help = "theme folder (templates, static files, locales), relative to the data folder",
            .derived_default = "the built-in themes/default", .example = "\"themes/mine\""},
    Setting{.key = "threads", .env = "BAROMETER_THREADS", .target = &Config::threads, .min = 0, .max = 256,
            .help = "HTTP worker threads; 0 = one per CPU core"},
    Setting{.key = "access_log", .env = "BAROMETER_ACCESS_LOG", .target = &Config::access_log,
            .help = "access log: \"-\" (stdout), \"off\", or a file relative to the data folder"},
    Setting{.key = "log_level", .env = "BAROMETER_LOG_LEVEL", .target = &Config::log_level,
            .help = "least level of the operational log: trace, debug, info, warn, error"},
    Setting{.key = "cache_mb", .env = "BAROMETER_CACHE_MB", .target = &Config::cache_mb, .min = 1, .max = 4096,
            .help = "memory for rendered pages, MiB"},
    Setting{.key = "api_rate_limit", .env = "BAROMETER_API_RATE_LIMIT", .target = &Config::api_rate_limit, .min = 0,
            .max = 1'000'000,
            .help = "read API (/api/v1/) requests per minute per client IP (trusted_proxies decide the client); "
                    "0 = no limit"},

    // --- Newsletter mail (docs/decisions/0006-delivery.md, 0008-mail.md).
    Setting{.key = "smtp_url", .env = "BAROMETER_SMTP_URL", .target = &Config::smtp_url,
            .help = "mail relay: smtp://[USER:PASSWORD@]HOST[:PORT] (STARTTLS when offered) or smtps://... "
                    "(implicit TLS); empty = mail is written to DATA_DIR/maildir",
            .example = "\"smtp://relay.example.org:587\""},
    Setting{.key = "smtp_require_tls", .env = "BAROMETER_SMTP_REQUIRE_TLS", .target = &Config::smtp_require_tls,
            .help = "true: with smtp://, send only after STARTTLS with a verified certificate; false: STARTTLS "
                    "when offered, plain otherwise; the variable also takes 1/0 and yes/no"},
    Setting{.key = "mail_from", .env = "BAROMETER_MAIL_FROM", .target = &Config::mail_from,
            .help = "From and bounce address of newsletter mail, a plain address",
            .derived_default = "newsletter@<host of base_url>", .example = "\"newsletter@example.org\""},
    Setting{.key = "dkim_key", .env = "BAROMETER_DKIM_KEY", .target = &Config::dkim_key,
            .help = "DKIM private key, a PEM file relative to the data folder; empty = mail is not signed",
            .example = "\"dkim.pem\""},
    Setting{.key = "dkim_selector", .env = "BAROMETER_DKIM_SELECTOR", .target = &Config::dkim_selector,
            .help = "DKIM selector (s=)"},
    Setting{.key = "dkim_domain", .env = "BAROMETER_DKIM_DOMAIN", .target = &Config::dkim_domain,
            .help = "DKIM signing domain (d=)", .derived_default = "the domain of mail_from",
            .example = "\"example.org\""},
    Setting{.key = "dkim_ed25519_key", .env = "BAROMETER_DKIM_ED25519_KEY", .target = &Config::dkim_ed25519_key,
            .help = "second DKIM key, Ed25519 PEM file relative to the data folder: adds an ed25519-sha256 "
                    "signature (RFC 8463) beside the RSA one; needs dkim_key; empty = RSA only",
            .example = "\"dkim-ed25519.pem\""},
    Setting{.key = "dkim_ed25519_selector", .env = "BAROMETER_DKIM_ED25519_SELECTOR",
            .target = &Config::dkim_ed25519_selector, .help = "selector (s=) of the Ed25519 key",
            .derived_default = "dkim_selector + \"-ed25519\"", .example = "\"barometer-ed25519\""},
    Setting{.key = "unsubscribe_mailbox", .env = "BAROMETER_UNSUBSCRIBE_MAILBOX",
            .target = &Config::unsubscribe_mailbox,
            .help = "mailbox of List-Unsubscribe's mailto, piped into `barometer unsubscribe-mail` "
                    "(docs/deploy.md); one plain ASCII address, \"\" = no mailto (https one-click only)",
            .derived_default = "unsubscribe@<domain of mail_from>", .example = "\"unsubscribe@example.org\"",
            .given = &Config::unsubscribe_mailbox_set},
    Setting{.key = "send_concurrency", .env = "BAROMETER_SEND_CONCURRENCY", .target = &Config::send_concurrency,
            .min = 1, .max = 64, .help = "sending threads, each with its own relay connection"},
    Setting{.key = "send_rate", .env = "BAROMETER_SEND_RATE", .target = &Config::send_rate, .min = 0, .max = 100000,
            .help = "messages per second over all threads; 0 = no limit"},
    Setting{.key = "send_batch", .env = "BAROMETER_SEND_BATCH", .target = &Config::send_batch, .min = 1, .max = 1000,
            .help = "messages claimed per thread at a time; at most concurrency x batch are in flight"},
    Setting{.key = "send_lease_seconds", .env = "BAROMETER_SEND_LEASE_SECONDS",
            .target = &Config::send_lease_seconds, .min = 5, .max = 86400,
            .help = "seconds a sender holds claimed messages before another may take them over"},
    Setting{.key = "send_max_attempts", .env = "BAROMETER_SEND_MAX_ATTEMPTS", .target = &Config::send_max_attempts,
            .min = 1, .max = 100, .help = "tries per message before a temporary failure becomes permanent"},
    Setting{.key = "send_bounce_limit", .env = "BAROMETER_SEND_BOUNCE_LIMIT", .target = &Config::send_bounce_limit,
            .min = 0, .max = 100, .help = "permanent failures after which a subscriber is marked bounced; 0 = never"},
    Setting{.key = "send_poll_seconds", .env = "BAROMETER_SEND_POLL_SECONDS", .target = &Config::send_poll_seconds,
            .min = 1, .max = 3600, .help = "seconds between `serve`'s looks for digests marked ready"},

    // --- Webhooks (docs/decisions/0022-webhooks.md).
    Setting{.key = "webhooks_allow_private", .env = "BAROMETER_WEBHOOKS_ALLOW_PRIVATE",
            .target = &Config::webhooks_allow_private,
            .help = "true: webhooks may reach loopback, private, link-local and unique-local addresses (a "
                    "receiver on the same network); false: refused at registration and at delivery"},
    Setting{.key = "webhook_timeout_seconds", .env = "BAROMETER_WEBHOOK_TIMEOUT_SECONDS",
            .target = &Config::webhook_timeout_seconds, .min = 1, .max = 120,
            .help = "seconds one webhook POST may take in all (connecting at most half of it)"},
    Setting{.key = "webhook_max_attempts", .env = "BAROMETER_WEBHOOK_MAX_ATTEMPTS",
            .target = &Config::webhook_max_attempts, .min = 1, .max = 100,
            .help = "tries per webhook delivery (exponential backoff from 30 s, at most 1 h) before it is failed"},

    // --- Newsletter sign-up limits (services/newsletter/subscriptions.hpp).
    Setting{.key = "subscribe_per_ip", .env = "BAROMETER_SUBSCRIBE_PER_IP", .target = &Config::subscribe_per_ip,
            .min = 1, .max = 10000, .help = "subscribe posts per client IP within subscribe_ip_window_seconds"},
    Setting{.key = "subscribe_ip_window_seconds", .env = "BAROMETER_SUBSCRIBE_IP_WINDOW_SECONDS",
            .target = &Config::subscribe_ip_window_seconds, .min = 60, .max = 604800,
            .help = "the per-IP window, seconds"},
    Setting{.key = "subscribe_mails_per_address", .env = "BAROMETER_SUBSCRIBE_MAILS_PER_ADDRESS",
            .target = &Config::subscribe_mails_per_address, .min = 1, .max = 100,
            .help = "confirmation mails per address within subscribe_address_window_seconds, whoever asks"},
    Setting{.key = "subscribe_address_window_seconds", .env = "BAROMETER_SUBSCRIBE_ADDRESS_WINDOW_SECONDS",
            .target = &Config::subscribe_address_window_seconds, .min = 60, .max = 2592000,
            .help = "the per-address window, seconds"},
    Setting{.key = "subscribe_confirm_hours", .env = "BAROMETER_SUBSCRIBE_CONFIRM_HOURS",
            .target = &Config::subscribe_confirm_hours, .min = 1, .max = 2160,
            .help = "how long a confirmation link works, hours"},
    Setting{.key = "subscribe_max_queued", .env = "BAROMETER_SUBSCRIBE_MAX_QUEUED",
            .target = &Config::subscribe_max_queued, .min = 1, .max = 1000000,
            .help = "mails that may wait in the outbox; beyond, a subscribe queues nothing"},
    Setting{.key = "subscribe_prune_grace_days", .env = "BAROMETER_SUBSCRIBE_PRUNE_GRACE_DAYS",
            .target = &Config::subscribe_prune_grace_days, .min = 0, .max = 365,
            .help = "days after its link expired before `serve` deletes a never-confirmed subscriber"},

    // --- Behind a reverse proxy (docs/deploy.md).
    Setting{.key = "trusted_proxies", .env = "BAROMETER_TRUSTED_PROXIES", .target = &Config::trusted_proxies,
            .help = "proxies whose X-Forwarded-For names the client (per-IP limits, consent records): IPs or "
                    "CIDR networks, at most 64; empty = trust nobody",
            .example = "[\"127.0.0.1\", \"::1\"]", .check_list = &check_proxies},

    // --- Monitoring (docs/decisions/0020-metrics.md).
    Setting{.key = "metrics_listen", .env = "BAROMETER_METRICS_LISTEN", .target = &Config::metrics_listen,
            .help = "a second host:port serving only /metrics (Prometheus); empty = none",
            .example = "\"127.0.0.1:9464\""},
    Setting{.key = "metrics_token", .env = "BAROMETER_METRICS_TOKEN", .target = &Config::metrics_token,
            .help = "bearer token /metrics requires (16+ characters); set alone, /metrics is on the site's port",
            .example = "\"a-long-random-token\""},

    // --- Security (docs/security.md).
    Setting{.key = "security_contact", .env = "BAROMETER_SECURITY_CONTACT", .target = &Config::security_contact,
            .help = "where to report a vulnerability (mailto:, https:, tel: URIs), served as "
                    "/.well-known/security.txt; empty = not served",
            .example = "[\"mailto:security@barometer.example.org\"]", .check_list = &check_security_contacts},
};

std::string toml_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::span<const Setting> all_settings() { return kSettings; }

const Setting* find_setting(std::string_view key) {
  for (const Setting& s : kSettings)
    if (s.key == key) return &s;
  return nullptr;
}

std::string setting_default_text(const Setting& setting) {
  if (!setting.derived_default.empty()) return std::string(setting.derived_default);
  static const Config defaults;
  struct Render {
    std::string operator()(std::string Config::* m) const { return toml_string(defaults.*m); }
    std::string operator()(int Config::* m) const { return std::to_string(defaults.*m); }
    std::string operator()(bool Config::* m) const { return defaults.*m ? "true" : "false"; }
    std::string operator()(std::vector<std::string> Config::* m) const {
      std::string out = "[";
      for (const auto& e : defaults.*m) out += (out.size() > 1 ? ", " : "") + toml_string(e);
      return out + "]";
    }
  };
  return std::visit(Render{}, setting.target);
}

}  // namespace barometer
