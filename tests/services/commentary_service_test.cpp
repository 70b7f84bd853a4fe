// editorial::CommentaryService on both backends: each change is one transaction with its owner,
// revision and audit lines — a fault injected between the writes (an audit insert the database
// refuses, through a trigger) leaves nothing published and nothing half-written — and the
// permissions are checked by the service itself, not only by the routes.
#include "services/editorial/commentary_service.hpp"

#include <gtest/gtest.h>

#include "service_fixture.hpp"

namespace barometer::editorial {
namespace {

class CommentaryServiceTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    auto topic = db_->content().add_topic({0, "security", 1, {{"en", {"Security", ""}}}});
    ASSERT_TRUE(topic.ok());
    topic_id_ = *topic;
    users_ = {add_user("analyst@x.org", Role::analyst), add_user("editor@x.org", Role::editor),
              add_user("other@x.org", Role::analyst)};
  }

  const StaffUser& analyst() const { return users_[0]; }
  const StaffUser& editor() const { return users_[1]; }
  const StaffUser& other_analyst() const { return users_[2]; }

  Commentary draft(const std::string& week, const std::string& title) const {
    Commentary c;
    c.topic_id = topic_id_;
    c.period = *Period::parse(week);
    c.assessment = Assessment::worse;
    c.translations["en"] = {title, "Lead.", "Body.", "t-" + week.substr(6)};
    return c;
  }

  Id topic_id_ = 0;
  std::vector<StaffUser> users_;
};

TEST_P(CommentaryServiceTest, APublishWritesTheCommentaryItsOwnerItsRevisionAndItsAuditLinesTogether) {
  CommentaryService service(*db_, clock_);
  auto saved = service.save(editor(), draft("2022-W09", "Tension"), CommentaryAction::publish);
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_TRUE(saved->created);
  const Id id = saved->commentary.id;
  auto stored = db_->content().get_commentary(id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->status, CommentaryStatus::published);
  EXPECT_EQ(stored->published_at, kNow);
  EXPECT_EQ(db_->staff().commentary_owner(id).value(), editor().id);
  auto revisions = db_->history().list_revisions(id);
  ASSERT_EQ(revisions.value().size(), 1u);
  EXPECT_EQ((*revisions)[0].summary, "published");
  EXPECT_EQ((*revisions)[0].staff_user_id, editor().id);
  AuditFilter filter;
  filter.subject = "commentary:" + std::to_string(id);
  auto lines = db_->history().list_audit(filter);
  ASSERT_EQ(lines.value().size(), 2u);  // newest first
  EXPECT_EQ((*lines)[0].action, "commentary.publish");
  EXPECT_EQ((*lines)[1].action, "commentary.create");
  EXPECT_EQ((*lines)[0].user_name, editor().name);
}

TEST_P(CommentaryServiceTest, AFailingAuditInsertLeavesNothingPublishedAndNothingHalfWritten) {
  CommentaryService service(*db_, clock_);
  // An existing draft by the analyst, with its revision and lines.
  auto existing = service.save(analyst(), draft("2022-W09", "Draft"), CommentaryAction::save);
  ASSERT_TRUE(existing.ok()) << existing.error().message;
  const std::int64_t revisions = rows("commentary_revisions");
  const std::int64_t audit = rows("audit_log");
  const std::int64_t owners = rows("commentary_owners");
  fail_audit_lines();

  // A new commentary published: no commentary, owner, revision or line.
  auto created = service.save(editor(), draft("2022-W10", "Never"), CommentaryAction::publish);
  ASSERT_FALSE(created.ok());
  EXPECT_NE(created.error().message.find("audit"), std::string::npos) << created.error().message;
  CommentaryFilter all;
  all.published_only = false;
  auto found = db_->content().find_commentaries(all);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().id, existing->commentary.id);
  // The existing draft published: still a draft, unchanged.
  Commentary edited = existing->commentary;
  edited.translations["en"].title = "Changed";
  auto published = service.save(editor(), edited, CommentaryAction::publish);
  ASSERT_FALSE(published.ok());
  auto after = db_->content().get_commentary(existing->commentary.id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->status, CommentaryStatus::draft);
  EXPECT_EQ(after->translations.at("en").title, "Draft");
  // A scheduled one coming due: the scheduler's pass fails whole, the commentary stays scheduled.
  allow_audit_lines();
  auto scheduled = service.save(editor(), draft("2022-W11", "Later"), CommentaryAction::schedule, kNow + std::chrono::hours(1));
  ASSERT_TRUE(scheduled.ok()) << scheduled.error().message;
  const std::int64_t revisions_before_due = rows("commentary_revisions");
  const std::int64_t audit_before_due = rows("audit_log");
  fail_audit_lines();
  FixedClock later{kNow + std::chrono::hours(2)};
  CommentaryService scheduler(*db_, later);
  EXPECT_FALSE(scheduler.publish_due().ok());
  EXPECT_EQ(db_->content().get_commentary(scheduled->commentary.id)->status, CommentaryStatus::scheduled);
  EXPECT_EQ(rows("commentary_revisions"), revisions_before_due);
  EXPECT_EQ(rows("audit_log"), audit_before_due);

  // Nothing of the failed changes was kept.
  EXPECT_EQ(rows("commentary_owners"), owners + 1);       // + the scheduled one's
  EXPECT_EQ(revisions_before_due, revisions + 1);        // the scheduled one's only
  EXPECT_EQ(audit_before_due, audit + 2);                // its create and schedule lines only
}

