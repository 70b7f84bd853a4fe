#include "storage/commentary_json.hpp"

#include <nlohmann/json.hpp>

namespace barometer::storage {

namespace {

using json = nlohmann::ordered_json;

constexpr int kVersion = 1;

// Reads a required member of an expected type; the field name goes into the error.
template <class T>
Result<T> member(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) return invalid(std::string("snapshot: missing ") + name);
  try {
    return it->template get<T>();
  } catch (const json::exception&) {
    return invalid(std::string("snapshot: bad ") + name);
  }
}

}  // namespace

std::string commentary_to_json(const Commentary& c) {
  json j;
  j["v"] = kVersion;
  j["id"] = c.id;
  j["topic_id"] = c.topic_id;
  j["period"] = c.period.id();
  j["assessment"] = std::string(to_string(c.assessment));
  j["outlook"] = std::string(to_string(c.outlook));
  j["author_ids"] = c.author_ids;
  j["status"] = std::string(to_string(c.status));
  j["published_at"] = c.published_at ? json(to_unix(*c.published_at)) : json(nullptr);
  j["updated_at"] = to_unix(c.updated_at);
  json evidence = json::array();
  for (const auto& e : c.evidence) {
    json line = json::object();
    for (const auto& [lang, text] : e.line) line[lang] = text;
    evidence.push_back({{"date", to_iso(e.date)}, {"source_url", e.source_url}, {"line", line}});
  }
  j["evidence"] = std::move(evidence);
  json translations = json::object();
  for (const auto& [lang, t] : c.translations)
    translations[lang] = {{"title", t.title}, {"lead", t.lead}, {"body", t.body}, {"slug", t.slug}};
  j["translations"] = std::move(translations);
  // Invalid UTF-8 would make dump() throw; replace it rather than lose the whole snapshot.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Commentary> commentary_from_json(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return invalid("snapshot: not a JSON object");
  auto version = member<int>(j, "v");
  if (!version) return version.error();
  if (*version != kVersion) return invalid("snapshot: unknown version " + std::to_string(*version));
  Commentary c;
  auto id = member<Id>(j, "id");
  auto topic = member<Id>(j, "topic_id");
  auto period = member<std::string>(j, "period");
  auto assessment = member<std::string>(j, "assessment");
  auto outlook = member<std::string>(j, "outlook");
  auto authors = member<std::vector<Id>>(j, "author_ids");
  auto status = member<std::string>(j, "status");
  auto updated = member<std::int64_t>(j, "updated_at");
  for (const Error* e : {id.ok() ? nullptr : &id.error(), topic.ok() ? nullptr : &topic.error(),
                         period.ok() ? nullptr : &period.error(), assessment.ok() ? nullptr : &assessment.error(),
                         outlook.ok() ? nullptr : &outlook.error(), authors.ok() ? nullptr : &authors.error(),
                         status.ok() ? nullptr : &status.error(), updated.ok() ? nullptr : &updated.error()})
    if (e) return *e;
  c.id = *id;
  c.topic_id = *topic;
  auto p = Period::parse(*period);
  if (!p) return invalid("snapshot: bad period");
  c.period = *p;
  auto a = parse_assessment(*assessment);
  if (!a) return invalid("snapshot: bad assessment");
  c.assessment = *a;
  auto o = parse_outlook(*outlook);
  if (!o) return invalid("snapshot: bad outlook");
  c.outlook = *o;
  c.author_ids = *authors;
  auto s = parse_commentary_status(*status);
  if (!s) return invalid("snapshot: bad status");
  c.status = *s;
  c.updated_at = from_unix(*updated);
  if (auto it = j.find("published_at"); it != j.end() && !it->is_null()) {
    if (!it->is_number_integer()) return invalid("snapshot: bad published_at");
    c.published_at = from_unix(it->get<std::int64_t>());
  }
  auto evidence = j.find("evidence");
  if (evidence != j.end()) {
    if (!evidence->is_array()) return invalid("snapshot: bad evidence");
    for (const auto& e : *evidence) {
      if (!e.is_object()) return invalid("snapshot: bad evidence");
      auto date = member<std::string>(e, "date");
      auto url = member<std::string>(e, "source_url");
      auto line = member<std::map<std::string, std::string>>(e, "line");
      if (!date || !url || !line) return invalid("snapshot: bad evidence");
      auto d = parse_iso_date(*date);
      if (!d) return invalid("snapshot: bad evidence date");
      c.evidence.push_back(Evidence{*d, std::move(*url), {line->begin(), line->end()}});
    }
  }
  auto translations = j.find("translations");
  if (translations != j.end()) {
    if (!translations->is_object()) return invalid("snapshot: bad translations");
    for (const auto& [lang, t] : translations->items()) {
      if (!t.is_object()) return invalid("snapshot: bad translation " + lang);
      auto title = member<std::string>(t, "title");
      auto lead = member<std::string>(t, "lead");
      auto body = member<std::string>(t, "body");
      auto slug = member<std::string>(t, "slug");
      if (!title || !lead || !body || !slug) return invalid("snapshot: bad translation " + lang);
      c.translations[lang] = Translation{std::move(*title), std::move(*lead), std::move(*body), std::move(*slug)};
    }
  }
  return c;
}

}  // namespace barometer::storage
