#include "web/api/api_json.hpp"

#include <algorithm>

#include "services/search/site_search.hpp"
#include "web/views/page_views.hpp"

namespace barometer::web::api {
namespace {

Json outlook_json(Outlook o) { return o == Outlook::none ? Json(nullptr) : Json(std::string(to_string(o))); }

std::string plain_text(const std::vector<search::TextPart>& parts) {
  std::string out;
  for (const auto& p : parts) out += p.text;
  return out;
}

Json parts_json(const std::vector<search::TextPart>& parts) {
  Json out = Json::array();
  for (const auto& p : parts) out.push_back({{"text", p.text}, {"marked", p.marked}});
  return out;
}

}  // namespace

const Topic* Catalog::topic(Id id) const {
  auto it = std::find_if(topics.begin(), topics.end(), [&](const Topic& t) { return t.id == id; });
  return it == topics.end() ? nullptr : &*it;
}
const Topic* Catalog::topic(std::string_view slug) const {
  auto it = std::find_if(topics.begin(), topics.end(), [&](const Topic& t) { return t.slug == slug; });
  return it == topics.end() ? nullptr : &*it;
}
const Author* Catalog::author(Id id) const {
  auto it = std::find_if(authors.begin(), authors.end(), [&](const Author& a) { return a.id == id; });
  return it == authors.end() ? nullptr : &*it;
}
const Author* Catalog::author(std::string_view slug) const {
  auto it = std::find_if(authors.begin(), authors.end(), [&](const Author& a) { return a.slug == slug; });
  return it == authors.end() ? nullptr : &*it;
}

const std::vector<std::string>& commentary_field_names() {
  static const std::vector<std::string> names = {"topic",     "period",       "assessment", "outlook", "authors",
                                                 "published_at", "evidence", "translations", "title", "lead",
                                                 "body",      "slug",         "url"};
  return names;
}

bool is_translation_field(std::string_view name) {
  return name == "title" || name == "lead" || name == "body" || name == "slug" || name == "url";
}

Json topic_json(const Catalog& catalog, const Topic& topic) {
  Json text = Json::object(), urls = Json::object();
  for (const Language& l : catalog.site.languages) {
    if (auto it = topic.text.find(l.code); it != topic.text.end())
      text[l.code] = {{"name", it->second.name}, {"description", it->second.description}};
    urls[l.code] = catalog.base_url + views::topic_path(l.code, topic);
  }
  return {{"id", topic.id}, {"slug", topic.slug}, {"position", topic.position}, {"text", text}, {"urls", urls}};
}

Json author_json(const Catalog& catalog, const Author& author) {
  Json text = Json::object(), urls = Json::object();
  for (const Language& l : catalog.site.languages) {
    if (auto it = author.text.find(l.code); it != author.text.end())
      text[l.code] = {{"name", it->second.name}, {"bio", it->second.bio}};
    urls[l.code] = catalog.base_url + views::author_path(l.code, author);
  }
  return {{"id", author.id}, {"slug", author.slug}, {"text", text}, {"urls", urls}};
}

Json commentary_json(const Catalog& catalog, const Commentary& c, const FieldSelection& fields,
                     const std::optional<LangCode>& lang) {
  const Topic* topic = catalog.topic(c.topic_id);
  Json out = {{"id", c.id}};
  if (fields.has("topic")) out["topic"] = topic ? topic->slug : "";
  if (fields.has("period")) {
    out["period"] = c.period.id();
    out["start"] = to_iso(c.period.start());
    out["end"] = to_iso(c.period.end());
  }
  if (fields.has("assessment")) out["assessment"] = std::string(to_string(c.assessment));
  if (fields.has("outlook")) out["outlook"] = outlook_json(c.outlook);
  if (fields.has("authors")) {
    Json authors = Json::array();
    for (Id id : c.author_ids)
      if (const Author* a = catalog.author(id)) authors.push_back(a->slug);
    out["authors"] = authors;
  }
  if (fields.has("published_at")) out["published_at"] = c.published_at ? Json(to_iso(*c.published_at)) : Json(nullptr);
  if (fields.has("evidence")) {
    Json evidence = Json::array();
    for (const Evidence& e : c.evidence) {
      Json lines = Json::object();
      for (const auto& [code, line] : e.line)
        if (!lang || *lang == code) lines[code] = line;
      evidence.push_back({{"date", to_iso(e.date)},
                          {"source_url", e.source_url.empty() ? Json(nullptr) : Json(e.source_url)},
                          {"lines", lines}});
    }
    out["evidence"] = evidence;
  }
  const bool any_translation_field = std::any_of(fields.names.begin(), fields.names.end(),
                                                 [](const std::string& n) { return is_translation_field(n); });
  if (fields.has("translations") || any_translation_field) {
    // "translations" asks for all of each; title, lead, ... for just those members.
    const bool whole = fields.has("translations");
    Json translations = Json::object();
    for (const Language& l : catalog.site.languages) {  // site order, not the map's
      auto it = c.translations.find(l.code);
      if (it == c.translations.end() || (lang && *lang != l.code)) continue;
      const Translation& t = it->second;
      Json one = Json::object();
      if (whole || fields.has("title")) one["title"] = t.title;
      if (whole || fields.has("lead")) one["lead"] = t.lead;
      if (whole || fields.has("body")) one["body"] = t.body;
      if (whole || fields.has("slug")) one["slug"] = t.slug;
      if (whole || fields.has("url"))
        one["url"] = topic ? catalog.base_url + views::commentary_path(l.code, *topic, t) : "";
      translations[l.code] = std::move(one);
    }
    out["translations"] = translations;
  }
  return out;
}

Json period_json(const Catalog& catalog, const Period& period, const std::vector<Marker>& markers) {
  Json list = Json::array();
  for (const Marker& m : markers) {
    const Topic* topic = catalog.topic(m.topic_id);
    if (!topic) continue;
    list.push_back({{"topic", topic->slug},
                    {"commentary", m.commentary_id},
                    {"assessment", std::string(to_string(m.assessment))},
                    {"outlook", outlook_json(m.outlook)}});
  }
  Json urls = Json::object();
  for (const Language& l : catalog.site.languages) urls[l.code] = catalog.base_url + views::period_path(l.code, period);
  return {{"id", period.id()},
          {"start", to_iso(period.start())},
          {"end", to_iso(period.end())},
          {"markers", list},
          {"urls", urls}};
}

Json search_hit_json(const Catalog& catalog, const site_search::ResultLine& line) {
  const SearchHit& h = line.hit;
  const Topic* topic = catalog.topic(h.topic_id);
  Translation t;
  t.slug = h.slug;
  return {{"commentary", h.commentary_id},
          {"lang", h.lang},
          {"topic", topic ? topic->slug : ""},
          {"period", h.period.id()},
          {"assessment", std::string(to_string(h.assessment))},
          {"outlook", outlook_json(h.outlook)},
          {"title", plain_text(line.title)},
          {"lead", h.lead},
          {"url", topic ? catalog.base_url + views::commentary_path(h.lang, *topic, t) : ""},
          {"highlighted_title", parts_json(line.title)},
          {"snippet", parts_json(line.snippet)}};
}

Response json_response(int status, const Json& body, const std::string& cache_control) {
  Response r;
  r.status = status;
  r.set_header("Content-Type", "application/json");
  r.set_header("Cache-Control", cache_control);
  // Stored text is UTF-8; should a byte sequence be broken, replace it rather than fail.
  const std::string text = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  // <, > and & only occur inside strings in JSON text, so escaping them anywhere is exact: a
  // response that a browser or a careless client takes for HTML still holds no markup.
  std::string safe;
  safe.reserve(text.size() + 1);
  for (char c : text) {
    if (c == '<') safe += "\\u003c";
    else if (c == '>') safe += "\\u003e";
    else if (c == '&') safe += "\\u0026";
    else safe += c;
  }
  r.set_body(std::move(safe) + "\n");
  return r;
}

Response error_response(const ApiError& e) {
  Json error = {{"code", e.code}, {"message", e.message}};
  error["parameter"] = e.parameter.empty() ? Json(nullptr) : Json(e.parameter);
  return json_response(e.status, Json{{"error", error}}, "no-store");
}

}  // namespace barometer::web::api
