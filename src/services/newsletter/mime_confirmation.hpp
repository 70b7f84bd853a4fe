// The real ConfirmationComposer for Subscriptions (subscriptions.hpp): compose_confirmation in the
// subscriber's language, build_mime with GMime, and a DKIM signature when a signer is given.
// Replaces plain_confirmation_composer once the app wires it:
//
//   newsletter::MimeConfirmationOptions o;
//   o.templates = ...; o.catalogues = ...; o.sites = {{"en", mail_site_en}, ...}; o.dkim = ...;
//   auto composer = newsletter::mime_confirmation_composer(std::move(o), clock);
//
// The Message-ID is stable per confirmation link (the key is the link). Thread-safe: the returned
// function only reads shared immutable data (the signer serialises itself).
#pragma once

#include <memory>

#include "domain/clock.hpp"
#include "i18n/catalogue.hpp"
#include "mail/dkim.hpp"
#include "services/newsletter/compose.hpp"
#include "services/newsletter/subscriptions.hpp"

namespace barometer::newsletter {

struct MimeConfirmationOptions {
  std::shared_ptr<const MailTemplates> templates;  // the theme's mail/ templates; required
  std::shared_ptr<const Catalogues> catalogues;    // the theme's locales; required
  PerLanguage<MailSite> sites;                     // site name, from, base URL... per language; required
  std::shared_ptr<const mail::DkimSigner> dkim;    // null: messages are not signed
};

// The composer; it returns invalid for a language without a catalogue or MailSite.
ConfirmationComposer mime_confirmation_composer(MimeConfirmationOptions options, const Clock& clock);

}  // namespace barometer::newsletter
