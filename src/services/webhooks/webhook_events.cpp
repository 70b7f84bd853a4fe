#include "services/webhooks/webhook_events.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "domain/try.hpp"

namespace barometer::webhooks {

namespace {

using json = nlohmann::ordered_json;

json envelope(WebhookEvent event, const std::string& id, Instant now) {
  json j;
  j["event"] = std::string(to_string(event));
  j["id"] = id;
  j["occurred_at"] = to_iso(now);
  return j;
}

// The period's page per language: /{lang}/{yyyy}-W{ww}/.
json period_json(const Site& site, const Period& period) {
  json j;
  j["id"] = period.id();
  j["start"] = to_iso(period.start());
  j["end"] = to_iso(period.end());
  json urls = json::object();
  for (const auto& l : site.languages) urls[l.code] = site.base_url + "/" + l.code + "/" + period.id() + "/";
  j["urls"] = std::move(urls);
  return j;
}

std::string topic_slug(const std::vector<Topic>& topics, Id id) {
  for (const auto& t : topics)
    if (t.id == id) return t.slug;
  return "";
}

json commentary_json(const Site& site, const std::vector<Topic>& topics, const Commentary& c, bool urls) {
  json j;
  const std::string slug = topic_slug(topics, c.topic_id);
  j["id"] = c.id;
  j["topic"] = slug;
  j["period"] = c.period.id();
  j["assessment"] = std::string(to_string(c.assessment));
  j["outlook"] = c.outlook == Outlook::none ? json(nullptr) : json(std::string(to_string(c.outlook)));
  j["published_at"] = c.published_at ? json(to_iso(*c.published_at)) : json(nullptr);
  json translations = json::object();
  for (const auto& [lang, t] : c.translations) {
    json tj;
    tj["title"] = t.title;
    tj["lead"] = t.lead;
    // An unpublished commentary has no public page any more; its URL would be a 404.
    if (urls) tj["url"] = site.base_url + "/" + lang + "/topics/" + slug + "/" + t.slug + "/";
    translations[lang] = std::move(tj);
  }
  j["translations"] = std::move(translations);
  return j;
}

Status enqueue(WebhookStore& store, WebhookEvent event, const std::string& id, const json& body, Instant now) {
  auto n = store.enqueue(event, id, body.dump(), now);
  if (!n) return Error{n.code(), "webhooks: enqueue " + std::string(to_string(event)) + ": " + n.error().message};
  return {};
}

}  // namespace

std::string new_event_id() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xf];
  }
  return out;
}

Status enqueue_commentary_event(Facets& tx, WebhookEvent event, const Commentary& commentary, Instant now) {
  auto site = tx.content.load_site();
  if (!site) return site.error();
  auto topics = tx.content.list_topics();
  if (!topics) return topics.error();
  const std::string id = new_event_id();
  json body = envelope(event, id, now);
  body["commentary"] = commentary_json(*site, *topics, commentary, event == WebhookEvent::commentary_published);
  body["period"] = period_json(*site, commentary.period);
  return enqueue(tx.webhooks, event, id, body, now);
}

Status enqueue_completed_weeks(Facets& tx, const std::vector<Period>& periods, Instant now) {
  std::vector<Period> distinct = periods;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (distinct.empty()) return {};
  auto topics = tx.content.list_topics();
  if (!topics) return topics.error();
  if (topics->empty()) return {};
  auto site = tx.content.load_site();
  if (!site) return site.error();
  for (const Period& period : distinct) {
    CommentaryFilter filter;
    filter.period = period;
    filter.published_only = true;
    auto published = tx.content.find_commentaries(filter);
    if (!published) return published.error();
    std::size_t covered = 0;
    for (const auto& t : *topics)
      if (std::any_of(published->begin(), published->end(), [&](const Commentary& c) { return c.topic_id == t.id; }))
        ++covered;
    if (covered < topics->size()) continue;
    const std::string id = new_event_id();
    json body = envelope(WebhookEvent::week_completed, id, now);
    body["period"] = period_json(*site, period);
    json list = json::array();
    for (const auto& c : *published) list.push_back(commentary_json(*site, *topics, c, true));
    body["commentaries"] = std::move(list);
    BAROMETER_TRY(enqueue(tx.webhooks, WebhookEvent::week_completed, id, body, now));
  }
  return {};
}

Status enqueue_digest_sent(Facets& tx, const Digest& digest, const DeliveryReport& report, Instant now) {
  auto site = tx.content.load_site();
  if (!site) return site.error();
  // One event per digest: its token makes the id, so a second node finishing the same digest
  // (or a re-run) adds no second row (the ledger is unique per webhook and event id).
  const std::string id = "digest-" + digest.token;
  json body = envelope(WebhookEvent::digest_sent, id, now);
  json d;
  d["id"] = digest.id;
  d["period"] = digest.period;
  d["lang"] = digest.lang;
  d["sent"] = report.sent;
  d["failed"] = report.failed;
  d["uncertain"] = report.uncertain;
  body["digest"] = std::move(d);
  if (auto period = Period::parse(digest.period)) body["period"] = period_json(*site, *period);
  return enqueue(tx.webhooks, WebhookEvent::digest_sent, id, body, now);
}

}  // namespace barometer::webhooks
