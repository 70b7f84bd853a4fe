#include "services/site_dump.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

namespace barometer {

namespace {

// Length-prefixed fields, so no text (with newlines, colons, anything) can shift the next one.
void field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ' ';
}
void field(std::string& out, std::int64_t value) { field(out, std::to_string(value)); }

CommentaryFilter every_commentary() {
  CommentaryFilter all;
  all.published_only = false;
  all.newest_first = false;
  return all;
}

}  // namespace

Result<ContentSnapshot> read_content(Store& store) {
  ContentSnapshot s;
  auto site = store.load_site();
  if (!site) return site.error();
  s.site = std::move(*site);
  auto topics = store.list_topics();
  if (!topics) return topics.error();
  s.topics = std::move(*topics);
  auto authors = store.list_authors();
  if (!authors) return authors.error();
  s.authors = std::move(*authors);
  auto pages = store.list_pages();
  if (!pages) return pages.error();
  s.pages = std::move(*pages);
  auto commentaries = store.find_commentaries(every_commentary());
  if (!commentaries) return commentaries.error();
  s.commentaries = std::move(*commentaries);
  return s;
}

Result<bool> content_is_empty(Store& store) {
  auto site = store.load_site();
  if (site) return false;
  if (site.code() != ErrorCode::not_found) return site.error();
  auto topics = store.list_topics();
  if (!topics) return topics.error();
  auto authors = store.list_authors();
  if (!authors) return authors.error();
  auto pages = store.list_pages();
  if (!pages) return pages.error();
  auto n = store.count_commentaries(every_commentary());
  if (!n) return n.error();
  return topics->empty() && authors->empty() && pages->empty() && *n == 0;
}

std::string describe(const ContentCounts& c) {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "%d languages, %d topics, %d authors, %d pages, %d commentaries, %d translations, %d evidence items",
                c.languages, c.topics, c.authors, c.pages, c.commentaries, c.translations, c.evidence);
  return buf;
}

Result<ContentCounts> count_content(Store& store) {
  auto s = read_content(store);
  if (!s) {
    if (s.code() != ErrorCode::not_found) return s.error();
    return ContentCounts{};  // no site yet
  }
  ContentCounts c;
  c.languages = static_cast<int>(s->site.languages.size());
  c.topics = static_cast<int>(s->topics.size());
  c.authors = static_cast<int>(s->authors.size());
  c.pages = static_cast<int>(s->pages.size());
  c.commentaries = static_cast<int>(s->commentaries.size());
  for (const auto& x : s->commentaries) {
    c.translations += static_cast<int>(x.translations.size());
    c.evidence += static_cast<int>(x.evidence.size());
  }
  return c;
}

Result<std::string> canonical_dump(Store& store) {
  auto s = read_content(store);
  if (!s) return s.error();
  std::string out;
  out += "site ";
  field(out, s->site.base_url);
  field(out, s->site.time_zone);
  out += '\n';
  for (const auto& l : s->site.languages) {
    out += "language ";
    field(out, l.code);
    field(out, l.name);
    field(out, l.icu_locale);
    field(out, s->site.name.count(l.code) ? s->site.name.at(l.code) : "");
    field(out, s->site.subject.count(l.code) ? s->site.subject.at(l.code) : "");
    out += '\n';
  }
  std::map<Id, std::string> topic_slug, author_slug;
  auto topics = s->topics;
  std::sort(topics.begin(), topics.end(), [](const Topic& a, const Topic& b) { return a.slug < b.slug; });
  for (const auto& t : topics) {
    topic_slug[t.id] = t.slug;
    out += "topic ";
    field(out, t.slug);
    field(out, t.position);
    for (const auto& [lang, text] : t.text) {
      field(out, lang);
      field(out, text.name);
      field(out, text.description);
    }
    out += '\n';
  }
  for (const auto& a : s->authors) {  // listed in slug order
    author_slug[a.id] = a.slug;
    out += "author ";
    field(out, a.slug);
    for (const auto& [lang, text] : a.text) {
      field(out, lang);
      field(out, text.name);
      field(out, text.bio);
    }
    out += '\n';
  }
  auto pages = s->pages;
  std::sort(pages.begin(), pages.end(), [](const Page& a, const Page& b) { return a.key < b.key; });
  for (const auto& p : pages) {
    out += "page ";
    field(out, p.key);
    field(out, p.position);
    for (const auto& [lang, text] : p.text) {
      field(out, lang);
      field(out, text.slug);
      field(out, text.title);
      field(out, text.body);
    }
    out += '\n';
  }
  auto commentaries = s->commentaries;
  std::sort(commentaries.begin(), commentaries.end(), [&](const Commentary& a, const Commentary& b) {
    if (a.period.id() != b.period.id()) return a.period.start() < b.period.start();
    return topic_slug[a.topic_id] < topic_slug[b.topic_id];
  });
  for (const auto& c : commentaries) {
    out += "commentary ";
    field(out, topic_slug[c.topic_id]);
    field(out, c.period.id());
    field(out, to_string(c.assessment));
    field(out, to_string(c.outlook));
    field(out, to_string(c.status));
    field(out, c.published_at ? std::to_string(to_unix(*c.published_at)) : std::string("-"));
    field(out, to_unix(c.updated_at));
    for (Id a : c.author_ids) field(out, author_slug[a]);
    out += '\n';
    for (const auto& [lang, t] : c.translations) {
      out += " translation ";
      field(out, lang);
      field(out, t.slug);
      field(out, t.title);
      field(out, t.lead);
      field(out, t.body);
      out += '\n';
    }
    for (const auto& e : c.evidence) {
      out += " evidence ";
      field(out, to_iso(e.date));
      field(out, e.source_url);
      for (const auto& [lang, line] : e.line) {
        field(out, lang);
        field(out, line);
      }
      out += '\n';
    }
  }
  return out;
}

std::string content_checksum(const std::string& text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace barometer
