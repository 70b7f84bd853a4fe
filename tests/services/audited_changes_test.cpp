// history::AuditedChanges on both backends: a change and its audit line are one transaction (a
// refused audit insert leaves the topic unwritten), and the permission is checked before anything
// is written.
#include "services/history/audited_changes.hpp"

#include <gtest/gtest.h>

#include "support/backend_fixture.hpp"

namespace barometer::history {
namespace {

const Instant kNow = from_unix(1'646'600'000);

class AuditedChangesTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    auto db = open_database();
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    Site site;
    site.name = {{"en", "Test"}};
    site.languages = {{"en", "English", "en_GB"}};
    ASSERT_TRUE(db_->content().save_site(site).ok());
    editor_.email = "editor@x.org";
    editor_.name = "Ed";
    editor_.role = Role::editor;
    editor_.password_hash = "x";
    editor_.created_at = kNow;
    auto id = db_->staff().add_user(editor_);  // audit lines name an existing user
    ASSERT_TRUE(id.ok()) << id.error().message;
    editor_.id = *id;
  }

  Status add_topic(const StaffUser& user, const std::string& slug) {
    AuditedChanges changes(*db_, clock_);
    return changes.run(user, staff::Permission::manage_content, "topic.create", "topic:" + slug,
                       [&](Facets& tx, std::string&) -> Result<std::string> {
                         if (auto id = tx.content.add_topic({0, slug, 1, {{"en", {"Name " + slug, ""}}}}); !id)
                           return id.error();
                         return std::string("created");
                       });
  }

  std::unique_ptr<Database> db_;
  FixedClock clock_{kNow};
  StaffUser editor_;
};

TEST_P(AuditedChangesTest, TheChangeAndItsAuditLineAreCommittedTogether) {
  ASSERT_TRUE(add_topic(editor_, "security").ok());
  EXPECT_TRUE(db_->content().find_topic("security").ok());
  AuditFilter filter;
  filter.subject = "topic:security";
  auto lines = db_->history().list_audit(filter);
  ASSERT_EQ(lines.value().size(), 1u);
  EXPECT_EQ((*lines)[0].action, "topic.create");
  EXPECT_EQ((*lines)[0].detail, "created");
  EXPECT_EQ((*lines)[0].user_name, "Ed");
  EXPECT_EQ((*lines)[0].at, kNow);
}

TEST_P(AuditedChangesTest, ARefusedAuditLineLeavesTheChangeUnwritten) {
  ASSERT_TRUE(exec_sql("CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'no'); END",
                       "CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS "
                       "$$ BEGIN RAISE EXCEPTION 'no'; END $$; "
                       "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fail_audit()")
                  .ok());
  EXPECT_FALSE(add_topic(editor_, "security").ok());
  EXPECT_EQ(db_->content().find_topic("security").code(), ErrorCode::not_found);
  EXPECT_EQ(count_rows("topics").value(), 0);
}

TEST_P(AuditedChangesTest, AForbiddenRoleOrADisabledUserWritesNothing) {
  StaffUser analyst = editor_;
  analyst.role = Role::analyst;
  EXPECT_EQ(add_topic(analyst, "security").code(), ErrorCode::forbidden);
  StaffUser disabled = editor_;
  disabled.disabled = true;
  EXPECT_EQ(add_topic(disabled, "security").code(), ErrorCode::forbidden);
  EXPECT_EQ(count_rows("topics").value(), 0);
  EXPECT_EQ(count_rows("audit_log").value(), 0);
}

BAROMETER_ON_BACKENDS(AuditedChangesTest);

}  // namespace
}  // namespace barometer::history
