// Revisions of a commentary: the list, the diff of two revisions, and restoring one.
// Every route here needs the same right as editing the commentary (commentary_pages.cpp):
// editors and admins any commentary, analysts only their own drafts.
#include "web/admin/history_pages.hpp"

#include <algorithm>

#include "services/history/text_diff.hpp"
#include "services/staff/permissions.hpp"
#include "web/admin/form.hpp"

namespace barometer::web::admin {

namespace {

using render::View;

constexpr std::size_t kMaxIdDigits = 18;

std::optional<Id> parse_id(std::string_view text) {
  if (text.empty() || text.size() > kMaxIdDigits || text.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  Id id = 0;
  for (char ch : text) id = id * 10 + (ch - '0');
  return id;
}

std::string commentary_path(Id id) { return "/admin/commentaries/" + std::to_string(id) + "/"; }

// The commentary named by {id} if this user may edit it (the editor's rule), else the error page.
std::variant<Commentary, Response> editable(const AdminDeps& deps, const AdminRequest& r) {
  auto id = parse_id(r.params.get("id"));
  if (!id) return error_page(deps, &r, 404, "error_not_found");
  auto c = deps.store.get_commentary(*id);
  if (!c) {
    bool missing = c.code() == ErrorCode::not_found;
    return error_page(deps, &r, missing ? 404 : 503, missing ? "error_not_found" : "error_unavailable");
  }
  auto owner = deps.staff_store.commentary_owner(*id);
  if (!staff::may_edit_commentary(r.auth->user, owner ? *owner : 0, c->status))
    return error_page(deps, &r, 403, "error_forbidden");
  return std::move(*c);
}

// A revision of commentary `commentary_id` named by a query value or a route parameter.
std::variant<Revision, Response> revision_of(const AdminDeps& deps, const AdminRequest& r, Id commentary_id,
                                             std::string_view text) {
  auto id = parse_id(text);
  if (!id) return error_page(deps, &r, text.empty() ? 400 : 404, text.empty() ? "error_bad_request" : "error_not_found");
  auto rev = deps.history.get_revision(*id);
  if (!rev) {
    bool missing = rev.code() == ErrorCode::not_found;
    return error_page(deps, &r, missing ? 404 : 503, missing ? "error_not_found" : "error_unavailable");
  }
  if (rev->info.commentary_id != commentary_id) return error_page(deps, &r, 404, "error_not_found");
  return std::move(*rev);
}

View piece_view(const history::DiffPiece& p, history::DiffOp line_op) {
  View v = View::object();
  // Every key set on every piece: a missing one would be looked up in the enclosing contexts.
  bool changed_line = line_op != history::DiffOp::same;
  v["text"] = p.text;
  v["del"] = changed_line && p.op == history::DiffOp::removed;
  v["ins"] = changed_line && p.op == history::DiffOp::added;
  v["plain"] = !changed_line || p.op == history::DiffOp::same;
  return v;
}

const char* op_class(history::DiffOp op) {
  switch (op) {
    case history::DiffOp::same: return "same";
    case history::DiffOp::removed: return "removed";
    case history::DiffOp::added: return "added";
  }
  return "same";
}

// One field of the diff page; nothing when the field did not change.
void add_field(View& fields, const std::string& label, const std::string& before, const std::string& after) {
  if (before == after) return;
  auto lines = history::diff_lines(before, after);
  View f = View::object();
  f["label"] = label;
  auto& list = f["lines"] = View::list();
  for (const auto& l : lines) {
    View line = View::object();
    line["class"] = op_class(l.op);
    auto& pieces = line["pieces"] = View::list();
    for (const auto& p : l.pieces) pieces.push(piece_view(p, l.op));
    list.push(std::move(line));
  }
  fields.push(std::move(f));
}

struct Names {
  std::vector<Topic> topics;
  std::vector<Author> authors;
  std::vector<LangCode> languages;  // the site's, in its order
};

std::string topic_name(const Names& n, Id id) {
  for (const auto& t : n.topics)
    if (t.id == id) return t.slug;
  return "#" + std::to_string(id);
}

std::string author_names(const Names& n, const std::vector<Id>& ids) {
  std::string out;
  for (Id id : ids) {
    std::string name = "#" + std::to_string(id);
    for (const auto& a : n.authors)
      if (a.id == id) name = a.text.empty() ? a.slug : a.text.begin()->second.name + " (" + a.slug + ")";
    out += (out.empty() ? "" : "\n") + name;
  }
  return out;
}

// Evidence as one line per item, so a changed item shows as one changed line.
std::string evidence_text(const Commentary& c) {
  std::string out;
  for (const auto& e : c.evidence) {
    std::string line = to_iso(e.date);
    if (!e.source_url.empty()) line += " " + e.source_url;
    for (const auto& [lang, text] : e.line) line += " [" + lang + "] " + text;
    out += line + "\n";
  }
  return out;
}

std::string published_text(const Commentary& c) { return c.published_at ? to_iso(*c.published_at) : ""; }

View revision_row(const RevisionInfo& info) {
  View row = View::object();
  row["id"] = std::to_string(info.id);
  row["saved_at"] = to_iso(info.saved_at);
  row["who"] = info.user_name.empty() ? std::string("—") : info.user_name;
  row["summary"] = info.summary;
  return row;
}

}  // namespace

Response revisions_page(const AdminDeps& deps, const AdminRequest& r) {
  auto c = editable(deps, r);
  if (auto* resp = std::get_if<Response>(&c)) return std::move(*resp);
  const auto& commentary = std::get<Commentary>(c);
  auto list = deps.history.list_revisions(commentary.id);
  if (!list) return error_page(deps, &r, 503, "error_unavailable");
  View v = View::object();
  v["id"] = std::to_string(commentary.id);
  v["editor"] = commentary_path(commentary.id);
  v["diff_action"] = commentary_path(commentary.id) + "revisions/diff";
  v["restored"] = query_value(r.query, "restored").has_value();
  v["has_revisions"] = !list->empty();
  v["can_compare"] = list->size() >= 2;
  auto& rows = v["revisions"] = View::list();
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto& info = (*list)[i];
    View row = revision_row(info);
    // Preselected: the newest against the one before it.
    row["from_checked"] = i == 1;
    row["to_checked"] = i == 0;
    row["is_current"] = i == 0;
    row["restore"] = commentary_path(commentary.id) + "revisions/" + std::to_string(info.id) + "/restore";
    if (i + 1 < list->size())
      row["previous_diff"] = commentary_path(commentary.id) + "revisions/diff?from=" +
                             std::to_string((*list)[i + 1].id) + "&to=" + std::to_string(info.id);
    else
      row["previous_diff"] = View();
    rows.push(std::move(row));
  }
  return render_page(deps, &r, "revisions", std::move(v));
}

Response revision_diff_page(const AdminDeps& deps, const AdminRequest& r) {
  auto c = editable(deps, r);
  if (auto* resp = std::get_if<Response>(&c)) return std::move(*resp);
  const auto& commentary = std::get<Commentary>(c);
  auto from = revision_of(deps, r, commentary.id, field(r.query, "from"));
  if (auto* resp = std::get_if<Response>(&from)) return std::move(*resp);
  auto to = revision_of(deps, r, commentary.id, field(r.query, "to"));
  if (auto* resp = std::get_if<Response>(&to)) return std::move(*resp);
  const Revision& a = std::get<Revision>(from);
  const Revision& b = std::get<Revision>(to);

  Names names;
  auto topics = deps.store.list_topics();
  auto authors = deps.store.list_authors();
  auto site = deps.store.load_site();
  if (!topics || !authors || !site) return error_page(deps, &r, 503, "error_unavailable");
  names.topics = std::move(*topics);
  names.authors = std::move(*authors);
  for (const auto& l : site->languages) names.languages.push_back(l.code);
  // Languages of either snapshot that the site no longer lists still get compared.
  for (const auto* s : {&a.snapshot, &b.snapshot})
    for (const auto& [lang, t] : s->translations)
      if (std::find(names.languages.begin(), names.languages.end(), lang) == names.languages.end())
        names.languages.push_back(lang);

  auto label = [&](std::string_view key) { return tr(deps, r, key); };
  auto assessment = [&](const Commentary& x) { return label("assessment_" + std::string(to_string(x.assessment))); };
  auto outlook = [&](const Commentary& x) {
    return label("outlook_" + (x.outlook == Outlook::none ? std::string("none") : std::string(to_string(x.outlook))));
  };
  auto status = [&](const Commentary& x) { return label("status_" + std::string(to_string(x.status))); };

  const Commentary& x = a.snapshot;
  const Commentary& y = b.snapshot;
  View fields = View::list();
  add_field(fields, label("editor_topic"), topic_name(names, x.topic_id), topic_name(names, y.topic_id));
  add_field(fields, label("editor_period"), x.period.id(), y.period.id());
  add_field(fields, label("editor_assessment"), assessment(x), assessment(y));
  add_field(fields, label("editor_outlook"), outlook(x), outlook(y));
  add_field(fields, label("editor_authors"), author_names(names, x.author_ids), author_names(names, y.author_ids));
  add_field(fields, label("diff_status"), status(x), status(y));
  add_field(fields, label("diff_published_at"), published_text(x), published_text(y));
  for (const auto& lang : names.languages) {
    auto ta = x.translations.count(lang) ? x.translations.at(lang) : Translation{};
    auto tb = y.translations.count(lang) ? y.translations.at(lang) : Translation{};
    std::string suffix = " (" + lang + ")";
    add_field(fields, label("editor_text_title") + suffix, ta.title, tb.title);
    add_field(fields, label("diff_lead") + suffix, ta.lead, tb.lead);
    add_field(fields, label("diff_body") + suffix, ta.body, tb.body);
    add_field(fields, label("editor_slug") + suffix, ta.slug, tb.slug);
  }
  add_field(fields, label("diff_evidence"), evidence_text(x), evidence_text(y));

  View v = View::object();
  v["id"] = std::to_string(commentary.id);
  v["editor"] = commentary_path(commentary.id);
  v["revisions"] = commentary_path(commentary.id) + "revisions/";
  v["from"] = revision_row(a.info);
  v["to"] = revision_row(b.info);
  v["no_changes"] = fields.as_list().empty();
  v["fields"] = std::move(fields);
  v["restore_from"] = commentary_path(commentary.id) + "revisions/" + std::to_string(a.info.id) + "/restore";
  return render_page(deps, &r, "revision_diff", std::move(v));
}

Response restore_revision(const AdminDeps& deps, const AdminRequest& r) {
  auto c = editable(deps, r);
  if (auto* resp = std::get_if<Response>(&c)) return std::move(*resp);
  const auto& current = std::get<Commentary>(c);
  auto rev = revision_of(deps, r, current.id, r.params.get("rev"));
  if (auto* resp = std::get_if<Response>(&rev)) return std::move(*resp);
  const Revision& old = std::get<Revision>(rev);
  // The content comes back; the state stays (docs/decisions/0004-admin.md): a restore never
  // publishes, unpublishes or reschedules. One transaction with its revision and audit line.
  if (auto s = deps.commentaries.restore(r.auth->user, current.id, old.info.id); !s) {
    switch (s.code()) {
      case ErrorCode::conflict: return error_page(deps, &r, 409, "restore_conflict");
      case ErrorCode::invalid: return error_page(deps, &r, 422, "restore_invalid");
      case ErrorCode::forbidden: return error_page(deps, &r, 403, "error_forbidden");
      case ErrorCode::not_found: return error_page(deps, &r, 404, "error_not_found");
      default: return error_page(deps, &r, 503, "error_unavailable");
    }
  }
  return redirect(commentary_path(current.id) + "revisions/?restored=" + std::to_string(old.info.id));
}

}  // namespace barometer::web::admin
