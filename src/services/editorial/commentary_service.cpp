#include "services/editorial/commentary_service.hpp"

#include <string>

#include "services/staff/permissions.hpp"
#include "services/webhooks/webhook_events.hpp"
#include "domain/try.hpp"

namespace barometer::editorial {

using history::Actor;

namespace {

std::string subject_of(Id id) { return "commentary:" + std::to_string(id); }

// The audit line's detail: the period and the first title, so the log reads without a lookup.
std::string detail_of(const Commentary& c) {
  std::string detail = c.period.id();
  if (!c.translations.empty()) detail += " " + c.translations.begin()->second.title;
  return detail;
}

std::string summary_of(CommentaryAction action, const Commentary& c, bool created) {
  switch (action) {
    case CommentaryAction::submit: return "submitted for review";
    case CommentaryAction::publish: return "published";
    case CommentaryAction::unpublish: return "unpublished";
    case CommentaryAction::schedule:
      if (c.published_at) return "scheduled for " + to_iso(*c.published_at);
      break;
    case CommentaryAction::save: break;
  }
  return created ? "created" : "saved";
}

Status add_revision(HistoryStore& history, const Actor& actor, Instant at, const Commentary& c,
                    std::string summary) {
  RevisionInfo info;
  info.commentary_id = c.id;
  info.saved_at = at;
  info.staff_user_id = actor.user_id;
  info.summary = std::move(summary);
  auto id = history.add_revision(info, c);
  if (!id) return Error{id.code(), "revision of " + subject_of(c.id) + ": " + id.error().message};
  return {};
}

// Sets the state `action` asks for (after the permission check).
void apply(CommentaryAction action, Commentary& c, Instant now, std::optional<Instant> schedule_at) {
  switch (action) {
    case CommentaryAction::save: break;
    case CommentaryAction::submit: c.status = CommentaryStatus::review; break;
    case CommentaryAction::publish:
      c.status = CommentaryStatus::published;
      c.published_at = now;
      break;
    case CommentaryAction::schedule:
      c.status = CommentaryStatus::scheduled;
      c.published_at = schedule_at;
      break;
    case CommentaryAction::unpublish:
      c.status = CommentaryStatus::draft;
      c.published_at.reset();
      break;
  }
}

// The stored commentary `id` and its owner, if `user` may edit it.
Result<std::pair<Commentary, Id>> editable(Facets& tx, const StaffUser& user, Id id) {
  auto current = tx.content.get_commentary(id);
  if (!current) return current.error();
  Id owner = 0;
  if (auto o = tx.staff.commentary_owner(id)) owner = *o;
  else if (o.code() != ErrorCode::not_found) return o.error();
  if (!staff::may_edit_commentary(user, owner, current->status))
    return forbidden(user.email + " may not edit " + subject_of(id));
  return std::make_pair(std::move(*current), owner);
}

}  // namespace

std::optional<CommentaryAction> parse_commentary_action(std::string_view text) {
  for (auto a : {CommentaryAction::save, CommentaryAction::submit, CommentaryAction::publish,
                 CommentaryAction::schedule, CommentaryAction::unpublish})
    if (text == to_string(a)) return a;
  return std::nullopt;
}

std::string_view to_string(CommentaryAction action) {
  switch (action) {
    case CommentaryAction::save: return "save";
    case CommentaryAction::submit: return "submit";
    case CommentaryAction::publish: return "publish";
    case CommentaryAction::schedule: return "schedule";
    case CommentaryAction::unpublish: return "unpublish";
  }
  return "save";
}

bool changes_publication(CommentaryAction action) {
  return action == CommentaryAction::publish || action == CommentaryAction::schedule ||
         action == CommentaryAction::unpublish;
}

Result<SavedCommentary> CommentaryService::save(const StaffUser& user, Commentary edited, CommentaryAction action,
                                                std::optional<Instant> schedule_at) {
  BAROMETER_TRY(staff::require(user, staff::Permission::write_commentary, "write commentaries"));
  if (changes_publication(action)) BAROMETER_TRY(staff::require(user, staff::Permission::publish, to_string(action)));
  const Instant now = clock_.now();
  if (action == CommentaryAction::schedule && (!schedule_at || *schedule_at <= now))
    return invalid_field("schedule_at", "the time must be in the future");
  const Actor actor = Actor::staff(user);
  SavedCommentary out;
  auto s = db_.transact([&](Facets& tx) -> Status {
    Commentary c = std::move(edited);
    out.created = c.id == 0;
    out.owner = user.id;
    bool was_published = false;
    if (!out.created) {
      auto current = editable(tx, user, c.id);
      if (!current) return current.error();
      // A save changes the content; only the buttons below change the state.
      c.status = current->first.status;
      c.published_at = current->first.published_at;
      was_published = current->first.status == CommentaryStatus::published;
      out.owner = current->second;
    } else {
      c.status = CommentaryStatus::draft;
      c.published_at.reset();
    }
    apply(action, c, now, schedule_at);
    c.updated_at = now;
    if (out.created) {
      auto id = tx.content.add_commentary(c);
      if (!id) return id.error();
      c.id = *id;
      BAROMETER_TRY(tx.staff.set_commentary_owner(c.id, user.id));
    } else {
      BAROMETER_TRY(tx.content.update_commentary(c));
    }
    BAROMETER_TRY(add_revision(tx.history, actor, now, c, summary_of(action, c, out.created)));
    const std::string subject = subject_of(c.id);
    if (out.created) BAROMETER_TRY(history::add_audit(tx.history, actor, now, "commentary.create", subject, detail_of(c)));
    if (!out.created || action != CommentaryAction::save)
      BAROMETER_TRY(history::add_audit(tx.history, actor, now, "commentary." + std::string(to_string(action)), subject,
                                       detail_of(c)));
    // The webhooks' events, in this transaction: they exist exactly when the change does.
    if (action == CommentaryAction::publish) {
      BAROMETER_TRY(webhooks::enqueue_commentary_event(tx, WebhookEvent::commentary_published, c, now));
      if (!was_published) BAROMETER_TRY(webhooks::enqueue_completed_weeks(tx, {c.period}, now));
    } else if (action == CommentaryAction::unpublish && was_published) {
      BAROMETER_TRY(webhooks::enqueue_commentary_event(tx, WebhookEvent::commentary_unpublished, c, now));
    }
    out.commentary = std::move(c);
    return {};
  });
  if (!s) return s.error();
  return out;
}

Result<Commentary> CommentaryService::restore(const StaffUser& user, Id commentary_id, Id revision_id) {
  BAROMETER_TRY(staff::require(user, staff::Permission::write_commentary, "restore revisions"));
  const Instant now = clock_.now();
  const Actor actor = Actor::staff(user);
  Commentary restored;
  auto s = db_.transact([&](Facets& tx) -> Status {
    auto current = editable(tx, user, commentary_id);
    if (!current) return current.error();
    auto old = tx.history.get_revision(revision_id);
    if (!old) return old.error();
    if (old->info.commentary_id != commentary_id)
      return not_found("revision " + std::to_string(revision_id) + " is not one of " + subject_of(commentary_id));
    restored = old->snapshot;
    restored.id = commentary_id;
    restored.status = current->first.status;
    restored.published_at = current->first.published_at;
    restored.updated_at = now;
    BAROMETER_TRY(tx.content.update_commentary(restored));
    std::string summary = "restored from #" + std::to_string(revision_id);
    BAROMETER_TRY(add_revision(tx.history, actor, now, restored, summary));
    return history::add_audit(tx.history, actor, now, "commentary.restore", subject_of(commentary_id), summary);
  });
  if (!s) return s.error();
  return restored;
}

Result<std::vector<Id>> CommentaryService::publish_due() {
  const Instant now = clock_.now();
  // Nearly every pass finds nothing due: answer that with a read, so idle passes write nothing
  // (a write would take SQLite's write lock every second).
  auto due = db_.content().has_due(now);
  if (!due) return due.error();
  if (!*due) return std::vector<Id>{};
  const Actor actor = Actor::system(std::string(kSchedulerUserName));
  std::vector<Id> published;
  auto s = db_.transact([&](Facets& tx) -> Status {
    auto ids = tx.content.publish_due(now);
    if (!ids) return ids.error();
    std::vector<Period> periods;
    for (Id id : *ids) {
      auto c = tx.content.get_commentary(id);
      if (!c) return c.error();
      BAROMETER_TRY(add_revision(tx.history, actor, now, *c, std::string(kScheduledRevisionSummary)));
      BAROMETER_TRY(history::add_audit(tx.history, actor, now, "commentary.publish", subject_of(id), detail_of(*c)));
      BAROMETER_TRY(webhooks::enqueue_commentary_event(tx, WebhookEvent::commentary_published, *c, now));
      periods.push_back(c->period);
    }
    // After all of them: two commentaries of one week published in one pass make one event.
    BAROMETER_TRY(webhooks::enqueue_completed_weeks(tx, periods, now));
    published = std::move(*ids);
    return {};
  });
  if (!s) return s.error();
  return published;
}

}  // namespace barometer::editorial
