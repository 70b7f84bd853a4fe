#include "render/feed.hpp"

#include <nlohmann/json.hpp>

#include "render/xml_writer.hpp"

namespace barometer::render {
namespace {

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kJsonFeedVersion = "https://jsonfeed.org/version/1.1";

void link(XmlWriter& w, std::string_view rel, std::string_view type, const std::string& href) {
  w.start("link").attribute("rel", rel).attribute("type", type).attribute("href", href).end();
}

void person(XmlWriter& w, const FeedPerson& p) {
  w.start("author").element("name", p.name);
  if (!p.url.empty()) w.element("uri", p.url);
  w.end();
}

}  // namespace

std::string atom_xml(const Feed& feed) {
  XmlWriter w;
  w.start("feed", kAtomNs).attribute("xml:lang", feed.language);
  w.element("id", feed.atom_url);
  w.element("title", feed.title);
  if (!feed.subtitle.empty()) w.element("subtitle", feed.subtitle);
  w.element("updated", to_iso(feed.updated));
  link(w, "self", "application/atom+xml", feed.atom_url);
  link(w, "alternate", "text/html", feed.home_url);
  link(w, "alternate", "application/feed+json", feed.json_url);
  w.element("generator", "barometer");
  for (const FeedEntry& e : feed.entries) {
    w.start("entry");
    w.element("id", e.id);
    w.element("title", e.title);
    link(w, "alternate", "text/html", e.url);
    w.element("published", to_iso(e.published));
    w.element("updated", to_iso(e.updated));
    for (const FeedPerson& p : e.authors) person(w, p);
    for (const FeedCategory& c : e.categories) {
      w.start("category").attribute("term", c.term);
      if (!c.scheme.empty()) w.attribute("scheme", c.scheme);
      if (!c.label.empty()) w.attribute("label", c.label);
      w.end();
    }
    if (!e.summary.empty()) w.element("summary", e.summary);
    w.start("content").attribute("type", "html").text(e.content_html).end();
    w.end();
  }
  w.end();
  return w.finish();
}

std::string json_feed(const Feed& feed) {
  using json = nlohmann::ordered_json;
  // xml_text on every string: the same cleaning as the Atom form, and valid UTF-8 for dump().
  const auto s = [](const std::string& text) { return xml_text(text); };
  json doc = json::object();
  doc["version"] = kJsonFeedVersion;
  doc["title"] = s(feed.title);
  doc["home_page_url"] = s(feed.home_url);
  doc["feed_url"] = s(feed.json_url);
  if (!feed.subtitle.empty()) doc["description"] = s(feed.subtitle);
  doc["language"] = s(feed.language);
  json items = json::array();
  for (const FeedEntry& e : feed.entries) {
    json item = json::object();
    item["id"] = s(e.id);
    item["url"] = s(e.url);
    item["title"] = s(e.title);
    item["content_html"] = s(e.content_html);
    if (!e.summary.empty()) item["summary"] = s(e.summary);
    item["date_published"] = to_iso(e.published);
    item["date_modified"] = to_iso(e.updated);
    if (!e.authors.empty()) {
      json authors = json::array();
      for (const FeedPerson& p : e.authors) {
        json a = {{"name", s(p.name)}};
        if (!p.url.empty()) a["url"] = s(p.url);
        authors.push_back(std::move(a));
      }
      item["authors"] = std::move(authors);
    }
    json tags = json::array();
    for (const FeedCategory& c : e.categories) tags.push_back(s(c.label.empty() ? c.term : c.label));
    if (!tags.empty()) item["tags"] = std::move(tags);
    item["language"] = s(feed.language);
    json ext = {{"topic", s(e.topic)}, {"period", s(e.period)}, {"assessment", s(e.assessment)}};
    ext["outlook"] = e.outlook.empty() ? json(nullptr) : json(s(e.outlook));
    item["_barometer"] = std::move(ext);
    items.push_back(std::move(item));
  }
  doc["items"] = std::move(items);
  return doc.dump(2) + "\n";
}

}  // namespace barometer::render