TEST_P(CommentaryServiceTest, PermissionsAreCheckedByTheService) {
  CommentaryService service(*db_, clock_);
  // Analysts may not publish, schedule or unpublish.
  for (auto action : {CommentaryAction::publish, CommentaryAction::schedule, CommentaryAction::unpublish}) {
    auto s = service.save(analyst(), draft("2022-W09", "Mine"), action, kNow + std::chrono::hours(1));
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.code(), ErrorCode::forbidden) << to_string(action);
  }
  auto mine = service.save(analyst(), draft("2022-W09", "Mine"), CommentaryAction::submit);
  ASSERT_TRUE(mine.ok()) << mine.error().message;
  // In review it is the editor's turn: its analyst may no longer edit it, another never could.
  EXPECT_EQ(service.save(analyst(), mine->commentary, CommentaryAction::save).code(), ErrorCode::forbidden);
  EXPECT_EQ(service.save(other_analyst(), mine->commentary, CommentaryAction::save).code(), ErrorCode::forbidden);
  auto revision = db_->history().list_revisions(mine->commentary.id).value().front().id;
  EXPECT_EQ(service.restore(other_analyst(), mine->commentary.id, revision).code(), ErrorCode::forbidden);
  // A disabled editor may do nothing.
  StaffUser gone = editor();
  gone.disabled = true;
  EXPECT_EQ(service.save(gone, mine->commentary, CommentaryAction::publish).code(), ErrorCode::forbidden);
  // The editor may; the state of the refused attempts never changed.
  EXPECT_EQ(db_->content().get_commentary(mine->commentary.id)->status, CommentaryStatus::review);
  auto published = service.save(editor(), mine->commentary, CommentaryAction::publish);
  ASSERT_TRUE(published.ok()) << published.error().message;
  EXPECT_EQ(published->owner, analyst().id);
  // A schedule time in the past is refused.
  EXPECT_EQ(service.save(editor(), draft("2022-W12", "Past"), CommentaryAction::schedule, kNow).code(),
            ErrorCode::invalid);
}

TEST_P(CommentaryServiceTest, RestoreBringsBackTheContentAndKeepsTheState) {
  CommentaryService service(*db_, clock_);
  auto first = service.save(editor(), draft("2022-W09", "Original"), CommentaryAction::publish);
  ASSERT_TRUE(first.ok());
  Commentary edited = first->commentary;
  edited.translations["en"].title = "Edited";
  ASSERT_TRUE(service.save(editor(), edited, CommentaryAction::save).ok());
  auto revisions = db_->history().list_revisions(first->commentary.id).value();
  ASSERT_EQ(revisions.size(), 2u);
  auto restored = service.restore(editor(), first->commentary.id, revisions.back().id);
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  auto now = db_->content().get_commentary(first->commentary.id).value();
  EXPECT_EQ(now.translations.at("en").title, "Original");
  EXPECT_EQ(now.status, CommentaryStatus::published);
  EXPECT_EQ(db_->history().list_revisions(first->commentary.id).value().front().summary,
            "restored from #" + std::to_string(revisions.back().id));
  // A revision of another commentary is not this one's.
  auto second = service.save(editor(), draft("2022-W10", "Other"), CommentaryAction::save);
  ASSERT_TRUE(second.ok());
  auto theirs = db_->history().list_revisions(second->commentary.id).value().front().id;
  EXPECT_EQ(service.restore(editor(), first->commentary.id, theirs).code(), ErrorCode::not_found);
}

BAROMETER_ON_BACKENDS(CommentaryServiceTest);

}  // namespace
}  // namespace barometer::editorial
