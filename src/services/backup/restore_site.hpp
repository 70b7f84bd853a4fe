// `barometer restore`: a site from an archive of `barometer export`
// (docs/decisions/0024-backup-archive.md). Two steps: read_archive verifies the whole file
// (every member's size and SHA-256, every row) before anything is written; restore_site loads it
// in one transaction, rebuilds the search index and checks the result against the manifest
// before committing — a failure anywhere leaves the target as it was.
#pragma once

#include <string>
#include <vector>

#include "domain/clock.hpp"
#include "domain/result.hpp"
#include "services/backup/archive_format.hpp"
#include "storage/database.hpp"

namespace barometer::backup {

struct ArchiveTable {
  TableMember member;
  std::vector<TableRow> rows;   // values in the order of member.columns
};

struct Archive {
  Manifest manifest;
  std::vector<ArchiveTable> tables;   // in the manifest's order
};

// The archive at `path`, verified: a manifest this barometer reads, exactly the members it lists,
// each of its size and SHA-256, rows that parse and number what it says, tables this barometer
// knows. invalid naming what is wrong (damaged, truncated, tampered, not an archive); io when
// the file cannot be read. Reads the whole archive into memory.
Result<Archive> read_archive(const std::string& path);

struct RestoreOptions {
  // Replace a target that already holds a site, staff, subscribers or history: every archived
  // table and the running site's state (sessions, throttling, the search index) is emptied
  // first, in the same transaction as the load. Off: a non-empty target is refused.
  bool force = false;
  bool audit = true;           // write the audit line site.restore in the same transaction
  std::string archive_name;    // the audit line's subject, "archive:<name>"
};

struct RestoreReport {
  bool replaced = false;       // the target held something and --force replaced it
  int search_documents = 0;    // documents in the rebuilt search index
};

// Loads `archive` into `db` in one transaction (Database::transact_tables). Errors, after which
// nothing was written: invalid for an archive of a newer schema than `db` (this barometer), a
// column this schema lacks or a value of the wrong type; conflict for a non-empty target without
// `force`, or rows that break a key; io when the loaded site does not reproduce the manifest's
// counts or content checksum; the database's errors.
// Archives of an older schema load by mapping: the archive's columns into today's tables, the
// columns added since taking their defaults, the tables added since left as migrations made them.
Result<RestoreReport> restore_site(Database& db, const Archive& archive, const Clock& clock,
                                   const RestoreOptions& options);

}  // namespace barometer::backup
