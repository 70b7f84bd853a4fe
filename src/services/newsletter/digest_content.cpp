#include "services/newsletter/digest_content.hpp"

#include <algorithm>
#include <filesystem>

namespace barometer::newsletter {

namespace fs = std::filesystem;

Result<std::shared_ptr<const DigestContent>> DigestContent::load(const DigestMailOptions& options, Store& content,
                                                                 NewsletterStore& subscribers,
                                                                 const std::string& period_id, const LangCode& lang) {
  auto d = std::make_shared<DigestContent>();
  auto site = content.load_site();
  if (!site) return site.error();
  const Language* language = site->language(lang);
  if (!language) return invalid("--lang: '" + lang + "' is not a language of the site");
  auto period = Period::parse(period_id);
  if (!period) return invalid("--period: " + period.error().message);
  d->period_ = *period;
  d->lang_ = lang;

  auto templates = MailTemplates::load(options.theme_dir);
  if (!templates) return templates.error();
  d->templates_ = std::move(*templates);
  auto catalogue =
      Catalogue::load((fs::path(options.theme_dir) / "locales" / (lang + ".toml")).string(), language->icu_locale);
  if (!catalogue) return catalogue.error();
  d->catalogue_ = std::make_shared<const Catalogue>(std::move(*catalogue));

  auto name = site->name.count(lang) ? site->name.at(lang) : site->name.empty() ? "" : site->name.begin()->second;
  d->site_ = {name, site->subject.count(lang) ? site->subject.at(lang) : "", options.base_url, language->icu_locale,
              {name, options.mail_from}};

  auto topics = content.list_topics();
  if (!topics) return topics.error();
  std::sort(topics->begin(), topics->end(), [](const Topic& a, const Topic& b) { return a.position < b.position; });
  CommentaryFilter filter;
  filter.period = *period;
  auto commentaries = content.find_commentaries(filter);
  if (!commentaries) return commentaries.error();
  for (const auto& t : *topics) {
    for (const auto& c : *commentaries) {
      if (c.topic_id != t.id || !c.translations.count(lang)) continue;
      const auto& tr = c.translations.at(lang);
      std::string topic_name = t.text.count(lang) ? t.text.at(lang).name : t.slug;
      d->topics_.push_back({topic_name, c.assessment, c.outlook, tr.title, tr.lead,
                            "/" + lang + "/topics/" + t.slug + "/" + tr.slug + "/"});
      d->topic_ids_.push_back(t.id);
    }
  }
  if (d->topics_.empty()) return invalid("--period: " + period_id + " has no published commentary in '" + lang + "'");

  if (!options.dkim_key.empty()) {
    auto signer = mail::DkimSigner::from_key_file(options.dkim_domain, options.dkim_selector, options.dkim_key,
                                                  options.dkim_ed25519_selector, options.dkim_ed25519_key);
    if (!signer) return invalid("dkim_key: " + signer.error().message);
    d->dkim_.emplace(std::move(*signer));
  } else if (!options.dkim_ed25519_key.empty()) {
    return invalid("dkim_ed25519_key: needs dkim_key too (receivers without Ed25519 check the RSA signature)");
  }
  SubscriptionOptions links;
  links.base_url = options.base_url;
  links.unsubscribe_mailbox = options.unsubscribe_mailbox;
  auto subs = Subscriptions::create(
      subscribers, d->clock_,
      [](const ConfirmationMail&) -> Result<std::string> { return invalid("a digest sends no confirmations"); },
      links);
  if (!subs) return subs.error();
  d->links_ = std::move(*subs);
  return std::shared_ptr<const DigestContent>(std::move(d));
}

DigestInput DigestContent::input(const Subscriber& subscriber, const std::string& to, const std::string& message_id,
                                 Instant date) const {
  DigestInput in;
  in.site = site_;
  in.lang = lang_;
  in.period = period_;
  const auto& wanted = subscriber.topic_ids;
  for (std::size_t i = 0; i < topics_.size(); ++i)
    if (wanted.empty() || std::find(wanted.begin(), wanted.end(), topic_ids_[i]) != wanted.end())
      in.topics.push_back(topics_[i]);
  if (in.topics.empty()) in.topics = topics_;
  in.period_url = "/" + lang_ + "/" + period_.id() + "/";
  in.to = to;
  in.preferences_url = links_->preferences_url(subscriber);
  in.unsubscribe_url = links_->unsubscribe_url(subscriber);
  in.message_key = "digest/" + period_.id() + "/" + lang_ + "/" + std::to_string(subscriber.id);
  in.message_id = message_id;
  in.date = date;
  return in;
}

// The mailto carries the subscriber's token, so it is no shared field of a stencil: added here,
// exactly as compose_digest adds DigestInput::unsubscribe_mailto.
void DigestContent::add_mailto(const Subscriber& subscriber, mail::OutgoingMessage& message) const {
  const std::string mailto = links_->unsubscribe_mailto(subscriber);
  if (mailto.empty()) return;
  for (auto& [name, value] : message.headers)
    if (name == "List-Unsubscribe") value += ", <mailto:" + mailto + ">";
}

Result<std::string> DigestContent::sign(Result<std::string> bytes) const {
  if (!bytes || !dkim_) return bytes;
  return dkim_->sign(*bytes);
}

Result<mail::OutgoingMessage> DigestContent::compose(const Subscriber& subscriber, const std::string& to,
                                                     const std::string& message_id, Instant date) const {
  auto message = stencils_.compose(templates_, *catalogue_, input(subscriber, to, message_id, date));
  if (message) add_mailto(subscriber, *message);
  return message;
}

Result<std::string> DigestContent::build(const mail::OutgoingMessage& message) const {
  return sign(mail::build_mime(message));
}

Result<std::string> DigestContent::compose_mime(const Subscriber& subscriber, const std::string& to,
                                                const std::string& message_id, Instant date) const {
  const DigestInput in = input(subscriber, to, message_id, date);
  if (auto stencil = stencils_.stencil(templates_, *catalogue_, in)) {
    if (auto message = stencil->fill(in)) {
      add_mailto(subscriber, *message);
      return sign(stencil->mime(*message));
    }
  }
  // No stencil, or personal values it refuses: compose_digest's message (or its error).
  auto message = compose(subscriber, to, message_id, date);
  if (!message) return message.error();
  return build(*message);
}

Result<MessageFactory> make_digest_messages(const DigestMailOptions& options, Store& content,
                                            NewsletterStore& subscribers, const Digest& digest) {
  auto loaded = DigestContent::load(options, content, subscribers, digest.period, digest.lang);
  if (!loaded) return loaded.error();
  std::shared_ptr<const DigestContent> shared = std::move(*loaded);
  NewsletterStore* store = &subscribers;
  return MessageFactory([shared, store](const Delivery& d) -> Result<std::string> {
    auto subscriber = store->get_subscriber(d.subscriber_id);
    if (!subscriber) return subscriber.error();
    // The ledger's address snapshot and Message-ID: every re-send is the same message.
    return shared->compose_mime(*subscriber, d.email, d.message_id, SystemClock().now());
  });
}

}  // namespace barometer::newsletter
