// Two-factor sign-in in the back office (docs/decisions/0015-staff-2fa.md), on both backends:
// enrolment, the code step (skew, replay, throttle, recovery codes, bad input), the
// half-signed-in state that grants nothing, the policy that forces enrolment, and the reset.
#include <gtest/gtest.h>

#include <cctype>

#include "admin_fixture.hpp"
#include "services/staff/totp.hpp"
#include "web/url.hpp"

namespace barometer::web::admin_test {
namespace {

using std::chrono::seconds;

class TwoFactorTest : public AdminTest {
 protected:
  struct Enrolled {
    std::string key;                 // base32, as the page shows it (spaces removed)
    std::vector<std::string> codes;  // the recovery codes
  };

  static std::string between(const std::string& text, const std::string& from, const std::string& to,
                             std::size_t start = 0) {
    auto a = text.find(from, start);
    if (a == std::string::npos) return "";
    a += from.size();
    return text.substr(a, text.find(to, a) - a);
  }

  static std::string key_on(const Response& r) {
    std::string key = r.body ? between(*r.body, "id=\"two-factor-key\">", "</code>") : "";
    std::erase(key, ' ');
    return key;
  }

  std::string code_at(const std::string& key, Instant at) {
    auto bytes = staff::base32_decode(key);
    EXPECT_TRUE(bytes.has_value()) << key;
    return staff::hotp(bytes ? *bytes : "", static_cast<std::uint64_t>(staff::totp_step(at)));
  }
  std::string current_code(const std::string& key, seconds offset = seconds{0}) {
    return code_at(key, clock_.now() + offset);
  }
  void advance(seconds by) { clock_.set(clock_.now() + by); }

  static std::vector<std::string> codes_on(const Response& r) {
    std::vector<std::string> out;
    if (!r.body) return out;
    for (std::size_t at = r.body->find("<li><code>"); at != std::string::npos; at = r.body->find("<li><code>", at + 1))
      out.push_back(between(*r.body, "<li><code>", "</code>", at));
    return out;
  }

  // Enrols the signed-in browser `b`: the key from the page, the current code, the recovery codes.
  Enrolled enrol(const Browser& b) {
    Response page = get("/admin/two-factor/", &b);
    EXPECT_EQ(page.status, 200);
    Enrolled e{key_on(page), {}};
    EXPECT_EQ(e.key.size(), 32u) << (page.body ? *page.body : "");
    EXPECT_TRUE(has(page, "<svg ")) << "the QR code";
    Response done = post("/admin/two-factor/", &b, "_csrf=" + b.csrf + "&code=" + current_code(e.key));
    EXPECT_EQ(done.status, 200) << (done.body ? *done.body : "");
    e.codes = codes_on(done);
    EXPECT_EQ(e.codes.size(), 10u);
    advance(seconds{30});  // the confirming code is spent; the next sign-in needs the next one
    return e;
  }

  // The password step of an account with two-factor: the browser carries the pending cookie.
  Browser password_step(const std::string& email, const std::string& expect_location = "/admin/login/code") {
    Browser b;
    Response r = try_sign_in(b, email, kPassword);
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(r.header("Location"), expect_location);
    EXPECT_EQ(set_cookie(r, "barometer_session"), "") << "no session before the code";
    b.pending = set_cookie(r, "barometer_pending");
    b.login.clear();
    EXPECT_FALSE(b.pending.empty());
    return b;
  }

