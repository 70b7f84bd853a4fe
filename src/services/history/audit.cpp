#include "services/history/audit.hpp"

#include "domain/text.hpp"

namespace barometer::history {

Status add_audit(HistoryStore& history, const Actor& actor, Instant at, std::string_view action,
                 std::string_view subject, std::string_view detail) {
  AuditEntry e;
  e.at = at;
  e.staff_user_id = actor.user_id;
  e.user_name = actor.name;
  e.action = std::string(action);
  e.subject = std::string(subject);
  e.detail = std::string(utf8_prefix(detail, kMaxAuditDetail));  // PostgreSQL refuses a cut sequence
  auto id = history.add_audit(e);
  if (!id) return Error{id.code(), "audit line " + e.action + ": " + id.error().message};
  return {};
}

}  // namespace barometer::history
