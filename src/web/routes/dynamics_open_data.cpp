// /data/markers.csv and /data/markers.json: every published commentary's marker with its titles
// and URLs per language. The schema is documented in docs/open-data.md; change it only by adding
// columns at the end (CSV) or keys (JSON), and bump "schema" for anything else.
#include <nlohmann/json.hpp>

#include "web/routes/dynamics_pages.hpp"
#include "web/url.hpp"
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

std::string commentary_url(const Snapshot& snap, const LangCode& lang, const Topic& topic, const MarkerText& text) {
  return snap.site.base_url + views::topic_path(lang, topic) + percent_encode(text.slug) + "/";
}

std::string csv(const Snapshot& snap, const std::vector<Marker>& rows) {
  std::string out = "topic,period,start,end,assessment,outlook";
  for (const auto& l : snap.site.languages) out += ",title_" + l.code + ",url_" + l.code;
  out += "\r\n";
  for (const Marker& m : rows) {
    const Topic* topic = snap.topic(m.topic_id);
    if (!topic) continue;
    out += csv_field(topic->slug) + "," + m.period.id() + "," + to_iso(m.period.start()) + "," + to_iso(m.period.end()) +
           "," + std::string(to_string(m.assessment)) + "," + std::string(to_string(m.outlook));
    for (const auto& l : snap.site.languages) {
      const MarkerText* text = m.text(l.code);
      if (!text) {
        out += ",,";
        continue;
      }
      out += "," + csv_field(text->title) + "," + csv_field(commentary_url(snap, l.code, *topic, *text));
    }
    out += "\r\n";
  }
  return out;
}

// Whether `s` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC) len = 3;
    else if (c == 0xED) len = 3, hi = 0x9F;
    else if (c >= 0xEE && c <= 0xEF) len = 3;
    else if (c == 0xF0) len = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) len = 4, hi = 0x8F;
    else return false;
    if (i + len > s.size()) return false;
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    if (c1 < lo || c1 > hi) return false;
    for (std::size_t k = 2; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

// A JSON string exactly as nlohmann's compact dump writes it (UTF-8 kept, control characters
// escaped); a string that is not well-formed UTF-8 goes through nlohmann itself, which replaces
// the broken sequences (error_handler_t::replace), so the bytes never differ.
void append_json_string(std::string& out, std::string_view s) {
  if (!valid_utf8(s)) {
    out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(s, run, std::string_view::npos);
  out += '"';
}

// The document, written directly (building an nlohmann tree of ten years of markers and dumping
// it took most of the request), written to match nlohmann's ordered_json dump(-1) byte for byte;
// dynamics_open_data_test parses it back and compares it with the store (a byte-for-byte check
// against a re-dump is still to be added).
std::string json(const Snapshot& snap, const std::vector<Marker>& rows) {
  std::string out;
  out.reserve(256 + rows.size() * (160 + 200 * snap.site.languages.size()));
  auto key = [&](std::string_view k) {
    append_json_string(out, k);
    out += ':';
  };
  out += '{';
  key("schema");
  append_json_string(out, kSchema);
  out += ',';
  key("site");
  append_json_string(out, snap.site.base_url);
  out += ',';
  key("languages");
  out += '[';
  for (std::size_t i = 0; i < snap.site.languages.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, snap.site.languages[i].code);
  }
  out += "],";
  key("topics");
  out += '[';
  for (std::size_t i = 0; i < snap.topics.size(); ++i) {
    const Topic& t = snap.topics[i];
    if (i) out += ',';
    out += '{';
    key("slug");
    append_json_string(out, t.slug);
    out += ',';
    key("name");
    out += '{';
    bool first = true;
    for (const auto& l : snap.site.languages)
      if (auto it = t.text.find(l.code); it != t.text.end()) {
        if (!first) out += ',';
        first = false;
        key(l.code);
        append_json_string(out, it->second.name);
      }
    out += "}}";
  }
  out += "],";
  key("markers");
  out += '[';
  bool first_marker = true;
  for (const Marker& m : rows) {
    const Topic* topic = snap.topic(m.topic_id);
    if (!topic) continue;
    if (!first_marker) out += ',';
    first_marker = false;
    out += '{';
    key("topic");
    append_json_string(out, topic->slug);
    out += ',';
    key("period");
    append_json_string(out, m.period.id());
    out += ',';
    key("start");
    append_json_string(out, to_iso(m.period.start()));
    out += ',';
    key("end");
    append_json_string(out, to_iso(m.period.end()));
    out += ',';
    key("assessment");
    append_json_string(out, to_string(m.assessment));
    out += ',';
    key("outlook");
    if (m.outlook == Outlook::none) out += "null";
    else append_json_string(out, to_string(m.outlook));
    out += ',';
    key("translations");
    out += '{';
    bool first = true;
    for (const auto& l : snap.site.languages)
      if (const MarkerText* text = m.text(l.code)) {
        if (!first) out += ',';
        first = false;
        key(l.code);
        out += '{';
        key("title");
        append_json_string(out, text->title);
        out += ',';
        key("url");
        append_json_string(out, commentary_url(snap, l.code, *topic, *text));
        out += '}';
      }
    out += "}}";
  }
  out += "]}\n";
  return out;
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
  auto rows = ctx.store().find_markers(filter);  // titles and slugs, no bodies or evidence
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
