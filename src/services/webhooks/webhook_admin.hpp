// WebhookAdmin: the back office's changes to webhooks — add, edit (URL, events, active), delete,
// rotate the secret, deliver a ledger row again. Each is ONE transaction with its audit line
// (history::AuditedChanges: webhook.create, webhook.update, webhook.delete, webhook.rotate_secret,
// webhook.redeliver; subject webhook:ID); the acting user needs manage_staff (admins).
//
// The rules: the URL passes webhook::parse_url (http/https, no credentials, ...) and, unless
// private addresses are allowed, a literal host must be a public address (the SSRF guard; names
// are checked at delivery); at least one known event. The secret is made here (32 random bytes,
// "whsec_" + hex) and returned once; the audit line never holds it.
//
// Thread-safe (the database is); the database and clock must outlive the object.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/clock.hpp"
#include "domain/result.hpp"
#include "domain/staff.hpp"
#include "domain/webhook.hpp"
#include "services/history/audited_changes.hpp"
#include "storage/database.hpp"

namespace barometer::webhooks {

// What a form typed: events by their names ("commentary.published", ...).
struct WebhookInput {
  std::string url;
  std::vector<std::string> events;
  bool active = true;
};

class WebhookAdmin {
 public:
  WebhookAdmin(Database& database, const Clock& clock, bool allow_private)
      : changes_(database, clock), clock_(clock), allow_private_(allow_private) {}

  // The stored webhook, its secret included (show it once). invalid naming the field ("url",
  // "events"); forbidden.
  Result<Webhook> add(const StaffUser& by, const WebhookInput& input);
  // Sets url, events, active. As add(), and not_found.
  Status update(const StaffUser& by, Id id, const WebhookInput& input);
  // Deletes the webhook and its ledger. not_found, forbidden.
  Status remove(const StaffUser& by, Id id);
  // A new secret, returned (show it once); the old one stops working at once.
  Result<std::string> rotate_secret(const StaffUser& by, Id id);
  // Queues ledger row `delivery_id` of webhook `webhook_id` again, due now. not_found (also when
  // the row is another webhook's), conflict while it is being sent, forbidden.
  Status redeliver(const StaffUser& by, Id webhook_id, Id delivery_id);

  bool allow_private() const { return allow_private_; }

 private:
  Result<Webhook> checked(const WebhookInput& input) const;

  history::AuditedChanges changes_;
  const Clock& clock_;
  bool allow_private_;
};

// "whsec_" + 64 hex digits from the system's random source.
std::string new_webhook_secret();

}  // namespace barometer::webhooks
