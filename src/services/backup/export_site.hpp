// `barometer export`: the whole site as one archive (services/backup/archive_format.hpp,
// docs/decisions/0024-backup-archive.md), read in one snapshot of the database so it is
// consistent while `serve` keeps writing.
#pragma once

#include <string>

#include "domain/clock.hpp"
#include "domain/result.hpp"
#include "services/backup/archive_format.hpp"
#include "storage/database.hpp"

namespace barometer::backup {

struct ExportOptions {
  std::string path;                // where the archive goes (replaced atomically). Required.
  std::string barometer_version;   // written into the manifest. Required.
  bool audit = true;               // write the audit line site.export after the archive
};

// The archive of `db`, as `options.path`, and its manifest. Reads every archived table in one
// read transaction (Database::snapshot), with the content checksum of that same snapshot; then
// writes the audit line "site.export" (detail: rows per table, JSON) outside it.
// Errors: not_found when the database holds no site; invalid when a table of the schema is
// neither archived nor left out (archive_tables.hpp) or holds a value the archive cannot; io
// when the file cannot be written; the database's errors.
Result<Manifest> export_site(Database& db, const Clock& clock, const ExportOptions& options);

// {"audit_log": 12, ...}: the rows per table of `manifest`, the audit lines' detail.
std::string counts_json(const Manifest& manifest);

}  // namespace barometer::backup
