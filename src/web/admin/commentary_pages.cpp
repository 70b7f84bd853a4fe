// The week's board and the commentary editor.
//
// The editor (docs/decisions/0005-editor.md): one form for the shared fields, the evidence rows
// and one fieldset per language; buttons save, preview, submit, publish, schedule, unpublish.
// Preview renders through the public theme (web/commentary_preview.hpp) into sandboxed iframes,
// so it works without JavaScript; editor.js asks for `action=live_preview` while one types.
#include <algorithm>
#include <map>

#include "domain/text.hpp"
#include "services/staff/permissions.hpp"
#include "web/admin/admin_context.hpp"
#include "web/admin/editor_input.hpp"
#include "web/admin/form.hpp"
#include "web/admin/history_pages.hpp"
#include "web/commentary_preview.hpp"

namespace barometer::web::admin {

namespace {

using render::View;

Period current_period(const Clock& clock) {
  return Period::containing(std::chrono::floor<std::chrono::days>(clock.now()));
}

std::string status_key(CommentaryStatus s) { return "status_" + std::string(to_string(s)); }

View editor_view(const Catalogue& cat, const EditorInput& in, const Errors& errors, const Site& site,
                 const std::vector<Topic>& topics, const std::vector<Author>& authors) {
  View v = View::object();
  auto message = [&](const std::string& f) -> View {
    auto it = errors.find(f);
    return it == errors.end() ? View() : View(cat.text(it->second));
  };
  v["has_errors"] = !errors.empty();
  auto& topic_list = v["topics"] = View::list();
  for (const auto& t : topics) {
    View o = View::object();
    o["slug"] = t.slug;
    auto name = t.text.find(site.languages.empty() ? "en" : site.languages.front().code);
    o["name"] = name != t.text.end() ? name->second.name : t.slug;
    o["selected"] = t.slug == in.topic;
    topic_list.push(std::move(o));
  }
  v["topic_error"] = message("topic");
  v["period"] = in.period;
  v["period_error"] = message("period");
  auto& assessments = v["assessments"] = View::list();
  for (const char* a : {"worse", "better", "unchanged"}) {
    View o = View::object();
    o["value"] = a;
    o["label"] = cat.text(std::string("assessment_") + a);
    o["checked"] = in.assessment == a;
    assessments.push(std::move(o));
  }
  v["assessment_error"] = message("assessment");
  auto& outlooks = v["outlooks"] = View::list();
  for (const char* o : {"", "risk", "opportunity"}) {
    View x = View::object();
    x["value"] = o;
    x["label"] = cat.text(std::string("outlook_") + (*o ? o : "none"));
    x["selected"] = in.outlook == o || (!*o && in.outlook == "none");
    outlooks.push(std::move(x));
  }
  v["outlook_error"] = message("outlook");
  auto& author_list = v["authors"] = View::list();
  for (const auto& a : authors) {
    View o = View::object();
    o["slug"] = a.slug;
    auto name = a.text.begin();
    o["name"] = name != a.text.end() ? name->second.name : a.slug;
    o["checked"] = std::find(in.authors.begin(), in.authors.end(), a.slug) != in.authors.end();
    author_list.push(std::move(o));
  }
  v["authors_error"] = message("authors");
  v["text_error"] = message("text");
  auto& langs = v["languages"] = View::list();
  for (const auto& lang : site.languages) {
    View o = View::object();
    auto it = in.text.find(lang.code);
    Translation t = it == in.text.end() ? Translation{} : it->second;
    o["code"] = lang.code;
    o["name"] = lang.name;
    o["title"] = t.title;
    o["lead"] = t.lead;
    o["body"] = t.body;
    o["slug"] = t.slug;
    o["title_error"] = message("title_" + lang.code);
    o["lead_error"] = message("lead_" + lang.code);
    o["body_error"] = message("body_" + lang.code);
    o["slug_error"] = message("slug_" + lang.code);
    langs.push(std::move(o));
  }
  // Evidence: the rows as typed, then a few blank ones for new events.
  auto& rows = v["evidence"] = View::list();
  const std::size_t total = std::min(in.evidence.size() + kBlankEvidenceRows, kMaxEvidenceRows);
  for (std::size_t n = 0; n < total; ++n) {
    const EvidenceInput blank;
    const EvidenceInput& e = n < in.evidence.size() ? in.evidence[n] : blank;
    const std::string i = std::to_string(n);
    View row = View::object();
    row["n"] = i;
    row["number"] = std::to_string(n + 1);
    row["date"] = e.date;
    row["source"] = e.source;
    row["remove"] = e.remove;
    row["existing"] = n < in.evidence.size();
    row["date_error"] = message("ev_date_" + i);
    row["source_error"] = message("ev_source_" + i);
    row["line_error"] = message("ev_line_" + i);
    auto& lines = row["lines"] = View::list();
    for (const auto& lang : site.languages) {
      View l = View::object();
      l["n"] = i;
      l["code"] = lang.code;
      l["name"] = lang.name;
      auto it = e.line.find(lang.code);
      l["line"] = it == e.line.end() ? std::string() : it->second;
      lines.push(std::move(l));
    }
    rows.push(std::move(row));
  }
  v["schedule_at"] = in.schedule_at;
  v["schedule_zone"] = site.time_zone;
  v["schedule_error"] = message("schedule_at");
  return v;
}

struct Lists {
  Site site;
  std::vector<Topic> topics;
  std::vector<Author> authors;
};

Result<Lists> load_lists(Store& store) {
  auto site = store.load_site();
  if (!site) return site.error();
  auto topics = store.list_topics();
  if (!topics) return topics.error();
  auto authors = store.list_authors();
  if (!authors) return authors.error();
  return Lists{std::move(*site), std::move(*topics), std::move(*authors)};
}

// The live preview's language: the one asked for when the commentary has it, else the first
// site language it has text in.
LangCode preview_language(const Site& site, const Commentary& c, const std::string& asked) {
  if (!asked.empty() && c.translations.contains(asked)) return asked;
  for (const auto& l : site.languages)
    if (c.translations.contains(l.code)) return l.code;
  return asked;
}

Response show_editor(const AdminDeps& deps, const AdminRequest& r, const Lists& lists, const EditorInput& in,
                     const Errors& errors, const Commentary* existing, const Commentary* preview, int status) {
  const Catalogue& cat = catalogue_for(deps, &r);
  View v = editor_view(cat, in, errors, lists.site, lists.topics, lists.authors);
  if (existing) {
    v["id"] = std::to_string(existing->id);
    v["action"] = "/admin/commentaries/" + std::to_string(existing->id) + "/";
    v["status"] = cat.text(status_key(existing->status));
    v["is_published"] = existing->status == CommentaryStatus::published;
    v["is_scheduled"] = existing->status == CommentaryStatus::scheduled;
    if (existing->status == CommentaryStatus::scheduled && existing->published_at) {
      // The machine-readable instant in UTC; the text in the site's time zone, as typed.
      v["scheduled_for"] = to_iso(*existing->published_at);
      std::string local = schedule_field(*existing->published_at, lists.site.time_zone);
      v["scheduled_for_local"] = local.replace(10, 1, " ");
    }
  } else {
    v["action"] = "/admin/commentaries/new";
    v["status"] = cat.text("status_new");
  }
  v["saved"] = query_value(r.query, "saved").has_value();
  auto& choices = v["preview_languages"] = View::list();
  for (const auto& l : lists.site.languages) {
    View o = View::object();
    o["code"] = l.code;
    o["name"] = l.name;
    choices.push(std::move(o));
  }
  if (preview && errors.empty()) {
    // One sandboxed frame per language: the public page itself, as srcdoc (escaped by the
    // template), so no script in it can run and no JavaScript is needed to see it.
    auto& list = v["preview"] = View::list();
    for (const auto& l : lists.site.languages) {
      if (!preview->translations.contains(l.code)) continue;
      View p = View::object();
      p["lang"] = l.code;
      p["name"] = l.name;
      auto html = deps.preview ? deps.preview->render(*preview, l.code, cat.text("preview_banner"))
                               : Result<std::string>(unavailable("no preview renderer"));
      if (html) p["html"] = std::move(*html);
      else p["failed"] = cat.text("preview_failed");
      list.push(std::move(p));
    }
  }
  return render_page(deps, &r, "editor", std::move(v), status);
}

// POST action=live_preview (editor.js): the public page of the form as it stands, in
// `preview_lang`, as a whole HTML document for a sandboxed iframe; with validation errors, a
// short page listing them (also 200). Never saves.
Response live_preview(const AdminDeps& deps, const AdminRequest& r, const Lists& lists, const Errors& errors,
                      const Commentary& c) {
  const Catalogue& cat = catalogue_for(deps, &r);
  Response resp;
  resp.set_header("Content-Type", "text/html; charset=utf-8");
  resp.set_header("X-Robots-Tag", "noindex");
  if (!errors.empty()) {
    std::string html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" +
                       html_escape(cat.text("preview_banner")) + "</title></head><body><p role=\"alert\">" +
                       html_escape(cat.text("editor_has_errors")) + "</p><ul>";
    for (const auto& [name, key] : errors) html += "<li>" + html_escape(name) + ": " + html_escape(cat.text(key)) + "</li>";
    // 200: a preview of an unfinished form is not a failed request (the browser would log a
    // 4xx as an error while the analyst is still typing); the errors are the preview's content.
    resp.status = 200;
    resp.set_body(html + "</ul></body></html>");
    return resp;
  }
  const LangCode lang = preview_language(lists.site, c, field(r.form, "preview_lang"));
  auto html = deps.preview ? deps.preview->render(c, lang, cat.text("preview_banner"))
                           : Result<std::string>(unavailable("no preview renderer"));
  if (!html) {
    resp.status = html.code() == ErrorCode::unavailable ? 503 : 422;
    resp.set_body("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" +
                  html_escape(cat.text("preview_banner")) + "</title></head><body><p role=\"alert\">" +
                  html_escape(cat.text("preview_failed")) + "</p></body></html>");
    return resp;
  }
  resp.set_body(std::move(*html));
  return resp;
}

bool publishing_action(const std::string& action) {
  auto a = editorial::parse_commentary_action(action);
  return a && editorial::changes_publication(*a);
}

Response save(const AdminDeps& deps, const AdminRequest& r, std::optional<Commentary> existing) {
  auto lists = load_lists(deps.store);
  if (!lists) return error_page(deps, &r, 503, "error_unavailable");
  const StaffUser& user = r.auth->user;
  std::string action = field(r.form, "action");
  if (action.empty()) action = "save";
  // Refuse a forbidden button before anything is validated (the service refuses it too).
  if (publishing_action(action) && !staff::role_allows(user.role, staff::Permission::publish))
    return error_page(deps, &r, 403, "error_forbidden");
  const Commentary* before = existing ? &*existing : nullptr;
  EditorInput in = input_from(r.form, lists->site);
  Commentary c = existing ? *existing : Commentary{};
  Errors errors = validate(in, lists->topics, lists->authors, c);
  std::optional<Instant> schedule_at;
  if (action == "schedule") {
    schedule_at = parse_schedule_time(in.schedule_at, lists->site.time_zone);
    if (!schedule_at) errors["schedule_at"] = "invalid_schedule";
    else if (*schedule_at <= deps.clock.now()) errors["schedule_at"] = "invalid_schedule_past";
    else {  // what the preview shows
      c.status = CommentaryStatus::scheduled;
      c.published_at = *schedule_at;
    }
  }
  if (action == "live_preview") return live_preview(deps, r, *lists, errors, c);
  if (!errors.empty()) return show_editor(deps, r, *lists, in, errors, before, nullptr, 422);
  if (action == "preview") return show_editor(deps, r, *lists, in, errors, before, &c, 200);
  auto button = editorial::parse_commentary_action(action);
  if (!button) return error_page(deps, &r, 400, "error_bad_request");
  // One transaction: the commentary, its owner, its revision and its audit lines.
  auto saved = deps.commentaries.save(user, std::move(c), *button, schedule_at);
  if (!saved) {
    switch (saved.code()) {
      case ErrorCode::forbidden: return error_page(deps, &r, 403, "error_forbidden");
      case ErrorCode::not_found: return error_page(deps, &r, 404, "error_not_found");
      case ErrorCode::invalid:
        if (saved.error().field == "schedule_at")
          return show_editor(deps, r, *lists, in, {{"schedule_at", "invalid_schedule_past"}}, before, nullptr, 422);
        [[fallthrough]];
      default: {
        Errors e{{"period", saved.code() == ErrorCode::conflict ? "conflict_commentary" : "invalid_store"}};
        return show_editor(deps, r, *lists, in, e, before, nullptr, saved.code() == ErrorCode::unavailable ? 503 : 422);
      }
    }
  }
  // After "submit" an analyst may no longer edit it (in review it is the editor's turn): the
  // editor page would answer 403, so they land on the week's board with a notice instead.
  const Commentary& stored = saved->commentary;
  if (!staff::may_edit_commentary(user, saved->owner, stored.status))
    return redirect("/admin/?period=" + stored.period.id() + "&submitted=1");
  return redirect("/admin/commentaries/" + std::to_string(stored.id) + "/?saved=1");
}

// The commentary named by {id}, if this user may edit it; else the error response.
std::variant<Commentary, Response> editable(const AdminDeps& deps, const AdminRequest& r) {
  Id id = 0;
  const std::string& text = r.params.get("id");
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return error_page(deps, &r, 404, "error_not_found");
  id = std::stoll(text);
  auto c = deps.store.get_commentary(id);
  if (!c) return error_page(deps, &r, c.code() == ErrorCode::not_found ? 404 : 503,
                            c.code() == ErrorCode::not_found ? "error_not_found" : "error_unavailable");
  auto owner = deps.staff_store.commentary_owner(id);
  if (!staff::may_edit_commentary(r.auth->user, owner ? *owner : 0, c->status))
    return error_page(deps, &r, 403, "error_forbidden");
  return std::move(*c);
}

}  // namespace

// The dashboard's "site jobs" panel: the newest audit line of each long job the commands run —
// `import wordpress` (site.import), and the static build and export when they write theirs
// (site.build, site.export) — with its time and detail (the counts as JSON). Generic on purpose:
// a new job needs only its audit line (docs/decisions/0023-wordpress-import.md).
static View site_jobs(const AdminDeps& deps, const AdminRequest& r) {
  static const std::pair<const char*, const char*> kJobs[] = {
      {"site.import", "board_last_import"}, {"site.export", "board_last_export"}, {"site.build", "board_last_build"}};
  View jobs = View::list();
  for (const auto& [action, label] : kJobs) {
    View job = View::object();
    job["label"] = catalogue_for(deps, &r).text(label);
    AuditFilter filter;
    filter.action_prefix = action;
    filter.limit = 1;
    auto newest = deps.history.list_audit(filter);
    if (newest && !newest->empty()) {
      const AuditEntry& e = newest->front();
      job["at"] = to_iso(e.at);
      job["by"] = e.user_name;
      job["detail"] = e.detail;
    }
    jobs.push(std::move(job));
  }
  return jobs;
}

Response board_page(const AdminDeps& deps, const AdminRequest& r) {
  Period period = current_period(deps.clock);
  if (auto q = query_value(r.query, "period")) {
    auto p = Period::parse(*q);
    if (!p) return error_page(deps, &r, 400, "invalid_period");
    period = *p;
  }
  auto lists = load_lists(deps.store);
  if (!lists) return error_page(deps, &r, 503, "error_unavailable");
  CommentaryFilter filter;
  filter.period = period;
  filter.published_only = false;
  auto found = deps.store.find_commentaries(filter);
  if (!found) return error_page(deps, &r, 503, "error_unavailable");
  View v = View::object();
  v["period"] = period.id();
  v["period_start"] = to_iso(period.start());
  v["period_end"] = to_iso(period.end());
  v["previous"] = period.previous().id();
  v["next"] = period.next().id();
  auto& langs = v["languages"] = View::list();
  for (const auto& l : lists->site.languages) langs.push(View(l.code));
  v["submitted"] = query_value(r.query, "submitted").has_value();
  auto& rows = v["rows"] = View::list();
  for (const auto& t : lists->topics) {
    View row = View::object();
    auto name = t.text.find(lists->site.languages.empty() ? "en" : lists->site.languages.front().code);
    row["topic"] = name != t.text.end() ? name->second.name : t.slug;
    const Commentary* c = nullptr;
    for (const auto& x : *found)
      if (x.topic_id == t.id) c = &x;
    auto& cells = row["cells"] = View::list();
    std::vector<std::string> missing;
    for (const auto& l : lists->site.languages) {
      View cell = View::object();
      bool has = c && c->translations.count(l.code);
      cell["present"] = has;
      cell["lang"] = l.code;
      if (has) cell["title"] = c->translations.at(l.code).title;
      else missing.push_back(l.code);
      cells.push(std::move(cell));
    }
    if (c) {
      row["exists"] = true;
      row["status"] = catalogue_for(deps, &r).text(status_key(c->status));
      row["status_code"] = std::string(to_string(c->status));
      row["marker"] = catalogue_for(deps, &r).text("assessment_" + std::string(to_string(c->assessment)));
      row["edit"] = "/admin/commentaries/" + std::to_string(c->id) + "/";
    } else {
      row["write"] = "/admin/commentaries/new?topic=" + percent_encode(t.slug) + "&period=" + period.id();
    }
    std::string m;
    for (const auto& code : missing) m += (m.empty() ? "" : ", ") + code;
    row["missing"] = m;
    rows.push(std::move(row));
  }
  v["jobs"] = site_jobs(deps, r);
  return render_page(deps, &r, "board", std::move(v));
}

Response new_commentary_form(const AdminDeps& deps, const AdminRequest& r) {
  auto lists = load_lists(deps.store);
  if (!lists) return error_page(deps, &r, 503, "error_unavailable");
  EditorInput in;
  in.topic = field(r.query, "topic");
  in.period = field(r.query, "period");
  if (in.period.empty()) in.period = current_period(deps.clock).id();
  in.assessment = "unchanged";
  return show_editor(deps, r, *lists, in, {}, nullptr, nullptr, 200);
}

Response create_commentary(const AdminDeps& deps, const AdminRequest& r) { return save(deps, r, std::nullopt); }

Response edit_commentary_form(const AdminDeps& deps, const AdminRequest& r) {
  auto c = editable(deps, r);
  if (auto* resp = std::get_if<Response>(&c)) return std::move(*resp);
  auto lists = load_lists(deps.store);
  if (!lists) return error_page(deps, &r, 503, "error_unavailable");
  const auto& commentary = std::get<Commentary>(c);
  return show_editor(deps, r, *lists, input_from(commentary, lists->topics, lists->authors, lists->site.time_zone), {}, &commentary,
                     nullptr, 200);
}

Response update_commentary(const AdminDeps& deps, const AdminRequest& r) {
  auto c = editable(deps, r);
  if (auto* resp = std::get_if<Response>(&c)) return std::move(*resp);
  return save(deps, r, std::get<Commentary>(std::move(c)));
}

}  // namespace barometer::web::admin
