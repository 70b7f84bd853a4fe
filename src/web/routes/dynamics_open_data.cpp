// /data/markers.csv and /data/markers.json: every published commentary's marker with its titles
// and URLs per language. The schema is documented in docs/open-data.md; change it only by adding
// columns at the end (CSV) or keys (JSON), and bump "schema" for anything else.
#include <nlohmann/json.hpp>

#include "web/routes/dynamics_pages.hpp"
#include "web/views/page_views.hpp"

namespace barometer::web::routes {
namespace {

constexpr const char* kSchema = "barometer-markers/1";

Response text_response(int status, std::string content_type, std::string body, const std::string& cache_control) {
  Response r;
  r.status = status;
  r.set_header("Content-Type", std::move(content_type));
  r.set_header("Cache-Control", cache_control);
  r.set_body(std::move(body));
  return r;
}

std::string csv(const Snapshot& snap, const std::vector<Commentary>& rows) {
  std::string out = "topic,period,start,end,assessment,outlook";
  for (const auto& l : snap.site.languages) out += ",title_" + l.code + ",url_" + l.code;
  out += "\r\n";
  for (const Commentary& c : rows) {
    const Topic* topic = snap.topic(c.topic_id);
    if (!topic) continue;
    out += csv_field(topic->slug) + "," + c.period.id() + "," + to_iso(c.period.start()) + "," + to_iso(c.period.end()) +
           "," + std::string(to_string(c.assessment)) + "," + std::string(to_string(c.outlook));
    for (const auto& l : snap.site.languages) {
      auto tr = c.translations.find(l.code);
      if (tr == c.translations.end()) {
        out += ",,";
        continue;
      }
      out += "," + csv_field(tr->second.title) + "," +
             csv_field(snap.site.base_url + views::commentary_path(l.code, *topic, tr->second));
    }
    out += "\r\n";
  }
  return out;
}

std::string json(const Snapshot& snap, const std::vector<Commentary>& rows) {
  using json = nlohmann::ordered_json;
  json doc = json::object();
  doc["schema"] = kSchema;
  doc["site"] = snap.site.base_url;
  doc["languages"] = json::array();
  for (const auto& l : snap.site.languages) doc["languages"].push_back(l.code);
  doc["topics"] = json::array();
  for (const auto& t : snap.topics) {
    json names = json::object();
    for (const auto& l : snap.site.languages)
      if (auto it = t.text.find(l.code); it != t.text.end()) names[l.code] = it->second.name;
    doc["topics"].push_back({{"slug", t.slug}, {"name", names}});
  }
  json markers = json::array();
  for (const Commentary& c : rows) {
    const Topic* topic = snap.topic(c.topic_id);
    if (!topic) continue;
    json translations = json::object();
    for (const auto& l : snap.site.languages)
      if (auto tr = c.translations.find(l.code); tr != c.translations.end())
        translations[l.code] = {{"title", tr->second.title},
                                {"url", snap.site.base_url + views::commentary_path(l.code, *topic, tr->second)}};
    markers.push_back({{"topic", topic->slug},
                       {"period", c.period.id()},
                       {"start", to_iso(c.period.start())},
                       {"end", to_iso(c.period.end())},
                       {"assessment", std::string(to_string(c.assessment))},
                       {"outlook", c.outlook == Outlook::none ? json(nullptr) : json(std::string(to_string(c.outlook)))},
                       {"translations", translations}});
  }
  doc["markers"] = std::move(markers);
  // Titles are stored as UTF-8; should a byte sequence be broken, replace it rather than fail.
  return doc.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Response markers_data(PublicContext& ctx, const Snapshot& snap, const std::string& format) {
  CommentaryFilter filter;
  filter.newest_first = false;  // oldest week first, topics by position within a week
  auto rows = ctx.store().find_commentaries(filter);
  if (!rows) {
    Response r = text_response(503, "text/plain; charset=utf-8", "The data is temporarily unavailable.\n", "no-store");
    r.set_header("Retry-After", "30");
    return r;
  }
  const std::string& cache = ctx.options().page_cache_control;
  if (format == "csv") return text_response(200, "text/csv; charset=utf-8", csv(snap, *rows), cache);
  return text_response(200, "application/json", json(snap, *rows), cache);
}

}  // namespace barometer::web::routes
