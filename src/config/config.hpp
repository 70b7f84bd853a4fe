// Runtime configuration: DIR/site.toml, overridden by BAROMETER_* environment variables.
// Every setting's key, variable, type, range and help line is in one table (config/settings.cpp,
// docs/decisions/0013-settings-table.md), which README.md's "Configuration" is tested against;
// unknown keys are errors so a typo never silently falls back to a default.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.hpp"

namespace barometer {

struct Config {
  // Directory holding site.toml, the SQLite database and the mail outbox. Relative paths in the
  // file are resolved against it. Set by --data (or the folder of --config).
  std::string data_dir = ".";
  // Where content lives: a SQLite file path (relative to data_dir), "sqlite:PATH", or a
  // PostgreSQL URL "postgresql://user:password@host:port/dbname" (also postgres://), for several
  // nodes on one database. Env: BAROMETER_DATABASE. Default "barometer.db".
  std::string database = "barometer.db";
  // host:port to listen on ("127.0.0.1:8080", "[::1]:8080", "0.0.0.0:80"). Env: BAROMETER_LISTEN.
  std::string listen = "127.0.0.1:8080";
  // Public URL of the site, no trailing slash, used in canonical links, feeds and mail.
  // Env: BAROMETER_BASE_URL. Default: "http://" + listen.
  std::string base_url;
  // True when base_url was not configured but derived from `listen`.
  bool base_url_derived = false;
  // Theme folder (templates, static/, locales/). Env: BAROMETER_THEME. Default: the built-in
  // default theme (see default_theme_dir()).
  std::string theme_dir;
  // Worker threads of the HTTP server; 0 = one per CPU core. Env: BAROMETER_THREADS. Range 0..256.
  int threads = 0;
  // Access log: "-" for stdout, "off", or a file path (relative to data_dir).
  // Env: BAROMETER_ACCESS_LOG. Default "-".
  std::string access_log = "-";
  // Minimum level of the operational log: trace, debug, info, warn, error. Env: BAROMETER_LOG_LEVEL.
  std::string log_level = "info";
  // Memory for rendered pages, in MiB (1..4096). Env: BAROMETER_CACHE_MB. Default 64.
  int cache_mb = 64;
  // Read API (/api/v1/) requests per minute per client IP, 0 = no limit (0..1000000).
  // Env: BAROMETER_API_RATE_LIMIT. Default 600 (docs/decisions/0021-read-api.md).
  int api_rate_limit = 600;

