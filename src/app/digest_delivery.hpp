// The delivery side of the composition root (docs/decisions/0006-delivery.md): opens the
// delivery ledger, turns the configuration into sender options and transports, and builds each
// subscriber's digest message (compose_digest + build_mime + DKIM) for the DigestSender.
//
// Transports: smtp_url set -> one SmtpTransport per sending thread (connection reuse); empty ->
// a MaildirTransport into DATA_DIR/maildir. Links in mail use config.base_url.
#pragma once

#include <memory>
#include <string>

#include "config/config.hpp"
#include "domain/digest.hpp"
#include "domain/result.hpp"
#include "services/newsletter/digest_content.hpp"
#include "services/newsletter/digest_sender.hpp"
#include "storage/delivery_store.hpp"
#include "storage/newsletter_store.hpp"
#include "storage/store.hpp"
#include "web/admin/newsletter_admin.hpp"

namespace barometer {

// The DeliveryStore on the database `config` names, migrated. Errors as open_store.
Result<std::unique_ptr<DeliveryStore>> open_delivery_store(const Config& config);

// SenderOptions from the send_* settings (owner and digest left to the caller).
newsletter::SenderOptions sender_options(const Config& config);

// A transport per thread from smtp_url, or the Maildir. invalid for a bad smtp_url; io when the
// Maildir cannot be created.
Result<newsletter::TransportFactory> make_transport_factory(const Config& config);

// The digest mail settings (theme, base_url, From, DKIM) of the configuration.
newsletter::DigestMailOptions digest_mail_options(const Config& config);

// The message of `digest` for each claimed row: the period's published commentaries in the
// digest's language (a subscriber who chose topics gets those, or every topic when none of theirs
// has a commentary that week), personal preferences/unsubscribe links, the row's Message-ID,
// DKIM-signed when dkim_key is set. Loads what every message shares once. Errors: invalid when
// the period has no published commentary in that language or the theme/key is unusable; store
// errors.
Result<newsletter::MessageFactory> make_digest_messages(const Config& config, Store& content,
                                                        NewsletterStore& subscribers, const Digest& digest);

// The back office's newsletter pages (web::AdminOptions::newsletter) over these stores, which
// must outlive the site: the digest mail settings, the configured transport for test sends
// (transport_factory: make_transport_factory's), MAIL FROM = mail_from, and the Maildir viewer
// when no relay is configured (smtp_url empty).
std::shared_ptr<const web::NewsletterAdmin> make_newsletter_admin(const Config& config, NewsletterStore& subscribers,
                                                                  DeliveryStore& ledger,
                                                                  newsletter::TransportFactory transport_factory);

// A new random token for ensure_digest (hex, 16 characters).
std::string new_digest_token();

}  // namespace barometer
