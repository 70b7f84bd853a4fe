#include "web/routes/newsletter_pages.hpp"

#include <algorithm>
#include <optional>

#include "domain/text.hpp"
#include "i18n/email_address.hpp"
#include "i18n/negotiate.hpp"
#include "web/admin/form.hpp"
#include "web/routes/public_pages.hpp"
#include "web/views/page_views.hpp"
#include "web/views/subscribe_form_view.hpp"

namespace barometer::web::routes {
namespace {

using newsletter::Subscriptions;
using render::View;

constexpr std::size_t kMaxSourceReferer = 200;  // bytes of the Referer kept as consent source

struct Deps {
  PublicContext& ctx;
  Subscriptions& subs;
  NewsletterFormLimits limits;
};

Response plain(int status, const std::string& text) {
  Response r;
  r.status = status;
  r.set_header("Content-Type", "text/plain; charset=utf-8");
  r.set_header("Cache-Control", "no-store");
  r.set_body(text);
  return r;
}

Response no_store(Response r) {
  r.set_header("Cache-Control", "no-store");
  r.set_header("X-Robots-Tag", "noindex");
  r.set_header("Referrer-Policy", "no-referrer");
  return r;
}

// The environment of `lang` (a site language with a catalogue), or nullopt.
std::optional<PageEnv> env_for(PublicContext& ctx, const Snapshot& snap, std::string_view lang) {
  const Language* language = snap.site.language(std::string(lang));
  if (!language) return std::nullopt;
  const Catalogue* cat = snap.catalogues->find(language->code);
  if (!cat) return std::nullopt;
  return PageEnv{ctx, snap, *language, *cat};
}

// A newsletter page: the frame, the page's own object, and no subscribe form in the footer
// (the page shows one itself where it helps).
Response page(const PageEnv& env, const std::string& path, View newsletter, int status = 200,
              std::optional<View> form = std::nullopt) {
  views::PageMeta meta;
  meta.title = newsletter["title"].as_string();
  meta.description = newsletter["text"].is_string() ? newsletter["text"].as_string() : meta.title;
  meta.path = path;
  View v = views::page_frame(env, meta);
  v["hide_subscribe_form"] = true;
  if (form) v["subscribe_form"] = std::move(*form);
  newsletter["show_form"] = form.has_value();
  v["newsletter"] = std::move(newsletter);
  return no_store(html_response(env, "newsletter", v, status));
}

View text_page(const PageEnv& env, const std::string& title_key, const std::string& text) {
  View n = View::object();
  n["title"] = env.msg(title_key);
  n["text"] = text;
  return n;
}

View link(const std::string& href, const std::string& label) {
  return View(View::Object{{"href", View(href)}, {"label", View(label)}});
}

// The form page in this language: the way back from every dead end.
std::string subscribe_path(const PageEnv& env) { return "/subscribe?lang=" + env.lang(); }

// The page's own path without the token (canonical link; the token never leaves the URL bar).
constexpr const char* kSubscribePath = "/subscribe";
constexpr const char* kConfirmPath = "/confirm";
constexpr const char* kPreferencesPath = "/preferences";
constexpr const char* kUnsubscribePath = "/unsubscribe";

// The page for a token that cannot be used, by the service's error code.
Response token_problem(const PageEnv& env, const Error& error, const std::string& path) {
  if (error.code == ErrorCode::unavailable || error.code == ErrorCode::io) return no_store(error_page(env, 503));
  const std::string key = error.code == ErrorCode::conflict    ? "newsletter.token_expired_text"
                          : error.code == ErrorCode::not_found ? "newsletter.token_used_text"
                                                               : "newsletter.token_invalid_text";
  View n = text_page(env, "newsletter.token_title", env.msg(key));
  n["link"] = link(subscribe_path(env), env.msg("newsletter.subscribe_again"));
  return page(env, path, std::move(n), error.code == ErrorCode::invalid ? 400 : 410);
}

// Topic slugs of a form -> ids; nullopt when one is not a topic of the site.
std::optional<std::vector<Id>> topic_ids(const Snapshot& snap, const QueryParams& form) {
  std::vector<Id> ids;
  for (const auto& [name, value] : form) {
    if (name != "topic") continue;
    const Topic* topic = snap.topic(value);
    if (!topic) return std::nullopt;
    if (std::find(ids.begin(), ids.end(), topic->id) == ids.end()) ids.push_back(topic->id);
  }
  // Every topic ticked means "all", which also covers topics added later.
  if (ids.size() == snap.topics.size()) ids.clear();
  return ids;
}

Response subscribe_form(const PageEnv& env) {
  View n = text_page(env, "newsletter.subscribe_title", env.msg("subscribe.text"));
  return page(env, kSubscribePath, std::move(n), 200, views::subscribe_form_view(env));
}

Response check_inbox(const PageEnv& env) {
  return page(env, kSubscribePath, text_page(env, "newsletter.check_title", env.msg("newsletter.check_text")));
}

// POST /subscribe: answered in the language the reader chose in the form (its `lang` field), or
// the negotiated one when that is missing or not a site language.
Response subscribe_post(Deps& d, const PageEnv& negotiated, const Request& r) {
  auto form = admin::parse_form(r, {.max_bytes = d.limits.max_bytes, .max_fields = d.limits.max_fields});
  if (!form) return no_store(error_page(negotiated, 400));
  std::string lang = admin::field(*form, "lang");
  auto chosen = env_for(d.ctx, negotiated.snap, lang);
  const PageEnv& env = chosen ? *chosen : negotiated;
  // Bots fill every field; people never see this one. Same answer, nothing done.
  if (!admin::field(*form, "website").empty()) return check_inbox(env);
  const std::string email = admin::field(*form, "email");
  if (lang.empty()) lang = env.lang();
  auto topics = topic_ids(env.snap, *form);
  auto refill = [&](const std::string& error_key) {
    View n = text_page(env, "newsletter.fix_title", env.msg(error_key));
    return page(env, kSubscribePath, std::move(n), 422,
                views::subscribe_form_view(env, email, env.snap.site.language(lang) ? lang : env.lang(),
                                           topics ? *topics : std::vector<Id>{}, env.msg(error_key)));
  };
  if (!env.snap.site.language(lang) || !topics) return refill("newsletter.choice_invalid");
  if (!parse_email_address(email)) return refill("newsletter.email_invalid");
  std::string source = "form";
  if (auto referer = r.header("Referer"); !referer.empty())
    source += " " + std::string(utf8_prefix(referer, kMaxSourceReferer));
  auto outcome = d.subs.subscribe({email, lang, *topics, source, r.remote_address});
  if (!outcome) {
    if (outcome.code() == ErrorCode::invalid) return refill("newsletter.email_invalid");
    return no_store(error_page(env, 503));
  }
  // queued, already confirmed, limited, outbox full: the same page, so nobody learns whether an
  // address is subscribed, and a flood of posts looks no different from one.
  return check_inbox(env);
}

// GET /subscribe[?lang=xx]: the form on its own page (the footer's link), in `lang` when it is a
// site language, else the negotiated one.
Response subscribe_get(Deps& d, const PageEnv& negotiated, const Request& r) {
  auto query = parse_query(r.query);
  std::string lang;
  if (query)
    if (auto value = query_value(*query, "lang")) lang = *value;
  auto chosen = env_for(d.ctx, negotiated.snap, lang);
  return subscribe_form(chosen ? *chosen : negotiated);
}

// The environment of the subscriber's language (the pages speak it whatever the browser says).
PageEnv own_env(Deps& d, const PageEnv& negotiated, const Subscriber& s) {
  auto own = env_for(d.ctx, negotiated.snap, s.lang);
  return own ? *own : negotiated;
}

Response confirm(Deps& d, const PageEnv& negotiated, const Request& r, const std::string& token) {
  if (r.method == "POST") {
    auto s = d.subs.confirm(token, "confirm-page", r.remote_address);
    if (!s) return token_problem(negotiated, s.error(), kConfirmPath);
    const PageEnv out = own_env(d, negotiated, *s);
    View n = text_page(out, "newsletter.confirmed_title", out.msg("newsletter.confirmed_text"));
    n["link"] = link(d.subs.preferences_url(*s).substr(d.subs.options().base_url.size()),
                     out.msg("newsletter.preferences_link"));
    return page(out, kConfirmPath, std::move(n));
  }
  auto s = d.subs.check_confirm(token);
  if (!s) return token_problem(negotiated, s.error(), kConfirmPath);
  const PageEnv env = own_env(d, negotiated, *s);
  View n = text_page(env, "newsletter.confirm_title",
                     env.cat.format("newsletter.confirm_text", {{"email", email_for_display(s->email)}}));
  n["button"] = View(View::Object{{"action", View(std::string(kConfirmPath) + "/" + token)},
                                  {"label", View(env.msg("newsletter.confirm_button"))}});
  return page(env, kConfirmPath, std::move(n));
}

View preferences_form(const PageEnv& env, Subscriptions& subs, const Subscriber& s, const std::string& token) {
  std::vector<Id> ticked = s.topic_ids;
  if (ticked.empty())  // "every topic": show them all ticked
    for (const auto& t : env.snap.topics) ticked.push_back(t.id);
  View p = views::subscribe_form_view(env, "", s.lang, ticked);
  p["action"] = std::string(kPreferencesPath) + "/" + token;
  p["unsubscribe_href"] = subs.unsubscribe_url(s).substr(subs.options().base_url.size());
  return p;
}

Response preferences(Deps& d, const PageEnv& negotiated, const Request& r, const std::string& token) {
  auto s = d.subs.check_manage(token);
  if (!s) return token_problem(negotiated, s.error(), kPreferencesPath);
  const PageEnv env = own_env(d, negotiated, *s);
  if (r.method != "POST") {
    View n = text_page(env, "newsletter.preferences_title",
                       env.cat.format("newsletter.preferences_text", {{"email", email_for_display(s->email)}}));
    n["preferences"] = preferences_form(env, d.subs, *s, token);
    return page(env, kPreferencesPath, std::move(n));
  }
  auto form = admin::parse_form(r, {.max_bytes = d.limits.max_bytes, .max_fields = d.limits.max_fields});
  if (!form) return no_store(error_page(env, 400));
  const std::string lang = admin::field(*form, "lang");
  auto topics = topic_ids(env.snap, *form);
  if (!env.snap.site.language(lang) || !topics) {
    View n = text_page(env, "newsletter.fix_title", env.msg("newsletter.choice_invalid"));
    n["preferences"] = preferences_form(env, d.subs, *s, token);
    return page(env, kPreferencesPath, std::move(n), 422);
  }
  auto saved = d.subs.update_preferences(token, lang, *topics, r.remote_address);
  if (!saved) return token_problem(env, saved.error(), kPreferencesPath);
  const PageEnv out = own_env(d, negotiated, *saved);  // answered in the new language
  View n = text_page(out, "newsletter.saved_title", out.msg("newsletter.saved_text"));
  n["preferences"] = preferences_form(out, d.subs, *saved, token);
  return page(out, kPreferencesPath, std::move(n));
}

// The RFC 8058 body, urlencoded ("List-Unsubscribe=One-Click") or multipart/form-data (a part
// named List-Unsubscribe holding One-Click). Only decides what the consent trail records: any
// POST with a valid token unsubscribes.
bool is_one_click(const Request& r) {
  if (r.body.find("List-Unsubscribe=One-Click") != std::string::npos) return true;
  return r.header("Content-Type").substr(0, 19) == "multipart/form-data" &&
         r.body.find("name=\"List-Unsubscribe\"") != std::string::npos && r.body.find("One-Click") != std::string::npos;
}

Response unsubscribe(Deps& d, const PageEnv& negotiated, const Request& r, const std::string& token) {
  auto checked = d.subs.check_manage(token);
  if (!checked) return token_problem(negotiated, checked.error(), kUnsubscribePath);
  const PageEnv env = own_env(d, negotiated, *checked);
  const bool done_before = checked->status == SubscriberStatus::unsubscribed;
  if (r.method == "POST") {
    // RFC 8058: the mailbox provider posts "List-Unsubscribe=One-Click" from its own servers, so
    // its IP says nothing about the subscriber: record none.
    const bool one_click = is_one_click(r);
    auto s = d.subs.unsubscribe(token, one_click ? "one-click" : "unsubscribe-page", one_click ? "" : r.remote_address);
    if (!s) return token_problem(env, s.error(), kUnsubscribePath);
  }
  if (r.method == "POST" || done_before) {
    View n = text_page(env, "newsletter.unsubscribed_title", env.msg("newsletter.unsubscribed_text"));
    n["link"] = link(subscribe_path(env), env.msg("newsletter.subscribe_again"));
    return page(env, kUnsubscribePath, std::move(n));
  }
  View n = text_page(env, "newsletter.unsubscribe_title",
                     env.cat.format("newsletter.unsubscribe_text", {{"email", email_for_display(checked->email)}}));
  n["button"] = View(View::Object{{"action", View(std::string(kUnsubscribePath) + "/" + token)},
                                  {"label", View(env.msg("newsletter.unsubscribe_button"))}});
  n["link"] = link(d.subs.preferences_url(*checked).substr(d.subs.options().base_url.size()),
                   env.msg("newsletter.preferences_link"));
  return page(env, kUnsubscribePath, std::move(n));
}

using FormAction = Response (*)(Deps&, const PageEnv&, const Request&);
using TokenAction = Response (*)(Deps&, const PageEnv&, const Request&, const std::string&);

}  // namespace

void add_newsletter_routes(Router& router, PublicContext& ctx, Subscriptions& subscriptions, NewsletterFormLimits limits) {
  auto deps = std::make_shared<Deps>(Deps{ctx, subscriptions, limits});
  // No language in these URLs: each action starts in the reader's negotiated language and
  // switches to the one the form or the token's subscriber names.
  auto negotiated = [deps](const Request& r, auto&& action) -> Response {
    auto snap = deps->ctx.snapshot(deps->ctx.store().content_version());
    if (!snap) return plain(503, "The site is temporarily unavailable. Please try again in a minute.\n");
    const LangCode code = negotiate_language(r.header("Accept-Language"), (*snap)->language_codes(),
                                             (*snap)->site.default_language().code);
    auto env = env_for(deps->ctx, **snap, code);
    if (!env) return plain(503, "The site is temporarily unavailable.\n");
    return action(*env);
  };
  auto with_form = [deps, negotiated](FormAction action) {
    return [deps, negotiated, action](const Request& r, const RouteParams&) -> Response {
      return negotiated(r, [&](const PageEnv& env) { return action(*deps, env, r); });
    };
  };
  auto with_token = [deps, negotiated](TokenAction action) {
    return [deps, negotiated, action](const Request& r, const RouteParams& p) -> Response {
      return negotiated(r, [&](const PageEnv& env) { return action(*deps, env, r, p.get("token")); });
    };
  };
  const std::vector<std::string> read_write = {"GET", "HEAD", "POST"};
  router.add(read_write, kSubscribePath, with_form([](Deps& d, const PageEnv& env, const Request& r) {
    return r.method == "POST" ? subscribe_post(d, env, r) : subscribe_get(d, env, r);
  }));
  router.add(read_write, std::string(kConfirmPath) + "/{token}", with_token(&confirm));
  router.add(read_write, std::string(kPreferencesPath) + "/{token}", with_token(&preferences));
  router.add(read_write, std::string(kUnsubscribePath) + "/{token}", with_token(&unsubscribe));
}

}  // namespace barometer::web::routes
