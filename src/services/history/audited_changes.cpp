#include "services/history/audited_changes.hpp"

namespace barometer::history {

Status AuditedChanges::run(const StaffUser& user, staff::Permission permission, std::string_view action,
                           std::string_view subject,
                           const std::function<Result<std::string>(Facets& tx, std::string& subject)>& change) {
  if (auto allowed = staff::require(user, permission, action); !allowed) return allowed;
  const Instant now = clock_.now();
  return db_.transact([&](Facets& tx) -> Status {
    std::string line_subject(subject);
    auto detail = change(tx, line_subject);
    if (!detail) return detail.error();
    return add_audit(tx.history, Actor::staff(user), now, action, line_subject, *detail);
  });
}

}  // namespace barometer::history
