// The back office's memory (issue 3): every save of a commentary keeps a revision (a whole
// snapshot), and every staff action leaves a line in the audit log (docs/decisions/0004-admin.md).
#pragma once

#include <optional>
#include <string>

#include "domain/commentary.hpp"
#include "domain/date.hpp"
#include "domain/topic.hpp"

namespace barometer {

// One saved state of a commentary, without its snapshot (what a list needs).
struct RevisionInfo {
  Id id = 0;
  Id commentary_id = 0;
  Instant saved_at{};
  std::optional<Id> staff_user_id;  // who saved; nullopt for saves outside the back office
  std::string user_name;            // that user's current name; "" when none or unknown
  std::string summary;              // "saved", "published", "restored from #12", ...
};

// A revision with the commentary exactly as it was saved.
struct Revision {
  RevisionInfo info;
  Commentary snapshot;
};

// One line of the audit log: who did what to what, when.
struct AuditEntry {
  Id id = 0;
  Instant at{};
  std::optional<Id> staff_user_id;  // nullopt for actions of the system or of nobody signed in
  std::string user_name;            // the name at that time (kept even if the user changes it)
  std::string action;               // dotted verb: "commentary.publish", "session.sign_in", ...
  std::string subject;              // "kind:key": "commentary:42", "user:7", "topic:society"
  std::string detail;               // optional, human-readable
};

// Which audit lines to list; every field is optional and they combine with AND.
struct AuditFilter {
  std::optional<Id> staff_user_id;  // only this user's lines. Default: everyone's
  std::string action_prefix;        // action starts with this ("commentary." or an exact action). Default: any
  std::string subject;              // exactly this subject. Default: any
  std::optional<Instant> after;     // at >= after. Default: no lower bound
  std::optional<Instant> before;    // at < before. Default: no upper bound
  int offset = 0;                   // lines to skip (newest first). Default 0
  int limit = 50;                   // at most this many lines; must be 1..1000. Default 50
};

}  // namespace barometer