  // --- Newsletter delivery (docs/decisions/0006-delivery.md).
  // Mail relay: "smtp://[user:password@]host[:port]" (STARTTLS when offered) or
  // "smtps://..." (implicit TLS). Empty: mail is written to DATA_DIR/maildir. Env:
  // BAROMETER_SMTP_URL. Default "".
  std::string smtp_url;
  // With smtp://, refuse to send unless the relay offers STARTTLS and the TLS handshake (chain
  // and host name) succeeds, so nobody on the path can strip TLS. smtps:// is always TLS.
  // Env: BAROMETER_SMTP_REQUIRE_TLS (true/false, 1/0, yes/no). Default false (STARTTLS when
  // offered, plain otherwise: relays on loopback or a private network often have no TLS).
  bool smtp_require_tls = false;
  // From address of newsletter mail (also the bounce address). Env: BAROMETER_MAIL_FROM.
  // Default "newsletter@<host of base_url>".
  std::string mail_from;
  // DKIM private key (PEM file, relative to data_dir); empty = mail is not signed.
  // Env: BAROMETER_DKIM_KEY. Default "".
  std::string dkim_key;
  // DKIM selector (s=). Env: BAROMETER_DKIM_SELECTOR. Default "barometer".
  std::string dkim_selector = "barometer";
  // DKIM signing domain (d=). Env: BAROMETER_DKIM_DOMAIN. Default: the domain of mail_from.
  std::string dkim_domain;
  // A second DKIM key, Ed25519 (PEM file, relative to data_dir): every signed message then has an
  // ed25519-sha256 signature (RFC 8463) beside the RSA one. Needs dkim_key too (receivers without
  // Ed25519 check the RSA one). Env: BAROMETER_DKIM_ED25519_KEY. Default "" (RSA only).
  std::string dkim_ed25519_key;
  // The Ed25519 key's selector (s=; one selector holds one key). Env: BAROMETER_DKIM_ED25519_SELECTOR.
  // Default: dkim_selector + "-ed25519".
  std::string dkim_ed25519_selector;
  // The mailbox of List-Unsubscribe's mailto (RFC 2369): mail to it is piped into `barometer
  // unsubscribe-mail` (docs/deploy.md). One plain ASCII address. Env: BAROMETER_UNSUBSCRIBE_MAILBOX.
  // Default "unsubscribe@<domain of mail_from>"; "" (set explicitly) = no mailto, https only.
  std::string unsubscribe_mailbox;
  // True when unsubscribe_mailbox was set by the file or the environment (then "" means none).
  bool unsubscribe_mailbox_set = false;
  // Sending threads, each with its own relay connection (1..64). Env: BAROMETER_SEND_CONCURRENCY.
  int send_concurrency = 4;
  // Messages per second over all threads, 0 = no limit (0..100000). Env: BAROMETER_SEND_RATE.
  int send_rate = 0;
  // Messages claimed per thread at a time (1..1000); at most concurrency × batch are in flight.
  // Env: BAROMETER_SEND_BATCH. Default 20.
  int send_batch = 20;
  // Seconds a sender holds claimed messages before another may take them over (5..86400).
  // Env: BAROMETER_SEND_LEASE_SECONDS. Default 300.
  int send_lease_seconds = 300;
  // Tries per message before a temporary failure becomes permanent (1..100).
  // Env: BAROMETER_SEND_MAX_ATTEMPTS. Default 5.
  int send_max_attempts = 5;
  // Permanent failures after which a subscriber is marked bounced, 0 = never (0..100).
  // Env: BAROMETER_SEND_BOUNCE_LIMIT. Default 3.
  int send_bounce_limit = 3;
  // Seconds between `serve`'s passes over digests marked ready (1..3600).
  // Env: BAROMETER_SEND_POLL_SECONDS. Default 30.
  int send_poll_seconds = 30;

  // --- Webhooks (docs/decisions/0022-webhooks.md).
  // Lets webhooks reach loopback, private, link-local and unique-local addresses (the SSRF guard
  // refuses them otherwise, at registration and after resolving at delivery).
  // Env: BAROMETER_WEBHOOKS_ALLOW_PRIVATE. Default false.
  bool webhooks_allow_private = false;
  // Seconds one webhook POST may take in all, resolving to response (1..120); connecting may take
  // half of it. Env: BAROMETER_WEBHOOK_TIMEOUT_SECONDS. Default 10.
  int webhook_timeout_seconds = 10;
  // Tries per webhook delivery before it is failed (1..100). Env: BAROMETER_WEBHOOK_MAX_ATTEMPTS.
  // Default 8.
  int webhook_max_attempts = 8;

