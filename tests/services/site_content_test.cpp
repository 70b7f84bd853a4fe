// The back office's audited changes besides commentaries, as services, on both backends:
// editorial::SiteContent (topics and their order, authors, pages, settings), staff::StaffAdmin
// (accounts) and newsletter::DigestApproval (mark ready). Each writes its change and its audit
// line together or nothing, checks the role itself, and keeps the rules that hold whatever the
// caller (a new topic goes last, a move renumbers, an admin cannot demote or disable themself,
// only a composable digest is marked ready).
#include <gtest/gtest.h>

#include "service_fixture.hpp"
#include "services/editorial/site_content.hpp"
#include "services/newsletter/digest_approval.hpp"
#include "services/staff/password.hpp"
#include "services/staff/staff_admin.hpp"

namespace barometer {
namespace {

Topic topic(const std::string& slug, int position = 0) { return {0, slug, position, {{"en", {"Name " + slug, ""}}}}; }

class SiteContentTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    editor_ = add_user("editor@x.org", Role::editor);
    admin_ = add_user("admin@x.org", Role::admin);
    analyst_ = add_user("analyst@x.org", Role::analyst);
  }

  std::vector<AuditEntry> lines(const std::string& subject) {
    AuditFilter filter;
    filter.subject = subject;
    auto found = db_->history().list_audit(filter);
    EXPECT_TRUE(found.ok()) << found.error().message;
    return found.ok() ? *found : std::vector<AuditEntry>{};
  }

  std::vector<std::string> topic_order() {
    std::vector<std::string> slugs;
    auto topics = db_->content().list_topics();
    EXPECT_TRUE(topics.ok());
    for (const auto& t : topics.ok() ? *topics : std::vector<Topic>{}) slugs.push_back(t.slug + "@" + std::to_string(t.position));
    return slugs;
  }

  StaffUser editor_, admin_, analyst_;
};

TEST_P(SiteContentTest, ANewTopicGoesLastWithItsAuditLine) {
  editorial::SiteContent content(*db_, clock_);
  ASSERT_TRUE(db_->content().add_topic(topic("economy", 7)).ok());
  auto added = content.add_topic(editor_, topic("security"));
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(added->position, 8);
  EXPECT_GT(added->id, 0);
  auto audit = lines("topic:security");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "topic.create");
  EXPECT_EQ(audit[0].staff_user_id, editor_.id);
  // A taken slug: conflict, and no second line.
  EXPECT_EQ(content.add_topic(editor_, topic("security")).code(), ErrorCode::conflict);
  EXPECT_EQ(lines("topic:security").size(), 1u);
}

TEST_P(SiteContentTest, AMoveRenumbersEvenPositionsAnImportLeftEqual) {
  editorial::SiteContent content(*db_, clock_);
  for (const char* slug : {"a", "b", "c"}) ASSERT_TRUE(db_->content().add_topic(topic(slug, 5)).ok());
  ASSERT_TRUE(content.move_topic(editor_, "c", editorial::Move::up).ok());
  EXPECT_EQ(topic_order(), (std::vector<std::string>{"a@1", "c@2", "b@3"}));
  ASSERT_TRUE(content.move_topic(editor_, "a", editorial::Move::up).ok());  // already first: stays
  EXPECT_EQ(topic_order(), (std::vector<std::string>{"a@1", "c@2", "b@3"}));
  ASSERT_TRUE(content.move_topic(editor_, "a", editorial::Move::down).ok());
  EXPECT_EQ(topic_order(), (std::vector<std::string>{"c@1", "a@2", "b@3"}));
  auto audit = lines("topic:a");
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].detail, "down");  // newest first
  EXPECT_EQ(content.move_topic(editor_, "nope", editorial::Move::up).code(), ErrorCode::not_found);
  EXPECT_TRUE(lines("topic:nope").empty());
}

TEST_P(SiteContentTest, AnUpdateNamesARenamedSlugAndAFailedAuditLineUndoesIt) {
  editorial::SiteContent content(*db_, clock_);
  auto was = content.add_author(editor_, {0, "anna", {{"en", {"Anna", "Bio"}}}});
  ASSERT_TRUE(was.ok()) << was.error().message;
  Author renamed = *was;
  renamed.slug = "anna-k";
  ASSERT_TRUE(content.update_author(editor_, renamed, *was).ok());
  ASSERT_EQ(lines("author:anna-k").size(), 1u);
  EXPECT_EQ(lines("author:anna-k")[0].detail, "slug was anna");

  fail_audit_lines();
  Author again = renamed;
  again.slug = "anna-2";
  EXPECT_FALSE(content.update_author(editor_, again, renamed).ok());
  EXPECT_TRUE(db_->content().find_author("anna-k").ok());
  Page page{0, "about", 1, {{"en", {"about", "About", "Text"}}}};
  EXPECT_FALSE(content.add_page(editor_, page).ok());
  EXPECT_EQ(rows("pages"), 0);
}