  Response send_code(Browser& b, const std::string& code) {
    Response form = get("/admin/login/code", &b);
    EXPECT_EQ(form.status, 200);
    Response r = post("/admin/login/code", &b, "_csrf=" + csrf_in(form) + "&code=" + percent_encode(code));
    if (r.status == 303) {
      b.session = set_cookie(r, "barometer_session");
      b.pending.clear();
      b.csrf = csrf_in(get("/admin/", &b));
    }
    return r;
  }

};

TEST_P(TwoFactorTest, EnrolThenSignInWithPasswordAndCode) {
  Browser admin = sign_in("admin@x.org");
  Enrolled e = enrol(admin);
  EXPECT_EQ(audit("user.2fa_enable").size(), 1u);
  EXPECT_TRUE(has(get("/admin/two-factor/", &admin), "10 recovery codes left"));

  Browser b = password_step("admin@x.org");
  Response r = send_code(b, current_code(e.key));
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("Location"), "/admin/");
  EXPECT_EQ(set_cookie(r, "barometer_pending"), "") << "the pending cookie is cleared";
  EXPECT_EQ(get("/admin/", &b).status, 200);
  EXPECT_FALSE(b.session.empty());
}

TEST_P(TwoFactorTest, HalfSignedInGetsNothing) {
  Browser admin = sign_in("admin@x.org");
  enrol(admin);
  Browser b = password_step("admin@x.org");
  for (const char* url : {"/admin/", "/admin/staff/", "/admin/settings/", "/admin/sessions/", "/admin/two-factor/",
                          "/admin/audit/", "/admin/topics/", "/admin/commentaries/new"}) {
    Response r = get(url, &b);
    EXPECT_EQ(r.status, 303) << url;
    EXPECT_EQ(r.header("Location"), "/admin/login/code") << url;
  }
  // The pending token used as a session cookie is no session either.
  Browser forged;
  forged.session = b.pending;
  EXPECT_EQ(get("/admin/", &forged).header("Location"), "/admin/login");
  // A POST with the pending session's CSRF token changes nothing.
  std::string step_csrf = csrf_in(get("/admin/login/code", &b));
  EXPECT_EQ(post("/admin/logout", &b, "_csrf=" + step_csrf).status, 303);
  EXPECT_EQ(post("/admin/staff/new", &b,
                 "_csrf=" + step_csrf + "&email=x%40x.org&name=X&role=admin&password=long+enough+pass")
                .header("Location"),
            "/admin/login/code");
  EXPECT_EQ(staff_store_->find_user("x@x.org").code(), ErrorCode::not_found);
  // After the pending time runs out, back to the password.
  advance(seconds{11 * 60});
  EXPECT_EQ(get("/admin/", &b).header("Location"), "/admin/login");
  EXPECT_EQ(get("/admin/login/code", &b).header("Location"), "/admin/login");
}

TEST_P(TwoFactorTest, OneStepOfSkewIsAcceptedTwoAreRefused) {
  Browser admin = sign_in("admin@x.org");
  Enrolled e = enrol(admin);
  advance(seconds{300});
  Browser b = password_step("admin@x.org");
  EXPECT_EQ(send_code(b, current_code(e.key, seconds{-60})).status, 401);
  EXPECT_EQ(send_code(b, current_code(e.key, seconds{60})).status, 401);
  EXPECT_EQ(send_code(b, current_code(e.key, seconds{-30})).status, 303);
  Browser c = password_step("admin@x.org");
  EXPECT_EQ(send_code(c, current_code(e.key, seconds{30})).status, 303);
}

TEST_P(TwoFactorTest, ACodeAlreadyUsedIsRefused) {
  Browser admin = sign_in("admin@x.org");
  Enrolled e = enrol(admin);
  const std::string code = current_code(e.key);
  Browser b = password_step("admin@x.org");
  EXPECT_EQ(send_code(b, code).status, 303);
  Browser c = password_step("admin@x.org");
  Response again = send_code(c, code);
  EXPECT_EQ(again.status, 401);
  EXPECT_TRUE(has(again, "Wrong code"));
  // Somebody has the password and saw a recent code: a line for the admins (ASVS 2.8.5).
  auto replays = audit("session.code_replay");
  ASSERT_EQ(replays.size(), 1u);
  EXPECT_EQ(replays.front().detail, "192.0.2.7");
  EXPECT_EQ(send_code(c, "000000").status, 401);
  EXPECT_EQ(audit("session.code_replay").size(), 1u) << "a merely wrong code is no replay";
  advance(seconds{30});
  EXPECT_EQ(send_code(c, current_code(e.key)).status, 303);
}

TEST_P(TwoFactorTest, TheThrottleCoversTheCodeStep) {
  Browser admin = sign_in("admin@x.org");
  Enrolled e = enrol(admin);
  Browser b = password_step("admin@x.org");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(send_code(b, "000000").status, 401) << i;
  EXPECT_EQ(send_code(b, current_code(e.key)).status, 429) << "the right code, but too many tries";
  // A new password step does not reset the count: only a whole sign-in does.
  Browser c;
  EXPECT_EQ(try_sign_in(c, "admin@x.org", kPassword).status, 429);
  advance(seconds{16 * 60});
  Browser d = password_step("admin@x.org");
  EXPECT_EQ(send_code(d, current_code(e.key)).status, 303);
}

TEST_P(TwoFactorTest, ARecoveryCodeWorksOnce) {
  Browser admin = sign_in("admin@x.org");
  Enrolled e = enrol(admin);
  Browser b = password_step("admin@x.org");
  std::string upper = e.codes[3];
  for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  EXPECT_EQ(send_code(b, upper).status, 303) << "typed in capitals";
  EXPECT_TRUE(has(get("/admin/two-factor/", &b), "9 recovery codes left"));
  Browser c = password_step("admin@x.org");
  EXPECT_EQ(send_code(c, e.codes[3]).status, 401);
  EXPECT_EQ(send_code(c, e.codes[4]).status, 303);
}

TEST_P(TwoFactorTest, BadInputInTheCodeFieldIsAFormErrorNeverA500) {
  Browser admin = sign_in("admin@x.org");
  enrol(admin);
  const std::vector<std::string> inputs = {"abcdef", "12 34 5", std::string(5000, '9'), "<script>alert(1)</script>",
                                           "'; DROP TABLE staff_users; --"};
  Browser b = password_step("admin@x.org");
  for (const auto& input : inputs) {
    Response r = send_code(b, input);
    EXPECT_TRUE(r.status == 401 || r.status == 429) << input.substr(0, 40) << ": " << r.status;
    EXPECT_TRUE(has(r, "role=\"alert\"")) << input.substr(0, 40);
    EXPECT_FALSE(has(r, "<script>alert(1)")) << "never echoed as markup";
  }
  // On the enrolment form too.
  Browser editor = sign_in("editor@x.org");
  ASSERT_EQ(get("/admin/two-factor/", &editor).status, 200);
  for (const auto& input : inputs) {
    Response r = post("/admin/two-factor/", &editor, "_csrf=" + editor.csrf + "&code=" + percent_encode(input));
    EXPECT_EQ(r.status, 422) << input.substr(0, 40);
    EXPECT_TRUE(has(r, "field-error"));
  }
}

TEST_P(TwoFactorTest, TheRequireSettingForcesEnrolmentOfEditorsAndAdmins) {
  Browser admin = sign_in("admin@x.org");
  EXPECT_EQ(post("/admin/settings/two-factor", &admin, "_csrf=" + admin.csrf + "&require_two_factor=1").status, 303);
  EXPECT_TRUE(*staff_store_->require_two_factor());
  EXPECT_EQ(audit("settings.require_2fa").size(), 1u);
  EXPECT_TRUE(has(get("/admin/settings/", &admin), "name=\"require_two_factor\" value=\"1\" checked"));

  // An analyst is not asked.
  sign_in("analyst@x.org");
  // An editor without two-factor: only the enrolment, until done.
  Browser b = password_step("editor@x.org", "/admin/login/enrol");
  for (const char* url : {"/admin/", "/admin/sessions/", "/admin/two-factor/", "/admin/login/code"}) {
    Response r = get(url, &b);
    EXPECT_EQ(r.status, 303) << url;
    EXPECT_NE(r.header("Location"), "/admin/" ) << url;
  }
  Response page = get("/admin/login/enrol", &b);
  ASSERT_EQ(page.status, 200);
  std::string key = key_on(page);
  Response wrong = post("/admin/login/enrol", &b, "_csrf=" + csrf_in(page) + "&code=123");
  EXPECT_EQ(wrong.status, 422);
  Response done = post("/admin/login/enrol", &b, "_csrf=" + csrf_in(page) + "&code=" + current_code(key));
  ASSERT_EQ(done.status, 200) << (done.body ? *done.body : "");
  EXPECT_EQ(codes_on(done).size(), 10u);
  b.session = set_cookie(done, "barometer_session");
  EXPECT_EQ(get("/admin/", &b).status, 200);
  // From now on: password and code.
  advance(seconds{30});
  Browser c = password_step("editor@x.org");
  EXPECT_EQ(send_code(c, current_code(key)).status, 303);
  // An admin switching it off: the policy only, nobody's two-factor.
  EXPECT_EQ(post("/admin/settings/two-factor", &admin, "_csrf=" + admin.csrf).status, 303);
  EXPECT_FALSE(*staff_store_->require_two_factor());
  EXPECT_EQ(post("/admin/settings/two-factor", &admin, "_csrf=" + admin.csrf + "&require_two_factor=yes").status,
            400);
  // Only admins set the policy.
  EXPECT_EQ(post("/admin/settings/two-factor", &c, "_csrf=" + c.csrf + "&require_two_factor=1").status, 403);
}

TEST_P(TwoFactorTest, AnAdminResetsTwoFactorAndTheSessionsEnd) {
  Browser editor = sign_in("editor@x.org");
  enrol(editor);
  Browser admin = sign_in("admin@x.org");
  const std::string page = "/admin/staff/" + std::to_string(user_id("editor@x.org")) + "/";
  EXPECT_TRUE(has(get(page, &admin), "value=\"reset_two_factor\""));
  EXPECT_EQ(post(page, &admin, "_csrf=" + admin.csrf + "&action=reset_two_factor").status, 303);
  EXPECT_EQ(get("/admin/", &editor).header("Location"), "/admin/login");
  EXPECT_EQ(audit("user.2fa_reset").size(), 1u);
  sign_in("editor@x.org");  // the password alone again
}

BAROMETER_ON_BACKENDS(TwoFactorTest);

}  // namespace
}  // namespace barometer::web::admin_test
