// HistoryStore: revisions of commentaries and the audit log of the back office (issue 3,
// docs/decisions/0004-admin.md). Like StaffStore, a separate interface from Store: the reading
// site never needs it, and its writes are plain autocommit statements (no content transaction,
// so on PostgreSQL no content NOTIFY).
//
// Both backends implement it over the same database as their Store (migration 0004_history),
// with one SQL implementation (storage/sql/history_sql.hpp): Database::history().
//
// Contract: thread-safe; expected failures are returned: not_found, conflict (a foreign key:
// unknown commentary or staff user), invalid (a value refused, e.g. an unreadable snapshot or a
// filter out of range), unavailable (database busy or unreachable), io.
#pragma once

#include <vector>

#include "domain/history.hpp"
#include "domain/result.hpp"

namespace barometer {

class HistoryStore {
 public:
  virtual ~HistoryStore() = default;

  // --- Revisions. The snapshot is stored whole (JSON, storage/commentary_json.hpp); its id must
  // be the stored commentary's. `info.id` and `info.user_name` are ignored. Returns the new id.
  virtual Result<Id> add_revision(const RevisionInfo& info, const Commentary& snapshot) = 0;
  // Every revision of a commentary, newest first (ties: the later id first), without snapshots.
  virtual Result<std::vector<RevisionInfo>> list_revisions(Id commentary_id) = 0;
  // One revision with its snapshot; not_found for an unknown id.
  virtual Result<Revision> get_revision(Id revision_id) = 0;

  // --- The audit log. `entry.id` is ignored. Returns the new id.
  virtual Result<Id> add_audit(const AuditEntry& entry) = 0;
  // The lines matching `filter`, newest first (ties: the later id first), from filter.offset,
  // at most filter.limit; invalid when limit is outside 1..1000 or offset is negative.
  virtual Result<std::vector<AuditEntry>> list_audit(const AuditFilter& filter) = 0;
  // How many lines match `filter` (offset and limit ignored).
  virtual Result<int> count_audit(const AuditFilter& filter) = 0;
};

}  // namespace barometer
