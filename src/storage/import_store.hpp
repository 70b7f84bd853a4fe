// ImportStore: what imports brought in (imported_items) and the old addresses that still answer
// (legacy_redirects), migration 0012 (docs/decisions/0023-wordpress-import.md). The import
// service writes both inside the one transaction of an import (Facets::imports); the public site
// reads redirects (Database::imports()).
//
// Contract: thread-safe; expected failures are returned: invalid (an empty key or a target that
// is not a path of this site), unavailable, io. Writes never fail on a row that already exists:
// they keep the first (INSERT ... ON CONFLICT DO NOTHING), so a PostgreSQL transaction is never
// aborted by a re-run.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/clock.hpp"
#include "domain/result.hpp"
#include "domain/topic.hpp"

namespace barometer {

// One thing of a source that became one of ours.
struct ImportedItem {
  std::string source;     // e.g. "wordpress:https://old.example.org"
  std::string kind;       // "commentary", "page" or "author"
  std::string source_id;  // the source's own id (a post id, an author login)
  Id target_id = 0;       // our id of that kind
  std::string lang;       // the language it filled; "" for an author
  Instant imported_at{};
};

struct LegacyRedirect {
  std::string old_path;   // "/2022/03/06/minsk/" or "/?p=12": path, and query when it had one
  std::string target;     // "/en/topics/security/minsk/": always starts with one '/'
  std::string source;
  Instant created_at{};
};

class ImportStore {
 public:
  virtual ~ImportStore() = default;

  // The item recorded for (source, kind, source_id), or nullopt.
  virtual Result<std::optional<ImportedItem>> find_imported(std::string_view source, std::string_view kind,
                                                            std::string_view source_id) = 0;
  // Records `item`; false when that key was already recorded (the first row stays).
  virtual Result<bool> record_imported(const ImportedItem& item) = 0;

  // Where `old_path` answers now, or nullopt.
  virtual Result<std::optional<std::string>> find_redirect(std::string_view old_path) = 0;
  // Adds a redirect; false when `old_path` already had one (the first stays).
  virtual Result<bool> add_redirect(const LegacyRedirect& redirect) = 0;
  // How many redirects there are (the dashboard, tests).
  virtual Result<int> count_redirects() = 0;
};

}  // namespace barometer
