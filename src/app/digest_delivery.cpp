#include "app/digest_delivery.hpp"

#include <algorithm>
#include <filesystem>
#include <random>
#include <sstream>

#include "mail/maildir_transport.hpp"
#include "mail/smtp_transport.hpp"
#include "mail/smtp_url.hpp"
#include "storage/postgres/postgres_delivery_store.hpp"
#include "storage/sqlite/sqlite_delivery_store.hpp"

namespace barometer {

namespace fs = std::filesystem;

Result<std::unique_ptr<DeliveryStore>> open_delivery_store(const Config& config) {
  // One connection per sending thread plus the progress reader.
  int pool = std::max(2, config.send_concurrency + 1);
  if (config.database_is_postgres()) return open_postgres_delivery_store({.url = config.database, .pool_size = pool});
  SqliteOptions options;
  options.path = config.database_path();
  options.pool_size = pool;
  std::error_code ec;
  fs::create_directories(fs::path(options.path).parent_path(), ec);
  return open_sqlite_delivery_store(options);
}

newsletter::SenderOptions sender_options(const Config& config) {
  newsletter::SenderOptions o;
  o.concurrency = config.send_concurrency;
  o.rate = config.send_rate;
  o.batch_size = config.send_batch;
  o.lease_seconds = config.send_lease_seconds;
  o.max_attempts = config.send_max_attempts;
  o.bounce_limit = config.send_bounce_limit;
  o.envelope_from = config.mail_from;
  return o;
}

Result<newsletter::TransportFactory> make_transport_factory(const Config& config) {
  if (!config.smtp_url.empty()) {
    auto url = mail::parse_smtp_url(config.smtp_url);
    if (!url) return invalid("smtp_url: " + url.error().message);
    mail::SmtpOptions options;
    options.relay = *url;
    options.require_starttls = config.smtp_require_tls;
    return newsletter::TransportFactory(
        [options]() -> std::unique_ptr<mail::MailTransport> { return std::make_unique<mail::SmtpTransport>(options); });
  }
  std::string dir = (fs::path(config.data_dir) / "maildir").string();
  auto probe = mail::MaildirTransport::open(dir);  // creates it, and fails early when it cannot
  if (!probe) return probe.error();
  return newsletter::TransportFactory([dir]() -> std::unique_ptr<mail::MailTransport> {
    auto t = mail::MaildirTransport::open(dir);
    if (!t) return nullptr;
    return std::make_unique<mail::MaildirTransport>(std::move(*t));
  });
}

std::shared_ptr<const web::NewsletterAdmin> make_newsletter_admin(const Config& config, NewsletterStore& subscribers,
                                                                  DeliveryStore& ledger,
                                                                  newsletter::TransportFactory transport_factory) {
  auto admin = std::make_shared<web::NewsletterAdmin>();
  admin->subscribers = &subscribers;
  admin->ledger = &ledger;
  admin->mail = digest_mail_options(config);
  admin->transport = std::move(transport_factory);
  admin->envelope_from = config.mail_from;
  if (config.smtp_url.empty()) admin->maildir = (fs::path(config.data_dir) / "maildir").string();
  return admin;
}

std::string new_digest_token() {
  std::random_device rd;
  std::ostringstream out;
  out << std::hex;
  for (int i = 0; i < 4; ++i) out << ((rd() >> 8) & 0xf) << (rd() & 0xfff);
  std::string s = out.str();
  return s.substr(0, 16);
}

newsletter::DigestMailOptions digest_mail_options(const Config& config) {
  newsletter::DigestMailOptions o;
  o.theme_dir = config.theme_dir;
  o.base_url = config.base_url;
  o.mail_from = config.mail_from;
  o.dkim_key = config.dkim_key;
  o.dkim_domain = config.dkim_domain;
  o.dkim_selector = config.dkim_selector;
  o.unsubscribe_mailbox = config.unsubscribe_mailbox;
  return o;
}

Result<newsletter::MessageFactory> make_digest_messages(const Config& config, Store& content,
                                                        NewsletterStore& subscribers, const Digest& digest) {
  // The composition lives in services/newsletter/digest_content (shared with the admin's preview).
  return newsletter::make_digest_messages(digest_mail_options(config), content, subscribers, digest);
}

}  // namespace barometer
