// DigestContent: everything one digest (period, language) shares, loaded once from the stores —
// the period's published commentaries in the digest's language, in topic order, the mail
// templates, the catalogue, the site's name and the DKIM signer — and the per-subscriber
// composition on top of it. The digest sender (app/digest_delivery), the admin's preview and
// its "send a test" all compose through this one class, so what an editor previews is what
// subscribers get.
//
// A subscriber who chose topics gets those, or every topic when none of theirs has a commentary
// that week. Links are absolute (base_url); the preferences/unsubscribe links are the subscriber's.
//
// Errors of load(): invalid when the language is not the site's, the period is malformed or has
// no published commentary in that language, the theme or the DKIM key is unusable; store errors.
// Thread-safe after load(): compose() and build() only read.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/clock.hpp"
#include "domain/digest.hpp"
#include "domain/result.hpp"
#include "i18n/catalogue.hpp"
#include "mail/dkim.hpp"
#include "mail/message.hpp"
#include "services/newsletter/compose.hpp"
#include "services/newsletter/digest_sender.hpp"
#include "services/newsletter/digest_stencil.hpp"
#include "services/newsletter/mail_templates.hpp"
#include "services/newsletter/subscriptions.hpp"
#include "storage/newsletter_store.hpp"
#include "storage/store.hpp"

namespace barometer::newsletter {

struct DigestMailOptions {
  // The public theme: mail/ templates and locales/<lang>.toml. Default "themes/default".
  std::string theme_dir = "themes/default";
  // The site's public base URL, no trailing slash; every link in mail is absolute. Default "".
  std::string base_url;
  // The From address of digests. Default "" (compose refuses an empty From).
  std::string mail_from;
  // DKIM private key, a PEM file path; "" = messages are not signed. Default "".
  std::string dkim_key;
  // DKIM signing domain (d=). Default "".
  std::string dkim_domain;
  // DKIM selector (s=). Default "barometer".
  std::string dkim_selector = "barometer";
  // A second key, Ed25519, PEM file path: an ed25519-sha256 signature beside the RSA one; "" = RSA
  // only. Default "".
  std::string dkim_ed25519_key;
  // The Ed25519 key's selector. Default "" (dkim_selector + "-ed25519").
  std::string dkim_ed25519_selector;
  // The mailbox of List-Unsubscribe's mailto ("unsubscribe@barometer.example"); "" = https only.
  // Default "".
  std::string unsubscribe_mailbox;
};

class DigestContent {
 public:
  static Result<std::shared_ptr<const DigestContent>> load(const DigestMailOptions& options, Store& content,
                                                           NewsletterStore& subscribers, const std::string& period,
                                                           const LangCode& lang);

  // The digest for `subscriber` (its topics and links) addressed to `to`. `message_id` "" = a
  // stable id derived from (digest, subscriber id); `date` is the Date header.
  Result<mail::OutgoingMessage> compose(const Subscriber& subscriber, const std::string& to,
                                        const std::string& message_id, Instant date) const;
  // MIME bytes, DKIM-signed when a key is configured.
  Result<std::string> build(const mail::OutgoingMessage& message) const;
  // compose() and build() in one, the digest sender's way: the bytes are spliced from the topic
  // selection's stencil (digest_stencil.hpp), so they equal build(compose(...)) except that every
  // subscriber of a selection gets the same multipart boundary (build_mime's bytes for the composed
  // message with that boundary). Errors are compose()'s and build()'s.
  Result<std::string> compose_mime(const Subscriber& subscriber, const std::string& to,
                                   const std::string& message_id, Instant date) const;

  const Period& period() const { return period_; }
  const LangCode& lang() const { return lang_; }
  std::size_t topic_count() const { return topics_.size(); }

  DigestContent(const DigestContent&) = delete;
  DigestContent& operator=(const DigestContent&) = delete;
  DigestContent() = default;  // only load() makes usable ones

 private:
  DigestInput input(const Subscriber& subscriber, const std::string& to, const std::string& message_id,
                    Instant date) const;
  void add_mailto(const Subscriber& subscriber, mail::OutgoingMessage& message) const;
  Result<std::string> sign(Result<std::string> bytes) const;

  SystemClock clock_;
  MailTemplates templates_;
  std::shared_ptr<const Catalogue> catalogue_;
  MailSite site_;
  Period period_ = Period::containing(Date{});
  LangCode lang_;
  std::vector<DigestTopic> topics_;  // in topic order
  std::vector<Id> topic_ids_;        // parallel to topics_
  std::optional<mail::DkimSigner> dkim_;
  std::unique_ptr<Subscriptions> links_;  // only its token/URL functions are used
  DigestStencilCache stencils_;           // the shared parts rendered once per topic selection
};

// The digest sender's MessageFactory for `digest`: loads DigestContent once, then for each
// claimed row reads the subscriber, composes with the row's Message-ID (every re-send carries
// the same one) and the ledger's address snapshot, and builds (and signs) the message.
Result<MessageFactory> make_digest_messages(const DigestMailOptions& options, Store& content,
                                            NewsletterStore& subscribers, const Digest& digest);

}  // namespace barometer::newsletter
