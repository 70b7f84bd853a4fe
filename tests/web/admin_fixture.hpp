// The one fixture of the back-office tests: a database on each backend with a small site, staff
// accounts for each role, the admin handler over them at a fixed time, and a browser's view of it
// (cookies, CSRF token, Accept-Language). Every back-office test file derives from AdminTest
// instead of building its own copy (issue 12, item 10).
//
// How to use it:
//   class MyAdminTest : public admin_test::AdminTest {
//    protected:
//     std::vector<Topic> topics() const override { ... }   // optional: another seed
//     void SetUp() override {
//       AdminTest::SetUp();
//       if (HasFatalFailure()) return;
//       ...                                              // extra content of this file only
//     }
//   };
//   TEST_P(MyAdminTest, Something) { Browser b = sign_in("editor@x.org"); ... }
//   BAROMETER_ON_BACKENDS(MyAdminTest);
// SetUp calls the virtual hooks below in this order: site(), topics(), authors(), staff(),
// configure(), behind_middleware(); the defaults are what most files need.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "domain/author.hpp"
#include "domain/clock.hpp"
#include "domain/site.hpp"
#include "domain/topic.hpp"
#include "services/staff/staff_service.hpp"
#include "storage/database.hpp"
#include "support/backend_fixture.hpp"
#include "web/admin/admin_site.hpp"
#include "web/http.hpp"

namespace barometer::web::admin_test {

// Every staff account of the fixture signs in with this one.
inline constexpr const char* kPassword = "correct horse battery";

// A staff member's browser: what it sends with each request. Empty fields are not sent.
struct Browser {
  std::string session;          // barometer_session cookie ("" = signed out)
  std::string csrf;             // the _csrf token of the signed-in pages
  std::string login;            // barometer_login cookie, between the sign-in form and its POST
  std::string extra_cookies;    // sent after the others, e.g. "barometer_admin_lang=be"
  std::string accept_language;  // the Accept-Language header
  std::string user_agent;       // the User-Agent header
  std::string pending;          // barometer_pending cookie: half-signed-in, between password and code
  Id user_id = 0;               // the account sign_in() signed in as
};

// One staff account SetUp creates (with kPassword).
struct StaffSeed {
  std::string email;
  std::string name;
  std::string role;  // "analyst" | "editor" | "admin"
};

// The value `name` gets in a Set-Cookie header of `r`, or "".
std::string set_cookie(const Response& r, const std::string& name);
// The hidden _csrf field's value in a page, or "".
std::string csrf_in(const std::string& html);
std::string csrf_in(const Response& r);
// Whether the response has a body containing `text`.
bool has(const Response& r, const std::string& text);

class AdminTest : public barometer::testing::BackendTest {
 protected:
  void SetUp() override;

  // --- The seed (hooks; override to change what SetUp writes)
  // The site: "Test Monitor" about Belarus in en and ru (en_GB, ru_RU), http://test.example.
  virtual Site site() const;
  // One topic, "security" ("Security issues").
  virtual std::vector<Topic> topics() const;
  // One author, "ann" ("Ann Analyst").
  virtual std::vector<Author> authors() const;
  // analyst@x.org, editor@x.org, admin@x.org, each named "Name <email>".
  virtual std::vector<StaffSeed> staff() const;
  // Changes to the admin options before the handler is made (e.g. the newsletter); the theme is
  // already the source tree's themes/admin.
  virtual void configure(AdminOptions& /*options*/) {}
  // Whether admin_ sits behind with_standard_middleware, as `serve` runs it (security headers,
  // ETag). Default false: the bare handler.
  virtual bool behind_middleware() const { return false; }

  // --- Requests, the way a browser sends them (from ip_)
  Request request(const std::string& method, const std::string& target, const Browser* b,
                  std::string body = "") const;
  Response get(const std::string& target, const Browser* b = nullptr);
  Response post(const std::string& target, const Browser* b, const std::string& body);
  // Fetches the sign-in form with `b` and posts it; `b` then carries the login cookie.
  Response try_sign_in(Browser& b, const std::string& email, const std::string& password);
  // Signs in with kPassword (expecting success); the browser returned carries the session, the
  // CSRF token and the account's id, and whatever `b` already had (Accept-Language, cookies).
  Browser sign_in(const std::string& email, Browser b = {});

  // --- Look-ups in the seed
  Id user_id(const std::string& email);
  // The audit lines whose action starts with `action_prefix`, newest first (at most 1000).
  std::vector<AuditEntry> audit(const std::string& action_prefix = "");
  Id topic_id(const std::string& slug);

  FixedClock clock_{from_unix(1'646'300'000)};  // 2022-03-03 09:33:20 UTC, a Thursday in 2022-W09
  std::string ip_ = "192.0.2.7";                // the client address of every request
  std::unique_ptr<Database> database_;          // every facet on one pool (storage/database.hpp)
  Store* store_ = nullptr;
  StaffStore* staff_store_ = nullptr;
  HistoryStore* history_ = nullptr;
  NewsletterStore* subscribers_ = nullptr;
  DeliveryStore* ledger_ = nullptr;
  std::unique_ptr<staff::StaffService> service_;
  std::unique_ptr<Handler> admin_;  // last: destroyed first, while what it refers to still lives
};

}  // namespace barometer::web::admin_test
