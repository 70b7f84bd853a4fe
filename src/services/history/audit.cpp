#include "services/history/audit.hpp"

namespace barometer::history {

namespace {

// At most `max` bytes of `text`, never cutting a UTF-8 sequence (PostgreSQL refuses a broken one).
std::string utf8_prefix(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // text[max] exists
  return std::string(text.substr(0, end));
}

}  // namespace

Status add_audit(HistoryStore& history, const Actor& actor, Instant at, std::string_view action,
                 std::string_view subject, std::string_view detail) {
  AuditEntry e;
  e.at = at;
  e.staff_user_id = actor.user_id;
  e.user_name = actor.name;
  e.action = std::string(action);
  e.subject = std::string(subject);
  e.detail = utf8_prefix(detail, kMaxAuditDetail);
  auto id = history.add_audit(e);
  if (!id) return Error{id.code(), "audit line " + e.action + ": " + id.error().message};
  return {};
}

}  // namespace barometer::history
