// The delivery side of the composition root (docs/decisions/0006-delivery.md): turns the
// configuration into the options of a newsletter::DigestRun (mail, sender, Message-ID domain) and
// into transports, and wires the back office's newsletter pages.
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
#include "services/newsletter/digest_run.hpp"
#include "services/newsletter/digest_sender.hpp"
#include "storage/database.hpp"
#include "web/admin/newsletter_admin.hpp"

namespace barometer {

// SenderOptions from the send_* settings (owner and digest left to the caller).
newsletter::SenderOptions sender_options(const Config& config);

// What a DigestRun needs from the configuration: mail options, sender options, the Message-ID
// domain (that of mail_from).
newsletter::DigestRunOptions digest_run_options(const Config& config);

// A transport per thread from smtp_url, or the Maildir. invalid for a bad smtp_url; io when the
// Maildir cannot be created.
Result<newsletter::TransportFactory> make_transport_factory(const Config& config);

// The digest mail settings (theme, base_url, From, DKIM) of the configuration.
newsletter::DigestMailOptions digest_mail_options(const Config& config);

// The back office's newsletter pages (web::AdminOptions::newsletter) on `database`, which must
// outlive the site: the digest mail settings, a background sender of test sends through
// `transport_factory` (make_transport_factory's), MAIL FROM = mail_from, and the Maildir viewer
// when no relay is configured (smtp_url empty).
std::shared_ptr<const web::NewsletterAdmin> make_newsletter_admin(const Config& config, Database& database,
                                                                  const Clock& clock,
                                                                  newsletter::TransportFactory transport_factory);

// A new random token for ensure_digest (hex, 16 characters).
std::string new_digest_token();

}  // namespace barometer
