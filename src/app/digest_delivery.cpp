#include "app/digest_delivery.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "i18n/catalogue.hpp"
#include "mail/dkim.hpp"
#include "mail/maildir_transport.hpp"
#include "mail/smtp_transport.hpp"
#include "mail/smtp_url.hpp"
#include "services/newsletter/compose.hpp"
#include "services/newsletter/mail_templates.hpp"
#include "services/newsletter/subscriptions.hpp"
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

std::string new_digest_token() {
  std::random_device rd;
  std::ostringstream out;
  out << std::hex;
  for (int i = 0; i < 4; ++i) out << ((rd() >> 8) & 0xf) << (rd() & 0xfff);
  std::string s = out.str();
  return s.substr(0, 16);
}

namespace {

struct Topics {
  std::vector<newsletter::DigestTopic> rows;  // in topic order
  std::vector<Id> topic_ids;                  // parallel to rows
};

// Everything one digest's messages share, loaded once.
struct Shared {
  SystemClock clock;
  newsletter::MailTemplates templates;
  std::shared_ptr<const Catalogue> catalogue;
  newsletter::MailSite site;
  Period period = Period::containing(Date{});
  LangCode lang;
  Topics topics;
  std::optional<mail::DkimSigner> dkim;
  std::unique_ptr<newsletter::Subscriptions> links;  // only its token/URL functions are used
  NewsletterStore* subscribers = nullptr;
};

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return io_error(path + ": cannot read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Result<newsletter::MessageFactory> make_digest_messages(const Config& config, Store& content,
                                                        NewsletterStore& subscribers, const Digest& digest) {
  auto shared = std::make_shared<Shared>();
  auto site = content.load_site();
  if (!site) return site.error();
  const Language* language = site->language(digest.lang);
  if (!language) return invalid("--lang: '" + digest.lang + "' is not a language of the site");
  auto period = Period::parse(digest.period);
  if (!period) return invalid("--period: " + period.error().message);
  shared->period = *period;
  shared->lang = digest.lang;

  auto templates = newsletter::MailTemplates::load(config.theme_dir);
  if (!templates) return templates.error();
  shared->templates = std::move(*templates);
  auto catalogue = Catalogue::load((fs::path(config.theme_dir) / "locales" / (digest.lang + ".toml")).string(),
                                   language->icu_locale);
  if (!catalogue) return catalogue.error();
  shared->catalogue = std::make_shared<const Catalogue>(std::move(*catalogue));

  auto name = site->name.count(digest.lang) ? site->name.at(digest.lang) : site->name.begin()->second;
  shared->site = {name, site->subject.count(digest.lang) ? site->subject.at(digest.lang) : "", config.base_url,
                  language->icu_locale, {name, config.mail_from}};

  auto topics = content.list_topics();
  if (!topics) return topics.error();
  std::sort(topics->begin(), topics->end(), [](const Topic& a, const Topic& b) { return a.position < b.position; });
  CommentaryFilter filter;
  filter.period = *period;
  auto commentaries = content.find_commentaries(filter);
  if (!commentaries) return commentaries.error();
  for (const auto& t : *topics) {
    for (const auto& c : *commentaries) {
      if (c.topic_id != t.id || !c.translations.count(digest.lang)) continue;
      const auto& tr = c.translations.at(digest.lang);
      std::string topic_name = t.text.count(digest.lang) ? t.text.at(digest.lang).name : t.slug;
      shared->topics.rows.push_back({topic_name, c.assessment, c.outlook, tr.title, tr.lead,
                                     "/" + digest.lang + "/topics/" + t.slug + "/" + tr.slug + "/"});
      shared->topics.topic_ids.push_back(t.id);
    }
  }
  if (shared->topics.rows.empty())
    return invalid("--period: " + digest.period + " has no published commentary in '" + digest.lang + "'");

  if (!config.dkim_key.empty()) {
    auto pem = read_file(config.dkim_key);
    if (!pem) return invalid("dkim_key: " + pem.error().message);
    auto signer = mail::DkimSigner::create({config.dkim_domain, config.dkim_selector, *pem});
    if (!signer) return invalid("dkim_key: " + signer.error().message);
    shared->dkim.emplace(std::move(*signer));
  }
  newsletter::SubscriptionOptions links;
  links.base_url = config.base_url;
  auto subs = newsletter::Subscriptions::create(
      subscribers, shared->clock, [](const newsletter::ConfirmationMail&) -> Result<std::string> {
        return invalid("the digest sender sends no confirmations");
      },
      links);
  if (!subs) return subs.error();
  shared->links = std::move(*subs);
  shared->subscribers = &subscribers;

  return newsletter::MessageFactory([shared](const Delivery& d) -> Result<std::string> {
    auto subscriber = shared->subscribers->get_subscriber(d.subscriber_id);
    if (!subscriber) return subscriber.error();
    newsletter::DigestInput in;
    in.site = shared->site;
    in.lang = shared->lang;
    in.period = shared->period;
    const auto& wanted = subscriber->topic_ids;
    for (std::size_t i = 0; i < shared->topics.rows.size(); ++i)
      if (wanted.empty() ||
          std::find(wanted.begin(), wanted.end(), shared->topics.topic_ids[i]) != wanted.end())
        in.topics.push_back(shared->topics.rows[i]);
    if (in.topics.empty()) in.topics = shared->topics.rows;
    in.period_url = "/" + shared->lang + "/" + shared->period.id() + "/";
    in.to = d.email;  // the snapshot the ledger holds, even if the address changed since
    in.preferences_url = shared->links->preferences_url(*subscriber);
    in.unsubscribe_url = shared->links->unsubscribe_url(*subscriber);
    in.message_key = "digest/" + shared->period.id() + "/" + shared->lang + "/" + std::to_string(d.subscriber_id);
    in.date = shared->clock.now();
    auto message = newsletter::compose_digest(shared->templates, *shared->catalogue, in);
    if (!message) return message.error();
    message->message_id = d.message_id;  // the ledger's: every re-send carries the same one
    auto bytes = mail::build_mime(*message);
    if (!bytes) return bytes.error();
    if (shared->dkim) return shared->dkim->sign(*bytes);
    return bytes;
  });
}

}  // namespace barometer
