// Composers of the newsletter's messages: the weekly digest and the subscription confirmation,
// as mail::OutgoingMessage (then mail::build_mime, optionally mail::DkimSigner, then a
// MailTransport). Inputs are plain data so the digest sender can fill them from the store.
//
// Text comes from the theme's catalogue ([mail] block, plus [marker] and [outlook] for the
// assessment words) and the theme's mail/ templates (MailTemplates). Links are absolute: a path
// starting with "/" is prefixed with the site's base URL; an http(s) URL is kept. Headers:
//   Message-ID             DigestInput::message_id if set, else make_message_id(site host, message_key):
//                          either way stable across re-sends
//   List-Id                <digest.SITE-HOST>
//   List-Unsubscribe       <https unsubscribe URL>[, <mailto:...>]
//   List-Unsubscribe-Post  List-Unsubscribe=One-Click (RFC 8058)
// The confirmation carries List-Unsubscribe (+ List-Unsubscribe-Post) only when the input has
// one, and never List-Id: it is not a list message yet.
//
// Errors: invalid when a required field is empty, a URL is neither absolute http(s) nor a path,
// or the templates lack "digest"/"confirmation"; build errors are build_mime's.
// Thread-safe: pure functions of their arguments.
#pragma once

#include <string>
#include <vector>

#include "domain/assessment.hpp"
#include "domain/date.hpp"
#include "domain/period.hpp"
#include "domain/result.hpp"
#include "domain/site.hpp"
#include "i18n/catalogue.hpp"
#include "mail/message.hpp"
#include "services/newsletter/mail_templates.hpp"

namespace barometer::newsletter {

// Site-wide facts every message needs.
struct MailSite {
  std::string name;        // the site name in the message's language: "Барометр Беларусі"
  std::string subject;     // what is monitored, as the catalogue's "Situation in {subject}" wants it
  std::string base_url;    // "https://barometer.example", no trailing slash
  std::string icu_locale;  // for dates: "be_BY"
  mail::Mailbox from;      // "Барометр Беларусі" <digest@barometer.example>
};

// One topic's row in the digest.
struct DigestTopic {
  std::string topic;                  // topic name in the language
  Assessment assessment = Assessment::unchanged;
  Outlook outlook = Outlook::none;
  std::string title;                  // the commentary's title
  std::string lead;                   // its one-sentence lead
  std::string url;                    // "/ru/topics/economy/slug/" or an absolute URL
};

struct DigestInput {
  MailSite site;
  LangCode lang;                                  // "ru"
  Period period = Period::containing(Date{});     // the week the digest is about
  std::vector<DigestTopic> topics;                // in the site's topic order
  std::string period_url;                         // the week's page; "" leaves the link out
  std::string to;                                 // the subscriber's address
  std::string preferences_url;                    // the subscriber's preferences page
  std::string unsubscribe_url;                    // https one-click URL (GET shows, POST unsubscribes)
  std::string unsubscribe_mailto;                 // "unsubscribe@host?subject=TOKEN"; "" for none
  std::string message_key;                        // stable per (digest, subscriber): "digest/2022-W09/ru/42"
  std::string message_id;                         // when set (the delivery ledger's id), used instead of message_key
  Instant date{};                                 // the Date header
};

struct ConfirmationInput {
  MailSite site;
  LangCode lang;
  std::string to;           // the address to confirm
  std::string confirm_url;  // the confirmation link (absolute or a path)
  std::string message_key;  // stable per confirmation request
  Instant date{};
  std::string display_to;        // the address as shown in the text (U-labels); "" = `to`
  std::string list_unsubscribe;  // whole List-Unsubscribe value ("<https://…>, <mailto:…>"); "" = none
};

Result<mail::OutgoingMessage> compose_digest(const MailTemplates& templates, const Catalogue& catalogue,
                                             const DigestInput& input);
Result<mail::OutgoingMessage> compose_confirmation(const MailTemplates& templates, const Catalogue& catalogue,
                                                   const ConfirmationInput& input);

// The host of a base URL ("https://a.example:8443/x" -> "a.example"); "" when it has none.
std::string url_host(const std::string& base_url);

}  // namespace barometer::newsletter