  // --- Newsletter sign-up limits (services/newsletter/subscriptions.hpp; README "Configuration").
  // Subscribe posts allowed per client IP within subscribe_ip_window_seconds (1..10000).
  // Env: BAROMETER_SUBSCRIBE_PER_IP. Default 10.
  int subscribe_per_ip = 10;
  // The per-IP window, seconds (60..604800, a week). Env: BAROMETER_SUBSCRIBE_IP_WINDOW_SECONDS.
  // Default 3600.
  int subscribe_ip_window_seconds = 3600;
  // Confirmation mails per address within subscribe_address_window_seconds, whoever asks (1..100).
  // Env: BAROMETER_SUBSCRIBE_MAILS_PER_ADDRESS. Default 3.
  int subscribe_mails_per_address = 3;
  // The per-address window, seconds (60..2592000, 30 days).
  // Env: BAROMETER_SUBSCRIBE_ADDRESS_WINDOW_SECONDS. Default 86400.
  int subscribe_address_window_seconds = 86400;
  // How long a confirmation link works, hours (1..2160, 90 days).
  // Env: BAROMETER_SUBSCRIBE_CONFIRM_HOURS. Default 168 (7 days).
  int subscribe_confirm_hours = 168;
  // Mails that may wait in the outbox; beyond, subscribe queues nothing (1..1000000).
  // Env: BAROMETER_SUBSCRIBE_MAX_QUEUED. Default 10000.
  int subscribe_max_queued = 10000;
  // Days after a confirmation link expired before `serve` deletes the never-confirmed subscriber
  // (0..365; docs/decisions/0011-pruning-unconfirmed-subscribers.md).
  // Env: BAROMETER_SUBSCRIBE_PRUNE_GRACE_DAYS. Default 7.
  int subscribe_prune_grace_days = 7;

  // --- Behind a reverse proxy (docs/deploy.md).
  // Peers whose X-Forwarded-For names the client: IPs or CIDR networks, v4 or v6
  // ("127.0.0.1", "10.0.0.0/8", "::1"). In site.toml an array of strings (or one string); env
  // BAROMETER_TRUSTED_PROXIES a list separated by commas or blanks. At most 64 entries; each is
  // checked by web::TrustedProxies::parse when `serve` starts. Default empty: trust nobody (the
  // per-IP limits and consent records use the connection's peer address).
  std::vector<std::string> trusted_proxies;

  // --- Monitoring (docs/decisions/0020-metrics.md).
  // A second listen address serving only /metrics (Prometheus text format), e.g. "127.0.0.1:9464":
  // kept off the public port. Env: BAROMETER_METRICS_LISTEN. Default "" (none).
  std::string metrics_listen;
  // A bearer token /metrics requires ("Authorization: Bearer TOKEN"), 16..256 printable ASCII
  // characters. Set without metrics_listen, /metrics is served on the site's own port behind it.
  // Env: BAROMETER_METRICS_TOKEN. Default "": no token (and, without metrics_listen, no /metrics).
  std::string metrics_token;

  // --- Security (docs/security.md).
  // Where to report a vulnerability, served as /.well-known/security.txt (RFC 9116): URIs
  // starting with mailto:, https: or tel:, at most 8. Env: BAROMETER_SECURITY_CONTACT (separated
  // by commas or blanks). Default empty: no security.txt (404).
  std::vector<std::string> security_contact;

  // Every field equal: a sample site.toml must load to the same Config as no file at all.
  bool operator==(const Config&) const = default;

  // True when `database` is a postgresql:// (or postgres://) URL.
  bool database_is_postgres() const;
  // The SQLite database location resolved against data_dir (meaningless for PostgreSQL).
  std::string database_path() const;
};

using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup process_environment();

// Reads DIR/site.toml if it exists (a missing file means all defaults), then the environment.
// invalid with a message naming the key (or variable) and what is allowed.
Result<Config> load_config_from_dir(const std::string& data_dir, const EnvLookup& env);
// Reads FILE (which must exist); data_dir becomes its folder.
Result<Config> load_config_from_file(const std::string& file, const EnvLookup& env);

// The text of a fresh site.toml (written by `barometer init`): every setting of the table with
// its help line, commented out with its default (or an example, the default stated above it),
// except the few init sets (settings_text.cpp). It loads to the same Config as no file.
std::string default_config_text();

// The built-in theme: next to the installed binary (../share/barometer/themes/default) or, when
// run from a build tree, the source tree's themes/default.
std::string default_theme_dir();

}  // namespace barometer
