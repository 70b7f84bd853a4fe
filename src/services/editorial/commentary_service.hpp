// CommentaryService: every change of a commentary — save, submit, publish, schedule, unpublish,
// restore a revision, and the scheduler's publishing of what came due. Each is ONE transaction
// (Database::transact) covering the commentary, its owner (a new commentary's author), its
// revision and its audit lines: a failure anywhere (a refused write, a lost connection, a crash)
// leaves none of them written. Permissions are checked here, against the stored owner and status
// inside the same transaction (staff/permissions.hpp), not only by the routes.
//
// The back office's handlers parse and validate the form, call one method, render the outcome;
// the scheduled publisher (scheduled_publisher.hpp) calls publish_due().
//
// Webhooks: a publish enqueues commentary.published (and week.completed when it makes every topic
// of its period published), an unpublish of a published commentary commentary.unpublished — in
// the same transaction, as ledger rows only (services/webhooks/webhook_events.hpp).
//
// Thread-safe (the database is); the database and clock must outlive the service.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "domain/clock.hpp"
#include "domain/commentary.hpp"
#include "domain/result.hpp"
#include "domain/staff.hpp"
#include "services/history/audit.hpp"
#include "storage/database.hpp"

namespace barometer::editorial {

// The editor's buttons that write.
enum class CommentaryAction { save, submit, publish, schedule, unpublish };

// "save", "submit", "publish", "schedule", "unpublish"; nullopt for anything else.
std::optional<CommentaryAction> parse_commentary_action(std::string_view text);
std::string_view to_string(CommentaryAction action);
// publish, schedule and unpublish: they change what readers see, so they need Permission::publish.
bool changes_publication(CommentaryAction action);

// What a save stored.
struct SavedCommentary {
  Commentary commentary;  // as stored, with its id
  Id owner = 0;           // its owner (0: nobody recorded)
  bool created = false;   // a new commentary
};

// The revision summary and audit line of the scheduler.
inline constexpr std::string_view kSchedulerUserName = "scheduler";
inline constexpr std::string_view kScheduledRevisionSummary = "published as scheduled";

class CommentaryService {
 public:
  CommentaryService(Database& database, const Clock& clock) : db_(database), clock_(clock) {}

  // Stores `edited` (id 0: a new commentary, owned by `user`) and applies `action`:
  //   save       the content; the state stays (a new commentary is a draft)
  //   submit     state review (the editor's turn)
  //   publish    state published, published_at = now
  //   schedule   state scheduled at `schedule_at`, which must be later than now
  //   unpublish  back to a draft nobody reads (also cancels a schedule)
  // Errors: forbidden (the role may not do `action`, or may not edit this commentary: analysts
  // edit only their own drafts), not_found (no commentary with edited.id), invalid (content the
  // store refuses, a schedule time not in the future), conflict (the topic and period already
  // have a commentary, or a slug is taken), unavailable.
  Result<SavedCommentary> save(const StaffUser& user, Commentary edited, CommentaryAction action,
                               std::optional<Instant> schedule_at = std::nullopt);

  // Brings back the content of revision `revision_id` of commentary `commentary_id`; the state
  // stays (a restore never publishes, unpublishes or reschedules: docs/decisions/0004-admin.md).
  // Errors: as save(), and not_found when the revision is not one of that commentary's.
  Result<Commentary> restore(const StaffUser& user, Id commentary_id, Id revision_id);

  // Publishes every scheduled commentary that came due, each with its revision and its audit line
  // by "scheduler", in one transaction; the ids published. Several callers (threads, nodes) may
  // race: each commentary is published, and recorded, once.
  Result<std::vector<Id>> publish_due();

 private:
  Database& db_;
  const Clock& clock_;
};

}  // namespace barometer::editorial
