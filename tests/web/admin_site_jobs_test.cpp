// The dashboard's "site jobs" panel (/admin/): the newest audit line of site.import, site.export
// and site.build, whoever wrote it, with its time and detail, escaped; "not yet" before any
// (docs/decisions/0023-wordpress-import.md). On both backends.
#include <gtest/gtest.h>

#include "admin_fixture.hpp"

namespace barometer::web {
namespace {

class AdminSiteJobsTest : public admin_test::AdminTest {};

TEST_P(AdminSiteJobsTest, TheBoardShowsTheNewestLineOfEachJob) {
  admin_test::Browser b = sign_in("editor@x.org");
  Response before = get("/admin/", &b);
  ASSERT_EQ(before.status, 200);
  EXPECT_NE(before.body->find("Last import"), std::string::npos);
  EXPECT_NE(before.body->find("not yet"), std::string::npos);

  auto line = [&](const std::string& action, std::int64_t at, const std::string& detail) {
    AuditEntry e;
    e.at = from_unix(at);
    e.user_name = "import";
    e.action = action;
    e.subject = "wordpress:export.xml";
    e.detail = detail;
    ASSERT_TRUE(history_->add_audit(e).ok());
  };
  line("site.import", 1'646'000'000, "{\"commentaries\":1}");
  line("site.import", 1'646'600'000, "{\"commentaries\":42,\"x\":\"<b>\"}");
  line("site.build", 1'646'500'000, "{\"pages\":7}");
  Response after = get("/admin/", &b);
  ASSERT_EQ(after.status, 200);
  const std::string& body = *after.body;
  EXPECT_NE(body.find("2022-03-06T"), std::string::npos);
  EXPECT_NE(body.find("&quot;commentaries&quot;:42"), std::string::npos) << "the newest import, escaped";
  EXPECT_EQ(body.find("&quot;commentaries&quot;:1}"), std::string::npos);
  EXPECT_EQ(body.find("<b>"), std::string::npos);
  EXPECT_NE(body.find("&quot;pages&quot;:7"), std::string::npos);
  EXPECT_NE(body.find("not yet"), std::string::npos);  // no export yet
}

BAROMETER_ON_BACKENDS(AdminSiteJobsTest);

}  // namespace
}  // namespace barometer::web
