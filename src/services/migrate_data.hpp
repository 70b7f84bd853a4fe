// Moving a site between databases (`barometer migrate-data`): copies everything a Store holds
// from one store into another through the Store interface alone, so it works between any two
// backends (SQLite -> PostgreSQL and back), then verifies the copy.
//
// Ids are not carried over (each backend assigns its own); references are remapped through
// slugs, so the canonical dump (services/site_dump.hpp), which names topics and authors by slug,
// is what "the same content" means.
#pragma once

#include <cstdint>
#include <string>

#include "domain/result.hpp"
#include "services/site_dump.hpp"
#include "storage/store.hpp"

namespace barometer {

struct MigrateDataOptions {
  // Copy into a target that already holds a site or content. Off by default: a migration into
  // the wrong database must not mix two sites. When on, the site settings are replaced and
  // everything is added; a slug or (topic, period) that exists on both sides is a conflict and
  // nothing is written. The checksum is then not compared (the target holds more).
  bool force_into_non_empty = false;
};

struct MigrateDataReport {
  ContentCounts source;
  ContentCounts target;          // after the copy
  std::string source_checksum;   // of canonical_dump(), 16 hex digits
  std::string target_checksum;
};

// Copies `from` into `to` in one transaction of `to` (all or nothing), then verifies counts and
// checksums on both sides. Errors: not_found if `from` holds no site; conflict if `to` is not
// empty (unless forced) or the copy clashes; io when verification finds a difference (the copy
// was committed: the message says what differs); errors of either store.
Result<MigrateDataReport> migrate_data(Store& from, Store& to, const MigrateDataOptions& options = {});

}  // namespace barometer
