// The fixture of the services' transaction tests, on both backends: one database (as `serve`
// opens it) holding a one-language site ("en") and staff accounts added by the test, a fixed
// clock, and a way to make the database refuse every audit line (a trigger) — the last write of
// every audited change, where a full disk or a lost connection would strike.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>

#include "domain/clock.hpp"
#include "domain/staff.hpp"
#include "support/backend_fixture.hpp"

namespace barometer::testing {

class ServiceTest : public BackendTest {
 protected:
  static inline const Instant kNow = from_unix(1'646'600'000);  // 2022-03-06

  void SetUp() override {
    auto db = open_database();
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    Site site;
    site.name = {{"en", "Test"}};
    site.languages = {{"en", "English", "en_GB"}};
    ASSERT_TRUE(db_->content().save_site(site).ok());
  }

  // A stored account (audit lines name an existing user); its password hash is a dummy.
  StaffUser add_user(const std::string& email, Role role) {
    StaffUser u;
    u.email = email;
    u.name = "Name " + email;
    u.role = role;
    u.password_hash = "x";
    u.created_at = kNow;
    auto id = db_->staff().add_user(u);
    EXPECT_TRUE(id.ok()) << id.error().message;
    u.id = id.ok() ? *id : 0;
    return u;
  }

  // From now on the database refuses every insert into the audit log.
  void fail_audit_lines() {
    ASSERT_TRUE(exec_sql("CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log "
                         "BEGIN SELECT RAISE(ABORT, 'injected audit failure'); END",
                         "CREATE OR REPLACE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS "
                         "$$ BEGIN RAISE EXCEPTION 'injected audit failure'; END $$; "
                         "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fail_audit()")
                    .ok());
  }

  // Undoes fail_audit_lines.
  void allow_audit_lines() {
    ASSERT_TRUE(exec_sql("DROP TRIGGER fail_audit", "DROP TRIGGER fail_audit ON audit_log").ok());
  }

  std::int64_t rows(const std::string& table) {
    auto n = count_rows(table);
    EXPECT_TRUE(n.ok()) << n.error().message;
    return n.ok() ? *n : -1;
  }

  FixedClock clock_{kNow};
  std::unique_ptr<Database> db_;
};

}  // namespace barometer::testing
