// DigestApproval: an editor marks a week's digest ready; the background sender (DigestRun) does
// the rest. Only a digest whose messages can be composed may be marked (the sender would skip it
// forever otherwise). The mark and its audit line are ONE transaction; the acting user needs
// publish (editors and admins run the newsletter).
//
// Thread-safe (the database is); the database and clock must outlive the object.
#pragma once

#include <string>
#include <utility>

#include "domain/clock.hpp"
#include "domain/result.hpp"
#include "domain/staff.hpp"
#include "services/history/audited_changes.hpp"
#include "services/newsletter/digest_content.hpp"
#include "storage/database.hpp"

namespace barometer::newsletter {

class DigestApproval {
 public:
  DigestApproval(Database& database, const Clock& clock, DigestMailOptions mail)
      : db_(database), changes_(database, clock), clock_(clock), mail_(std::move(mail)) {}

  // Marks the digest of `period` in `lang` ready, creating it as a draft first if need be.
  // invalid when its messages cannot be composed (nothing is written); forbidden without
  // publish; the database's errors otherwise. A digest already past draft stays as it is.
  Status mark_ready(const StaffUser& by, const std::string& period, const std::string& lang);

 private:
  Database& db_;
  history::AuditedChanges changes_;
  const Clock& clock_;
  DigestMailOptions mail_;
};

}  // namespace barometer::newsletter
