// Webhooks (admin only, docs/decisions/0022-webhooks.md): the list, adding one (the secret shown
// once, on the page that answers the POST, never in a URL), and per webhook: edit URL, events
// and active, rotate the secret (shown once), delete, the recent deliveries with their state,
// attempts, last status, the start of the last response and error (escaped like every value),
// and "deliver again". Each change goes through webhooks::WebhookAdmin: one transaction with its
// audit line. Routes in admin_site.cpp (add_webhook_routes).
#include "domain/text.hpp"
#include "services/webhooks/webhook_admin.hpp"
#include "web/admin/form.hpp"
#include "web/admin/manage_pages.hpp"
#include "web/admin/webhook_pages.hpp"

namespace barometer::web::admin {

namespace {

constexpr int kRecentDeliveries = 20;
constexpr std::size_t kShownResponse = 200;  // bytes of a response body shown in the table

std::optional<Id> id_from(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

webhooks::WebhookInput input_of(const AdminRequest& r) {
  webhooks::WebhookInput in;
  in.url = trimmed(field(r.form, "url"));
  for (const auto& [name, value] : r.form)
    if (name == "events") in.events.push_back(value);
  in.active = field(r.form, "active") == "1";
  return in;
}

render::View event_options(const AdminDeps& deps, const AdminRequest& r, const std::vector<std::string>& chosen) {
  render::View list = render::View::list();
  for (WebhookEvent e : kWebhookEvents) {
    render::View o = render::View::object();
    const std::string name(to_string(e));
    o["value"] = name;
    o["id"] = "event-" + std::to_string(static_cast<int>(e));
    o["label"] = tr(deps, r, "webhook_event_" + std::to_string(static_cast<int>(e)));
    o["checked"] = std::find(chosen.begin(), chosen.end(), name) != chosen.end();
    list.push(std::move(o));
  }
  return list;
}

std::vector<std::string> names_of(const std::vector<WebhookEvent>& events) {
  std::vector<std::string> out;
  for (WebhookEvent e : events) out.emplace_back(to_string(e));
  return out;
}

// Where the service's error goes on the form, and which message it shows.
FieldErrors errors_of(const Error& e) {
  if (e.field == "events") return {{"events", "invalid_webhook_events"}};
  return {{"url", "invalid_webhook_url"}};
}

std::string time_text(const std::optional<Instant>& t) { return t ? to_iso(*t) : ""; }

// The form page, new or existing; `secret` is shown once when not empty.
Response show_form(const AdminDeps& deps, const AdminRequest& r, const Webhook* existing,
                   const webhooks::WebhookInput& in, const FieldErrors& errors, const std::string& secret, int status) {
  render::View v = render::View::object();
  v["is_new"] = existing == nullptr;
  v["title"] = existing ? in.url : tr(deps, r, "webhooks_new_title");
  v["action"] = existing ? "/admin/webhooks/" + std::to_string(existing->id) + "/" : "/admin/webhooks/new";
  v["saved"] = query_value(r.query, "saved").has_value();
  v["has_errors"] = !errors.empty();
  v["url"] = in.url;
  v["active"] = in.active;
  v["events"] = event_options(deps, r, in.events);
  v["url_error"] = field_error(deps, r, errors, "url");
  v["events_error"] = field_error(deps, r, errors, "events");
  v["secret"] = secret;
  v["has_secret"] = !secret.empty();
  if (existing) {
    auto rows = deps.db.webhooks().recent_deliveries(existing->id, kRecentDeliveries);
    if (!rows) return store_error_page(deps, r, rows.code());
    auto& list = v["deliveries"] = render::View::list();
    for (const auto& d : *rows) {
      render::View row = render::View::object();
      row["id"] = std::to_string(d.id);
      row["event"] = d.event;
      row["state"] = tr(deps, r, "webhook_state_" + std::string(to_string(d.state)));
      row["attempts"] = std::to_string(d.attempts);
      row["status"] = d.last_status ? std::to_string(*d.last_status) : "";
      std::string shown(utf8_prefix(d.last_response, kShownResponse));
      if (shown.size() < d.last_response.size()) shown += "…";
      row["response"] = shown;  // escaped by the template, like every value
      row["error"] = d.last_error;
      row["created_at"] = to_iso(d.created_at);
      row["next_attempt_at"] = d.state == WebhookDeliveryState::queued ? time_text(d.next_attempt_at) : "";
      row["may_redeliver"] = d.state != WebhookDeliveryState::sending;
      list.push(std::move(row));
    }
    v["has_deliveries"] = !rows->empty();
  }
  return render_page(deps, &r, "webhook", std::move(v), status);
}

// A service refusal as a page: forbidden 403, unavailable 503, not_found 404, else the form.
std::optional<Response> refusal(const AdminDeps& deps, const AdminRequest& r, const Error& e) {
  if (e.code == ErrorCode::forbidden) return error_page(deps, &r, 403, "error_forbidden");
  if (e.code == ErrorCode::unavailable) return error_page(deps, &r, 503, "error_unavailable");
  if (e.code == ErrorCode::not_found) return error_page(deps, &r, 404, "error_not_found");
  return std::nullopt;
}

}  // namespace

Response webhook_list_page(const AdminDeps& deps, const AdminRequest& r) {
  auto hooks = deps.db.webhooks().list_webhooks();
  if (!hooks) return store_error_page(deps, r, hooks.code());
  render::View v = render::View::object();
  v["title"] = tr(deps, r, "webhooks_title");
  v["deleted"] = query_value(r.query, "deleted").has_value();
  auto& list = v["webhooks"] = render::View::list();
  for (const auto& w : *hooks) {
    render::View row = render::View::object();
    row["url"] = w.url;
    row["href"] = "/admin/webhooks/" + std::to_string(w.id) + "/";
    std::string events;
    for (WebhookEvent e : w.events) events += (events.empty() ? "" : ", ") + std::string(to_string(e));
    row["events"] = events;
    row["active"] = w.active;
    list.push(std::move(row));
  }
  v["has_webhooks"] = !hooks->empty();
  return render_page(deps, &r, "webhooks", std::move(v));
}

Response new_webhook_form(const AdminDeps& deps, const AdminRequest& r) {
  webhooks::WebhookInput in;
  in.events = names_of({WebhookEvent::commentary_published});
  return show_form(deps, r, nullptr, in, {}, "", 200);
}

Response create_webhook(const AdminDeps& deps, const AdminRequest& r) {
  if (!deps.webhooks) return error_page(deps, &r, 404, "error_not_found");
  webhooks::WebhookInput in = input_of(r);
  auto added = deps.webhooks->add(r.auth->user, in);
  if (!added) {
    if (auto page = refusal(deps, r, added.error())) return *page;
    return show_form(deps, r, nullptr, in, errors_of(added.error()), "", 422);
  }
  // The one time the secret is shown: this page, not a redirect (it must never sit in a URL).
  return show_form(deps, r, &*added, in, {}, added->secret, 200);
}

Response edit_webhook_form(const AdminDeps& deps, const AdminRequest& r) {
  auto id = id_from(r.params.get("id"));
  if (!id) return error_page(deps, &r, 404, "error_not_found");
  auto w = deps.db.webhooks().get_webhook(*id);
  if (!w) return store_error_page(deps, r, w.code());
  webhooks::WebhookInput in{w->url, names_of(w->events), w->active};
  return show_form(deps, r, &*w, in, {}, "", 200);
}

Response update_webhook(const AdminDeps& deps, const AdminRequest& r) {
  if (!deps.webhooks) return error_page(deps, &r, 404, "error_not_found");
  auto id = id_from(r.params.get("id"));
  if (!id) return error_page(deps, &r, 404, "error_not_found");
  auto w = deps.db.webhooks().get_webhook(*id);
  if (!w) return store_error_page(deps, r, w.code());
  const std::string self = "/admin/webhooks/" + std::to_string(*id) + "/";
  const std::string action = field(r.form, "action");
  webhooks::WebhookInput stored{w->url, names_of(w->events), w->active};
  if (action == "save") {
    webhooks::WebhookInput in = input_of(r);
    auto s = deps.webhooks->update(r.auth->user, *id, in);
    if (!s) {
      if (auto page = refusal(deps, r, s.error())) return *page;
      return show_form(deps, r, &*w, in, errors_of(s.error()), "", 422);
    }
    return redirect(self + "?saved=1");
  }
  if (action == "rotate") {
    auto secret = deps.webhooks->rotate_secret(r.auth->user, *id);
    if (!secret) {
      if (auto page = refusal(deps, r, secret.error())) return *page;
      return store_error_page(deps, r, secret.code());
    }
    return show_form(deps, r, &*w, stored, {}, *secret, 200);
  }
  if (action == "delete") {
    auto s = deps.webhooks->remove(r.auth->user, *id);
    if (!s) {
      if (auto page = refusal(deps, r, s.error())) return *page;
      return store_error_page(deps, r, s.code());
    }
    return redirect("/admin/webhooks/?deleted=1");
  }
  if (action == "redeliver") {
    auto delivery = id_from(field(r.form, "delivery"));
    if (!delivery) return error_page(deps, &r, 400, "error_bad_request");
    auto s = deps.webhooks->redeliver(r.auth->user, *id, *delivery);
    if (!s && s.code() == ErrorCode::conflict) return show_form(deps, r, &*w, stored, {}, "", 409);
    if (!s) {
      if (auto page = refusal(deps, r, s.error())) return *page;
      return store_error_page(deps, r, s.code());
    }
    return redirect(self + "?saved=1");
  }
  return error_page(deps, &r, 400, "error_bad_request");
}

}  // namespace barometer::web::admin
