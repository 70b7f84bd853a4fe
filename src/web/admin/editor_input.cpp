#include "web/admin/editor_input.hpp"

#include <algorithm>

#include "i18n/local_time.hpp"
#include "i18n/slug.hpp"
#include "web/admin/form.hpp"

namespace barometer::web::admin {

namespace {

// Only spaces, tabs and line breaks: the store refuses such a title or line as empty
// (storage/validate.cpp), so the editor calls it missing, on its own field.
bool is_blank_text(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

bool is_blank(const EvidenceInput& e) {
  return e.date.empty() && e.source.empty() && !e.remove &&
         std::all_of(e.line.begin(), e.line.end(), [](const auto& l) { return l.second.empty(); });
}

// http(s) with a host, and nothing a browser or a template could misread (spaces, controls, quotes).
bool is_source_url(const std::string& url) {
  std::string_view rest;
  if (url.starts_with("https://")) rest = std::string_view(url).substr(8);
  else if (url.starts_with("http://")) rest = std::string_view(url).substr(7);
  else return false;
  if (rest.empty() || rest.front() == '/') return false;
  return std::none_of(url.begin(), url.end(), [](unsigned char ch) {
    return ch <= 0x20 || ch == 0x7f || ch == '"' || ch == '<' || ch == '>' || ch == '\\';
  });
}

}  // namespace

EditorInput input_from(const Commentary& c, const std::vector<Topic>& topics, const std::vector<Author>& authors,
                       const std::string& time_zone) {
  EditorInput in;
  for (const auto& t : topics)
    if (t.id == c.topic_id) in.topic = t.slug;
  in.period = c.period.id();
  in.assessment = std::string(to_string(c.assessment));
  in.outlook = std::string(to_string(c.outlook));
  for (Id id : c.author_ids)
    for (const auto& a : authors)
      if (a.id == id) in.authors.push_back(a.slug);
  for (const auto& [lang, tr] : c.translations) in.text[lang] = tr;
  for (const auto& e : c.evidence) {
    EvidenceInput row{to_iso(e.date), e.source_url, {}, false};
    for (const auto& [lang, line] : e.line) row.line[lang] = line;
    in.evidence.push_back(std::move(row));
  }
  if (c.status == CommentaryStatus::scheduled && c.published_at) in.schedule_at = schedule_field(*c.published_at, time_zone);
  return in;
}

EditorInput input_from(const QueryParams& form, const Site& site) {
  EditorInput in;
  in.topic = field(form, "topic");
  in.period = field(form, "period");
  in.assessment = field(form, "assessment");
  in.outlook = field(form, "outlook");
  for (const auto& [k, v] : form)
    if (k == "author") in.authors.push_back(v);
  for (const auto& lang : site.languages) {
    Translation t{field(form, "title_" + lang.code), field(form, "lead_" + lang.code),
                  field(form, "body_" + lang.code), field(form, "slug_" + lang.code)};
    if (!t.title.empty() || !t.lead.empty() || !t.body.empty() || !t.slug.empty()) in.text[lang.code] = t;
  }
  for (std::size_t n = 0; n < kMaxEvidenceRows; ++n) {
    const std::string i = std::to_string(n);
    EvidenceInput row;
    row.date = field(form, "ev_date_" + i);
    row.source = field(form, "ev_source_" + i);
    row.remove = !field(form, "ev_remove_" + i).empty();
    for (const auto& lang : site.languages)
      if (auto line = field(form, "ev_line_" + i + "_" + lang.code); !line.empty()) row.line[lang.code] = line;
    if (!is_blank(row)) in.evidence.push_back(std::move(row));
  }
  in.schedule_at = field(form, "schedule_at");
  return in;
}

Errors validate(EditorInput& in, const std::vector<Topic>& topics, const std::vector<Author>& authors,
                Commentary& out) {
  Errors e;
  out.topic_id = 0;
  for (const auto& t : topics)
    if (t.slug == in.topic) out.topic_id = t.id;
  if (!out.topic_id) e["topic"] = "invalid_topic";
  if (auto p = Period::parse(in.period)) out.period = *p;
  else e["period"] = "invalid_period";
  if (auto a = parse_assessment(in.assessment)) out.assessment = *a;
  else e["assessment"] = "invalid_assessment";
  if (auto o = parse_outlook(in.outlook)) out.outlook = *o;
  else e["outlook"] = "invalid_outlook";
  out.author_ids.clear();
  for (const auto& slug : in.authors) {
    bool known = false;
    for (const auto& a : authors)
      if (a.slug == slug) {
        out.author_ids.push_back(a.id);
        known = true;
      }
    if (!known) e["authors"] = "invalid_author";
  }
  out.translations.clear();
  if (in.text.empty()) e["text"] = "invalid_no_language";
  for (auto& [lang, t] : in.text) {
    if (is_blank_text(t.title) || t.title.size() > kMaxTitle) e["title_" + lang] = "invalid_title";
    if (is_blank_text(t.lead) || t.lead.size() > kMaxLead) e["lead_" + lang] = "invalid_lead";
    if (t.body.size() > kMaxBody) e["body_" + lang] = "invalid_body";
    if (t.slug.empty()) t.slug = slugify(t.title);
    if (!is_valid_slug(t.slug)) e["slug_" + lang] = "invalid_slug";
    out.translations[lang] = t;
  }
  out.evidence.clear();
  for (std::size_t n = 0; n < in.evidence.size(); ++n) {
    const EvidenceInput& row = in.evidence[n];
    if (row.remove) continue;
    const std::string i = std::to_string(n);
    Evidence ev;
    if (auto d = parse_iso_date(row.date)) ev.date = *d;
    else e["ev_date_" + i] = "invalid_evidence_date";
    if (!row.source.empty() && (row.source.size() > kMaxSourceUrl || !is_source_url(row.source)))
      e["ev_source_" + i] = "invalid_evidence_source";
    ev.source_url = row.source;
    bool any_line = false;
    for (const auto& [lang, line] : row.line) {
      if (is_blank_text(line)) continue;
      if (line.size() > kMaxEvidenceLine) e["ev_line_" + i] = "invalid_evidence_line";
      ev.line[lang] = line;
      any_line = true;
    }
    if (!any_line) e["ev_line_" + i] = "invalid_evidence_line";
    out.evidence.push_back(std::move(ev));
  }
  // The store keeps evidence in date order; so does the editor, stably.
  std::stable_sort(out.evidence.begin(), out.evidence.end(),
                   [](const Evidence& a, const Evidence& b) { return a.date < b.date; });
  return e;
}

std::optional<Instant> parse_schedule_time(const std::string& text, const std::string& time_zone) {
  auto t = parse_local_time(text, time_zone);
  if (!t) return std::nullopt;
  return *t;
}

std::string schedule_field(Instant t, const std::string& time_zone) { return format_local_time(t, time_zone); }

}  // namespace barometer::web::admin
