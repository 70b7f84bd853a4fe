// AuditedChanges: the building block of the services' audited changes other than commentaries
// (editorial::SiteContent, staff::StaffAdmin, newsletter::DigestApproval): each change runs with
// its audit line in ONE transaction (Database::transact), committed together or not at all. The
// permission is checked here, before anything is written, not only by the route.
//
// A change is a function over the transaction's facets that returns the audit line's detail
// (or an error, which rolls everything back); it may also set the line's subject, e.g. to the id
// of what it created. Commentaries have their own service
// (editorial::CommentaryService), which also keeps revisions.
//
// Thread-safe (the database is); the database and clock must outlive the object.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "domain/clock.hpp"
#include "domain/result.hpp"
#include "domain/staff.hpp"
#include "services/history/audit.hpp"
#include "services/staff/permissions.hpp"
#include "storage/database.hpp"

namespace barometer::history {

class AuditedChanges {
 public:
  AuditedChanges(Database& database, const Clock& clock) : db_(database), clock_(clock) {}

  // Runs `change` and the audit line "`user` did `action` to `subject`" (with the detail the
  // change returns) in one transaction. forbidden when `user` is disabled or their role lacks
  // `permission` (nothing is written); the change's or the database's error otherwise.
  Status run(const StaffUser& user, staff::Permission permission, std::string_view action, std::string_view subject,
             const std::function<Result<std::string>(Facets& tx, std::string& subject)>& change);

 private:
  Database& db_;
  const Clock& clock_;
};

}  // namespace barometer::history
