// The newsletter's public pages, at the URLs of PRODUCT.md's table (issue #4):
//
//   GET  /subscribe[?lang=xx]        the subscribe form on its own page (the footer links here);
//                                    in `lang` when it is a site language, else Accept-Language
//   POST /subscribe                  subscribe (the form on every public page posts here): always
//                                    the same "check your inbox" page (known, unknown,
//                                    rate-limited, honeypot filled); a malformed address is a 422
//                                    with the form refilled. Answered in the form's `lang`.
//   GET  /confirm/{token}            a page with a "Confirm" button: a mail scanner's GET
//                                    confirms nothing
//   POST /confirm/{token}            confirms; "You have been successfully subscribed"
//   GET  /preferences/{token}        preferences (language, topics); POST saves them
//   GET  /unsubscribe/{token}        a page with an "Unsubscribe" button
//   POST /unsubscribe/{token}        unsubscribes, answers 200 (no redirect): RFC 8058 one-click
//                                    (body List-Unsubscribe=One-Click) or the page's button; no
//                                    cookie, no CSRF token: the signed token is the authentication
//
// No URL carries a language: token pages speak the subscriber's language (after a preferences
// change, the new one); a token that cannot be used is answered in the negotiated language.
// A bad, expired or used token is a clear page (400 forged/malformed, 410 expired/used) with a
// link to subscribe again. Every response is Cache-Control: no-store and never enters the page
// cache; token pages also send Referrer-Policy: no-referrer and X-Robots-Tag: noindex.
// Form bodies are limited (NewsletterFormLimits). No I/O besides the stores.
#pragma once

#include <cstddef>

#include "services/newsletter/subscriptions.hpp"
#include "web/router.hpp"
#include "web/routes/public_context.hpp"

namespace barometer::web::routes {

struct NewsletterFormLimits {
  std::size_t max_bytes = 8 * 1024;  // a form body, bytes. Default 8 KiB (an address, a language, topics).
  std::size_t max_fields = 64;       // name=value pairs. Default 64.
};

// Adds the routes above to `router` (before any catch-all route). `ctx` and `subscriptions` must
// outlive the router.
void add_newsletter_routes(Router& router, PublicContext& ctx, newsletter::Subscriptions& subscriptions,
                           NewsletterFormLimits limits = {});

}  // namespace barometer::web::routes
