// Audit lines and revisions as the services write them: inside the caller's transaction, so a
// change and its record are committed together or not at all (docs/decisions/0014).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/clock.hpp"
#include "domain/history.hpp"
#include "domain/staff.hpp"
#include "storage/history_store.hpp"

namespace barometer::history {

// Who acts: a signed-in staff user, or the system (the scheduler) under a name.
struct Actor {
  std::optional<Id> user_id;  // nullopt for the system
  std::string name;           // kept in the audit line as it is now
  std::optional<Role> role;   // nullopt for the system, which may do what it is built to do

  static Actor staff(const StaffUser& user) { return {user.id, user.name, user.role}; }
  static Actor system(std::string name) { return {std::nullopt, std::move(name), std::nullopt}; }
};

inline constexpr std::size_t kMaxAuditDetail = 2000;  // bytes of an audit line's detail kept

// Adds the audit line "`actor` did `action` to `subject`" at `at` through `history` (the
// transaction's facet). The detail is cut to kMaxAuditDetail bytes at a UTF-8 boundary.
Status add_audit(HistoryStore& history, const Actor& actor, Instant at, std::string_view action,
                 std::string_view subject, std::string_view detail = {});

}  // namespace barometer::history
