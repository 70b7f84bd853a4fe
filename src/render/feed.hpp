// Feeds of commentaries: one model (Feed), written as Atom 1.0 (RFC 4287) and as JSON Feed 1.1
// (https://jsonfeed.org/version/1.1). The web layer fills the model (which entries, which words,
// which absolute URLs); this file only decides the syntax. docs/decisions/0018.
//
// Every string is plain text except FeedEntry::content_html (HTML, escaped again by the XML
// writer for Atom's type="html", a JSON string in JSON Feed). Control characters and broken UTF-8
// are cleaned by render::xml_text in both forms, so a feed is always well-formed. Pure functions,
// thread-safe.
#pragma once

#include <string>
#include <vector>

#include "domain/date.hpp"

namespace barometer::render {

struct FeedPerson {
  std::string name;
  std::string url;  // absolute; "" = none
};

struct FeedCategory {
  std::string term;    // machine word: the topic slug, the assessment
  std::string label;   // human words in the feed's language
  std::string scheme;  // absolute IRI of the vocabulary; "" = none
};

struct FeedEntry {
  std::string id;             // stable across edits and retitles (Atom <id>, JSON Feed "id")
  std::string url;            // absolute URL of the commentary page
  std::string title;          // topic, period, marker in words, headline
  std::string summary;        // plain text (the lead)
  std::string content_html;   // marker, lead and the rendered body
  Instant published{};
  Instant updated{};
  std::vector<FeedPerson> authors;
  std::vector<FeedCategory> categories;
  // The marker as data, for JSON Feed's "_barometer" extension object.
  std::string topic, period, assessment, outlook;  // slug, "2022-W09", "worse", "" or "risk"
};

struct Feed {
  std::string language;    // BCP 47; xml:lang and JSON Feed "language"
  std::string title;
  std::string subtitle;    // plain text; "" = none
  std::string home_url;    // absolute URL of the HTML page the feed follows
  std::string atom_url;    // absolute URL of the Atom form (also the Atom feed's <id>)
  std::string json_url;    // absolute URL of the JSON Feed form
  Instant updated{};       // the newest entry's updated, or the epoch for an empty feed
  std::vector<FeedEntry> entries;  // newest first
};

// An Atom 1.0 document (application/atom+xml).
std::string atom_xml(const Feed& feed);
// A JSON Feed 1.1 document (application/feed+json), with a "_barometer" object per item.
std::string json_feed(const Feed& feed);

}  // namespace barometer::render