TEST_P(SiteContentTest, RolesAreCheckedByTheService) {
  editorial::SiteContent content(*db_, clock_);
  EXPECT_EQ(content.add_topic(analyst_, topic("security")).code(), ErrorCode::forbidden);
  Site site = db_->content().load_site().value();
  site.time_zone = "Europe/Minsk";
  EXPECT_EQ(content.save_settings(editor_, site).code(), ErrorCode::forbidden);  // settings: admins
  EXPECT_EQ(rows("topics"), 0);
  EXPECT_EQ(db_->content().load_site()->time_zone, "UTC");
  ASSERT_TRUE(content.save_settings(admin_, site).ok());
  EXPECT_EQ(db_->content().load_site()->time_zone, "Europe/Minsk");
  ASSERT_EQ(lines("site").size(), 1u);
  EXPECT_EQ(lines("site")[0].detail, "languages en; time zone Europe/Minsk");
  EXPECT_EQ(rows("audit_log"), 1);
}

TEST_P(SiteContentTest, StaffAccountsChangeWithTheirAuditLines) {
  staff::StaffAdmin accounts(*db_, clock_);
  auto added = accounts.add(admin_, {"new@x.org", "New", "analyst", "a long enough password"});
  ASSERT_TRUE(added.ok()) << added.error().message;
  const std::string subject = "user:" + std::to_string(added->id);
  ASSERT_EQ(lines(subject).size(), 1u);
  EXPECT_EQ(lines(subject)[0].detail, "new@x.org as analyst");
  EXPECT_TRUE(staff::verify_password(db_->staff().get_user(added->id)->password_hash, "a long enough password"));

  ASSERT_TRUE(accounts.set_role(admin_, added->id, Role::editor).ok());
  EXPECT_EQ(db_->staff().get_user(added->id)->role, Role::editor);
  EXPECT_EQ(lines(subject)[0].detail, "analyst -> editor");
  ASSERT_TRUE(accounts.set_disabled(admin_, added->id, true).ok());
  EXPECT_TRUE(db_->staff().get_user(added->id)->disabled);
  EXPECT_EQ(lines(subject)[0].action, "user.disable");
  ASSERT_TRUE(accounts.set_password(admin_, added->id, "another long password").ok());
  EXPECT_TRUE(staff::verify_password(db_->staff().get_user(added->id)->password_hash, "another long password"));
  EXPECT_EQ(lines(subject).size(), 4u);

  // Refused: nothing written, no line.
  EXPECT_EQ(accounts.add(admin_, {"new@x.org", "Again", "analyst", "a long enough password"}).code(),
            ErrorCode::conflict);
  EXPECT_EQ(accounts.add(editor_, {"x@x.org", "X", "analyst", "a long enough password"}).code(), ErrorCode::forbidden);
  EXPECT_EQ(accounts.set_password(admin_, added->id, "").code(), ErrorCode::invalid);
  EXPECT_EQ(accounts.set_role(admin_, 999'999, Role::editor).code(), ErrorCode::not_found);
  EXPECT_EQ(lines(subject).size(), 4u);
  EXPECT_EQ(rows("staff_users"), 4);
}

TEST_P(SiteContentTest, AnAdminCannotDemoteOrDisableThemself) {
  staff::StaffAdmin accounts(*db_, clock_);
  EXPECT_EQ(accounts.set_role(admin_, admin_.id, Role::editor).code(), ErrorCode::invalid);
  EXPECT_EQ(accounts.set_disabled(admin_, admin_.id, true).code(), ErrorCode::invalid);
  auto stored = db_->staff().get_user(admin_.id);
  EXPECT_EQ(stored->role, Role::admin);
  EXPECT_FALSE(stored->disabled);
  EXPECT_TRUE(accounts.set_role(admin_, admin_.id, Role::admin).ok());  // a no-op change is allowed
  EXPECT_EQ(rows("audit_log"), 1);
}

TEST_P(SiteContentTest, OnlyAComposableDigestIsMarkedReady) {
  newsletter::DigestMailOptions mail;
  mail.theme_dir = BAROMETER_SOURCE_DIR "/themes/default";
  mail.base_url = "https://barometer.example";
  mail.mail_from = "news@barometer.example";
  newsletter::DigestApproval approval(*db_, clock_, mail);
  // No published commentary that week: nothing to send, nothing written.
  EXPECT_EQ(approval.mark_ready(editor_, "2022-W09", "en").code(), ErrorCode::invalid);
  EXPECT_EQ(approval.mark_ready(analyst_, "2022-W09", "en").code(), ErrorCode::forbidden);
  EXPECT_EQ(rows("digests"), 0);
  EXPECT_EQ(rows("audit_log"), 0);

  auto t = db_->content().add_topic(topic("security", 1));
  ASSERT_TRUE(t.ok());
  Commentary c;
  c.topic_id = *t;
  c.period = *Period::parse("2022-W09");
  c.assessment = Assessment::worse;
  c.status = CommentaryStatus::published;
  c.published_at = kNow;
  c.translations["en"] = {"Tension", "Lead.", "Body.", "tension"};
  ASSERT_TRUE(db_->content().add_commentary(c).ok());
  auto marked = approval.mark_ready(editor_, "2022-W09", "en");
  ASSERT_TRUE(marked.ok()) << marked.error().message;
  auto digest = db_->deliveries().find_digest("2022-W09", "en");
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(digest->state, DigestState::ready);
  ASSERT_EQ(lines("digest:2022-W09/en").size(), 1u);
  EXPECT_EQ(lines("digest:2022-W09/en")[0].action, "newsletter.ready");
}

BAROMETER_ON_BACKENDS(SiteContentTest);

}  // namespace
}  // namespace barometer
