#include "app/digest_delivery.hpp"

#include <algorithm>
#include <filesystem>
#include <random>
#include <sstream>

#include "mail/maildir_transport.hpp"
#include "mail/smtp_transport.hpp"
#include "mail/smtp_url.hpp"

namespace barometer {

namespace fs = std::filesystem;

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

newsletter::DigestRunOptions digest_run_options(const Config& config) {
  newsletter::DigestRunOptions o;
  o.mail = digest_mail_options(config);
  o.sender = sender_options(config);
  auto at = config.mail_from.rfind('@');
  if (at != std::string::npos && at + 1 < config.mail_from.size()) o.message_id_domain = config.mail_from.substr(at + 1);
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

std::shared_ptr<const web::NewsletterAdmin> make_newsletter_admin(const Config& config, Database& database,
                                                                  const Clock& clock,
                                                                  newsletter::TransportFactory transport_factory) {
  auto admin = std::make_shared<web::NewsletterAdmin>();
  admin->subscribers = &database.subscribers();
  admin->ledger = &database.deliveries();
  admin->mail = digest_mail_options(config);
  // Test sends on a thread of their own: a slow relay never holds an HTTP worker.
  admin->test_sends = std::make_shared<newsletter::TestSends>(std::move(transport_factory), database.history(), clock);
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
  o.dkim_ed25519_key = config.dkim_ed25519_key;
  o.dkim_ed25519_selector = config.dkim_ed25519_selector;
  o.unsubscribe_mailbox = config.unsubscribe_mailbox;
  return o;
}

}  // namespace barometer
