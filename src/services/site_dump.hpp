// What a site's content is, read through the Store alone: a snapshot of it, its counts per kind,
// and a canonical text of it that does not depend on ids or the backend. Shared by
// `migrate-data` (services/migrate_data.hpp), which copies and verifies by it, and by the backup
// archive (services/backup/), whose manifest carries the checksum a restore must reproduce.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "storage/store.hpp"

namespace barometer {

// How much a store holds, per kind.
struct ContentCounts {
  int languages = 0;
  int topics = 0;
  int authors = 0;
  int pages = 0;
  int commentaries = 0;    // every status
  int translations = 0;    // commentary translations
  int evidence = 0;        // evidence items
  bool operator==(const ContentCounts&) const = default;
};

// Everything a Store holds: the site, topics, authors, pages and every commentary (any status).
struct ContentSnapshot {
  Site site;
  std::vector<Topic> topics;
  std::vector<Author> authors;
  std::vector<Page> pages;
  std::vector<Commentary> commentaries;
};

// not_found when `store` holds no site yet; errors of the store.
Result<ContentSnapshot> read_content(Store& store);
// True when `store` holds no site, topic, author, page or commentary.
Result<bool> content_is_empty(Store& store);
// "3 languages, 5 topics, ..." for messages.
std::string describe(const ContentCounts& counts);

// A deterministic text of everything in `store`: site, languages, topics, authors, pages and
// every commentary (any status) with authors, translations and evidence. Independent of ids and
// of the backend. Errors of the store.
Result<std::string> canonical_dump(Store& store);
Result<ContentCounts> count_content(Store& store);
// FNV-1a 64-bit of `text` as 16 lowercase hex digits: detects a bad copy, not an attacker.
std::string content_checksum(const std::string& text);

}  // namespace barometer
