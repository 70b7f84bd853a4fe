#include "services/webhooks/webhook_admin.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>

#include "webhook/address_guard.hpp"
#include "webhook/url.hpp"

namespace barometer::webhooks {

namespace {

std::string subject_of(Id id) { return "webhook:" + std::to_string(id); }

std::string events_detail(const Webhook& w) {
  std::string out = w.url + " [";
  for (std::size_t i = 0; i < w.events.size(); ++i) out += (i ? "," : "") + std::string(to_string(w.events[i]));
  return out + (w.active ? "]" : "] inactive");
}

}  // namespace

std::string new_webhook_secret() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "whsec_";
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xf];
  }
  return out;
}

Result<Webhook> WebhookAdmin::checked(const WebhookInput& input) const {
  auto url = webhook::parse_url(input.url);
  if (!url) return Error{ErrorCode::invalid, url.error().message, "url"};
  if (auto s = webhook::check_literal_host(url->host, allow_private_); !s) return s.error();
  Webhook w;
  w.url = input.url;
  w.active = input.active;
  for (const auto& name : input.events) {
    auto e = parse_webhook_event(name);
    if (!e) return invalid_field("events", "unknown event");
    if (std::find(w.events.begin(), w.events.end(), *e) == w.events.end()) w.events.push_back(*e);
  }
  if (w.events.empty()) return invalid_field("events", "choose at least one event");
  // Stored in one order, whatever order the form sent.
  std::sort(w.events.begin(), w.events.end());
  return w;
}

Result<Webhook> WebhookAdmin::add(const StaffUser& by, const WebhookInput& input) {
  if (auto allowed = staff::require(by, staff::Permission::manage_staff, "webhook.create"); !allowed)
    return allowed.error();
  auto w = checked(input);
  if (!w) return w.error();
  w->secret = new_webhook_secret();
  Webhook stored;
  auto s = changes_.run(by, staff::Permission::manage_staff, "webhook.create", "webhook:",
                        [&](Facets& tx, std::string& subject) -> Result<std::string> {
                          auto added = tx.webhooks.add_webhook(*w, clock_.now());
                          if (!added) return added.error();
                          stored = std::move(*added);
                          subject = subject_of(stored.id);
                          return events_detail(stored);
                        });
  if (!s) return s.error();
  return stored;
}

Status WebhookAdmin::update(const StaffUser& by, Id id, const WebhookInput& input) {
  if (auto allowed = staff::require(by, staff::Permission::manage_staff, "webhook.update"); !allowed) return allowed;
  auto w = checked(input);
  if (!w) return w.error();
  w->id = id;
  return changes_.run(by, staff::Permission::manage_staff, "webhook.update", subject_of(id),
                      [&](Facets& tx, std::string&) -> Result<std::string> {
                        if (auto s = tx.webhooks.update_webhook(*w, clock_.now()); !s) return s.error();
                        return events_detail(*w);
                      });
}

Status WebhookAdmin::remove(const StaffUser& by, Id id) {
  return changes_.run(by, staff::Permission::manage_staff, "webhook.delete", subject_of(id),
                      [&](Facets& tx, std::string&) -> Result<std::string> {
                        auto w = tx.webhooks.get_webhook(id);
                        if (!w) return w.error();
                        if (auto s = tx.webhooks.delete_webhook(id); !s) return s.error();
                        return w->url;
                      });
}

Result<std::string> WebhookAdmin::rotate_secret(const StaffUser& by, Id id) {
  if (auto allowed = staff::require(by, staff::Permission::manage_staff, "webhook.rotate_secret"); !allowed)
    return allowed.error();
  std::string secret = new_webhook_secret();
  auto s = changes_.run(by, staff::Permission::manage_staff, "webhook.rotate_secret", subject_of(id),
                        [&](Facets& tx, std::string&) -> Result<std::string> {
                          if (auto set = tx.webhooks.set_webhook_secret(id, secret, clock_.now()); !set)
                            return set.error();
                          return std::string("new secret");  // never the secret itself
                        });
  if (!s) return s.error();
  return secret;
}

Status WebhookAdmin::redeliver(const StaffUser& by, Id webhook_id, Id delivery_id) {
  return changes_.run(by, staff::Permission::manage_staff, "webhook.redeliver", subject_of(webhook_id),
                      [&](Facets& tx, std::string&) -> Result<std::string> {
                        auto d = tx.webhooks.get_delivery(delivery_id);
                        if (!d) return d.error();
                        if (d->webhook_id != webhook_id)
                          return not_found("delivery " + std::to_string(delivery_id) + " is not " +
                                           subject_of(webhook_id) + "'s");
                        if (auto s = tx.webhooks.redeliver(delivery_id, clock_.now()); !s) return s.error();
                        return "delivery " + std::to_string(delivery_id) + " " + d->event;
                      });
}

}  // namespace barometer::webhooks
