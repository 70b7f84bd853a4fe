// The digest page of the back office: state, report, preview, test send, mark ready.
#include "web/admin/newsletter_pages.hpp"

#include "i18n/email_address.hpp"
#include "services/staff/password.hpp"
#include "mail/message.hpp"
#include "web/admin/form.hpp"
#include "web/admin/manage_pages.hpp"

namespace barometer::web::admin {

namespace {

using render::View;

// The (period, lang) a request is about: its fields (query or form), else the latest published
// period and the site's first language. nullopt: a bad value or nothing published yet.
struct Target {
  std::string period;
  LangCode lang;
  Site site;
};

std::optional<Target> target_of(const AdminDeps& deps, const QueryParams& fields, ErrorCode& failure) {
  failure = ErrorCode::invalid;
  auto site = deps.store.load_site();
  if (!site || site->languages.empty()) {
    if (!site) failure = site.code();
    return std::nullopt;
  }
  Target t{field(fields, "period"), field(fields, "lang"), std::move(*site)};
  if (t.lang.empty()) t.lang = t.site.languages.front().code;
  if (!t.site.language(t.lang)) return std::nullopt;
  if (t.period.empty()) {
    auto latest = deps.store.latest_published_period();
    if (!latest) {
      failure = latest.code();
      return std::nullopt;
    }
    if (!*latest) {
      failure = ErrorCode::not_found;
      return std::nullopt;
    }
    t.period = (*latest)->id();
  }
  auto parsed = Period::parse(t.period);
  if (!parsed) return std::nullopt;
  t.period = parsed->id();
  return t;
}

Response not_configured(const AdminDeps& deps, const AdminRequest& r) {
  return error_page(deps, &r, 404, "error_not_found");
}

Response target_error(const AdminDeps& deps, const AdminRequest& r, ErrorCode code) {
  if (code == ErrorCode::unavailable) return error_page(deps, &r, 503, "error_unavailable");
  if (code == ErrorCode::not_found) return error_page(deps, &r, 404, "newsletter_nothing_published");
  return error_page(deps, &r, 400, "error_bad_request");
}

std::string page_url(const Target& t) { return "/admin/newsletter/?period=" + t.period + "&lang=" + t.lang; }

// A subscriber that stands for "anyone": every topic, links that lead nowhere real.
Subscriber sample_subscriber(const LangCode& lang) {
  Subscriber s;
  s.lang = lang;
  s.status = SubscriberStatus::confirmed;
  return s;
}

// The target's digest as `to` would get it, for a sample subscriber (every topic).
Result<mail::OutgoingMessage> compose_sample(const AdminDeps& deps, const Target& t, const std::string& to) {
  const auto& nl = *deps.newsletter;
  auto content = newsletter::DigestContent::load(nl.mail, deps.store, *nl.subscribers, t.period, t.lang);
  if (!content) return content.error();
  return (*content)->compose(sample_subscriber(t.lang), to, "", deps.clock.now());
}

}  // namespace

Response newsletter_page(const AdminDeps& deps, const AdminRequest& r) {
  if (!deps.newsletter) return not_configured(deps, r);
  const auto& nl = *deps.newsletter;
  ErrorCode failure;
  auto t = target_of(deps, r.query, failure);
  if (!t) return target_error(deps, r, failure);
  View v = View::object();
  v["title"] = tr(deps, r, "newsletter_title");
  v["period"] = t->period;
  v["lang"] = t->lang;
  auto& langs = v["languages"] = View::list();
  for (const auto& l : t->site.languages) {
    View item = View::object();
    item["code"] = l.code;
    item["name"] = l.name;
    item["current"] = l.code == t->lang;
    item["href"] = "/admin/newsletter/?period=" + t->period + "&lang=" + l.code;
    langs.push(std::move(item));
  }

  auto digest = nl.ledger->find_digest(t->period, t->lang);
  if (!digest && digest.code() != ErrorCode::not_found) return store_error_page(deps, r, digest.code());
  std::string state = digest ? std::string(to_string(digest->state)) : "none";
  v["state"] = state;
  v["state_text"] = tr(deps, r, "newsletter_state_" + state);
  v["may_mark_ready"] = !digest || digest->state == DigestState::draft;
  if (digest && (digest->state == DigestState::ready || digest->state == DigestState::sending))
    v["refresh"] = "5";  // progress without JavaScript: the page reloads itself while it sends
  if (digest) {
    auto report = nl.ledger->report(digest->id);
    if (!report) return store_error_page(deps, r, report.code());
    View rep = View::object();
    rep["accepted"] = std::to_string(report->sent);
    rep["failed"] = std::to_string(report->failed);
    rep["uncertain"] = std::to_string(report->uncertain_final);
    rep["pending"] = std::to_string(report->pending());
    rep["total"] = std::to_string(report->total());
    auto done = report->sent + report->failed + report->uncertain_final;
    rep["percent"] = std::to_string(report->total() ? done * 100 / report->total() : 0);
    v["report"] = std::move(rep);
  }

  if (auto message = compose_sample(deps, *t, "subscriber@example.org"); !message) {
    v["compose_error"] = message.error().message;
  } else {
    View p = View::object();
    p["subject"] = message->subject;
    // The HTML part is its own document (digest_preview), framed: mail HTML styles inline,
    // which the back office's CSP forbids, and a srcdoc frame would inherit that CSP.
    p["src"] = "/admin/newsletter/preview?period=" + t->period + "&lang=" + t->lang;
    p["text"] = message->text;
    v["preview"] = std::move(p);
  }
  // ?test=TICKET after a test send: its outcome, once the background sender knows it.
  std::string test = field(r.query, "test");
  if (!test.empty() && test.size() <= 18 && test.find_first_not_of("0123456789") == std::string::npos && nl.test_sends) {
    if (auto o = nl.test_sends->outcome(std::stoull(test))) {
      using State = newsletter::TestSendOutcome::State;
      if (o->state == State::pending) v["test_pending"] = true;
      if (o->state == State::accepted) v["test_ok"] = true;
      if (o->state == State::failed) v["test_failed"] = o->detail;
    }
  }
  if (field(r.query, "ready") == "1") v["ready_saved"] = true;
  return render_page(deps, &r, "newsletter", std::move(v));
}

Response digest_preview(const AdminDeps& deps, const AdminRequest& r) {
  if (!deps.newsletter) return not_configured(deps, r);
  ErrorCode failure;
  auto t = target_of(deps, r.query, failure);
  if (!t) return target_error(deps, r, failure);
  auto message = compose_sample(deps, *t, "subscriber@example.org");
  if (!message) return error_page(deps, &r, 422, "newsletter_cannot_compose");
  Response resp;
  resp.set_body(std::move(message->html));
  resp.set_header("Content-Type", "text/html; charset=utf-8");
  resp.set_header("X-Robots-Tag", "noindex");
  // As a mail client shows it: inline styles and images, never a script, a form or a request
  // back to the site; `sandbox` gives it an opaque origin even when opened on its own. Framed
  // only by the back office's own pages.
  resp.set_header("Content-Security-Policy",
                  "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; "
                  "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox");
  resp.set_header("X-Frame-Options", "SAMEORIGIN");
  return resp;
}

Response send_test_digest(const AdminDeps& deps, const AdminRequest& r) {
  if (!deps.newsletter) return not_configured(deps, r);
  const auto& nl = *deps.newsletter;
  ErrorCode failure;
  auto t = target_of(deps, r.form, failure);
  if (!t) return target_error(deps, r, failure);
  auto address = parse_email_address(trimmed(field(r.form, "to")));
  if (!address) return error_page(deps, &r, 422, "newsletter_bad_address");
  if (!nl.test_sends) return error_page(deps, &r, 503, "newsletter_no_transport");
  auto content = newsletter::DigestContent::load(nl.mail, deps.store, *nl.subscribers, t->period, t->lang);
  if (!content) return error_page(deps, &r, 422, "newsletter_cannot_compose");
  auto message = (*content)->compose(sample_subscriber(t->lang), address->ascii, "", deps.clock.now());
  if (!message) return error_page(deps, &r, 422, "newsletter_cannot_compose");
  message->subject = "[TEST] " + message->subject;
  // A fresh Message-ID: a test must never look like (or be deduplicated against) the real one.
  message->message_id = mail::make_message_id(newsletter::url_host(nl.mail.base_url).empty()
                                                  ? "localhost"
                                                  : newsletter::url_host(nl.mail.base_url),
                                              "test/" + staff::random_token(8));
  auto bytes = (*content)->build(*message);
  if (!bytes) return error_page(deps, &r, 422, "newsletter_cannot_compose");
  // Never SMTP on an HTTP worker: the background sender sends it and writes the audit line; the
  // page shows the outcome on its next load (docs/decisions/0014).
  auto ticket = nl.test_sends->submit({.envelope = {nl.envelope_from, {address->ascii}},
                                       .message = std::move(*bytes),
                                       .actor = history::Actor::staff(r.auth->user),
                                       .subject = "digest:" + t->period + "/" + t->lang});
  if (!ticket) return error_page(deps, &r, 503, "error_unavailable");
  return redirect(page_url(*t) + "&test=" + std::to_string(*ticket));
}

Response mark_digest_ready(const AdminDeps& deps, const AdminRequest& r) {
  if (!deps.newsletter || !deps.digest_approval) return not_configured(deps, r);
  ErrorCode failure;
  auto t = target_of(deps, r.form, failure);
  if (!t) return target_error(deps, r, failure);
  // The service refuses a digest that cannot be composed; the background sender does the rest
  // (newsletter::DigestRun).
  Status s = deps.digest_approval->mark_ready(r.auth->user, t->period, t->lang);
  if (!s && s.code() == ErrorCode::invalid) return error_page(deps, &r, 422, "newsletter_cannot_compose");
  if (!s) return store_error_page(deps, r, s.code());
  return redirect(page_url(*t) + "&ready=1");
}

}  // namespace barometer::web::admin
