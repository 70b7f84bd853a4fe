// What the back office needs for its newsletter pages (/admin/newsletter/...), handed to
// make_admin_site through AdminOptions::newsletter. Without it those routes answer 404.
//
// Routes and permissions (admin_site.cpp, newsletter_pages.hpp):
//   /admin/newsletter/                     digest state, report, preview, test, mark ready  publish
//   /admin/newsletter/preview              the digest's HTML part, for the page's frame     publish
//   /admin/newsletter/test, /ready (POST)                                                   publish
//   /admin/newsletter/subscribers/         list, search, paging                             manage_staff
//   /admin/newsletter/subscribers/export.csv, import (GET form, POST)                       manage_staff
//   /admin/newsletter/outbox/, outbox/message?file=   the Maildir when no relay             manage_staff
// (publish: editors and admins run the newsletter; subscriber data is personal: admins only.)
#pragma once

#include <memory>
#include <string>

#include "services/newsletter/digest_content.hpp"
#include "services/newsletter/digest_sender.hpp"
#include "services/newsletter/test_sends.hpp"
#include "storage/delivery_store.hpp"
#include "storage/newsletter_store.hpp"

namespace barometer::web {

struct NewsletterAdmin {
  // Subscribers and the delivery ledger, on the same database as the Store. Must outlive the site.
  NewsletterStore* subscribers = nullptr;
  DeliveryStore* ledger = nullptr;
  // Theme, base URL, From and DKIM of digests (as the sender composes them). Default: defaults.
  newsletter::DigestMailOptions mail;
  // Sends the tests, on a thread of its own, through the configured relay or the Maildir.
  // Default null: "send a test" reports that no transport is configured.
  std::shared_ptr<newsletter::TestSends> test_sends;
  // MAIL FROM of test sends. Default "" (the null sender).
  std::string envelope_from;
  // DATA_DIR/maildir when mail goes to the Maildir (no relay configured): the outbox viewer
  // lists its new/ folder. Default "": no outbox viewer (404).
  std::string maildir;
};

}  // namespace barometer::web
