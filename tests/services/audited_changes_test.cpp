// history::AuditedChanges on both backends: a change and its audit line are one transaction (a
// refused audit insert leaves the topic unwritten), and the permission is checked before anything
// is written.
#include "services/history/audited_changes.hpp"

#include <gtest/gtest.h>

#include "service_fixture.hpp"

namespace barometer::history {
namespace {

class AuditedChangesTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    editor_ = add_user("editor@x.org", Role::editor);
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
  EXPECT_EQ((*lines)[0].user_name, "Name editor@x.org");
  EXPECT_EQ((*lines)[0].at, kNow);
}

TEST_P(AuditedChangesTest, ARefusedAuditLineLeavesTheChangeUnwritten) {
  fail_audit_lines();
  EXPECT_FALSE(add_topic(editor_, "security").ok());
  EXPECT_EQ(db_->content().find_topic("security").code(), ErrorCode::not_found);
  EXPECT_EQ(rows("topics"), 0);
}

TEST_P(AuditedChangesTest, AForbiddenRoleOrADisabledUserWritesNothing) {
  StaffUser analyst = editor_;
  analyst.role = Role::analyst;
  EXPECT_EQ(add_topic(analyst, "security").code(), ErrorCode::forbidden);
  StaffUser disabled = editor_;
  disabled.disabled = true;
  EXPECT_EQ(add_topic(disabled, "security").code(), ErrorCode::forbidden);
  EXPECT_EQ(rows("topics"), 0);
  EXPECT_EQ(rows("audit_log"), 0);
}

BAROMETER_ON_BACKENDS(AuditedChangesTest);

}  // namespace
}  // namespace barometer::history
