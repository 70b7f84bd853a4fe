// What a site consists of, table by table, for the backup archive
// (docs/decisions/0024-backup-archive.md): the one list a new table goes into.
//
// Every table of the schema is either archived (kArchivedTables, in load order: a table comes
// after every table it refers to) or left out with its reason (kLeftOutTables). A table in
// neither list stops export (and fails tests/services/backup_tables_test.cpp), so a table added
// by a migration is never silently missing from backups.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "domain/result.hpp"

namespace barometer::backup {

struct ArchivedTable {
  const char* name;
  // The columns that order its rows in the archive (a key: the order is total, so the same
  // database always gives the same bytes).
  std::vector<std::string> order_by;
  // A migration inserts a default row (staff_policy): that row does not make a target non-empty,
  // and it is replaced by the archive's rows when the archive has the table.
  bool seeded = false;
};

struct LeftOutTable {
  const char* name;
  const char* why;
  // restore --force empties it too (state of the running site that the restored one must not
  // inherit); otherwise the target's own bookkeeping, left alone.
  bool emptied_by_force;
};

std::span<const ArchivedTable> archived_tables();
std::span<const LeftOutTable> left_out_tables();
// The archived table called `name`, or null.
const ArchivedTable* find_archived_table(std::string_view name);

// invalid naming every table of `schema_tables` that is in neither list.
Status check_every_table_listed(const std::vector<std::string>& schema_tables);

}  // namespace barometer::backup
