// The back office (/admin/...) as one web::Handler: sign-in, the week's board, the commentary
// editor, the staff list. docs/decisions/0004-admin.md explains sessions, CSRF, throttling, roles.
//
// Contract:
//  - Every route except /admin/login needs a session (cookie `barometer_session`): without one,
//    a 303 to /admin/login. A role without the route's permission gets 403.
//  - Every POST needs the session's CSRF token in the `_csrf` field (the sign-in form: a
//    double-submit token bound to a pre-sign-in cookie): missing or wrong -> 403, nothing changed.
//  - POST bodies: application/x-www-form-urlencoded within FormLimits, else 400/413.
//  - Every response carries Cache-Control: no-store; nothing here touches the public page cache
//    (publishing changes Store::content_version(), which refreshes that cache by itself).
//  - Thread-safe: handle() may be called concurrently. The stores, service and clock must
//    outlive the handler.
#pragma once

#include <memory>
#include <string>

#include "domain/clock.hpp"
#include "services/staff/staff_service.hpp"
#include "storage/database.hpp"
#include "web/admin/form.hpp"
#include "web/admin/newsletter_admin.hpp"
#include "web/http.hpp"

namespace barometer::web {

struct AdminOptions {
  // The back office theme: templates/, templates/partials/, locales/en.toml, static/.
  // Default: the checked-in admin theme of the source tree.
  std::string theme_dir = "themes/admin";
  // Add `Secure` to cookies (the site is served over https). Default false.
  bool secure_cookies = false;
  // Limits on POST bodies.
  admin::FormLimits form_limits;
  // The public theme the editor's preview renders with (the one readers see). Default "": the
  // `default` theme beside theme_dir (themes/default next to themes/admin).
  std::string public_theme_dir;
  // The newsletter pages' stores, mail settings and transport (newsletter_admin.hpp). Default
  // null: /admin/newsletter/... answers 404.
  std::shared_ptr<const NewsletterAdmin> newsletter;
  // /admin/webhooks/ accepts URLs whose literal host is loopback, private, link-local ... (the
  // setting webhooks_allow_private). Default false.
  bool webhooks_allow_private = false;
};

// invalid naming the file for a broken template or catalogue; io when the theme cannot be read.
// Reads and writes `database` (changes through the services, each one transaction with its
// revision and audit lines).
Result<std::unique_ptr<Handler>> make_admin_site(Database& database, staff::StaffService& staff, const Clock& clock,
                                                 const AdminOptions& options);

}  // namespace barometer::web
