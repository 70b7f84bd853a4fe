// The Sessions page and the ways sessions end (docs/decisions/0015-staff-2fa.md), on both
// backends: listing one's sessions, signing one or all others out, an admin signing a user out
// everywhere, a new password ending the other sessions, the new-address audit line, and the
// Password page (one's own password: the current one again, throttled like a sign-in).
#include <gtest/gtest.h>

#include "admin_fixture.hpp"
#include "services/staff/password.hpp"
#include "web/url.hpp"

namespace barometer::web::admin_test {
namespace {

constexpr const char* kChromium =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
constexpr const char* kFirefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0";

class SessionsTest : public AdminTest {
 protected:
  Browser browser(const std::string& email, const char* user_agent) {
    Browser b;
    b.user_agent = user_agent;
    return sign_in(email, b);
  }
  // The stored hash of the session `b` carries (the Sessions page's form value).
  static std::string session_id(const Browser& b) { return staff::sha256_hex(b.session); }
};

TEST_P(SessionsTest, ThePageListsTheSessionsAndSignsOneOut) {
  Browser a = browser("editor@x.org", kChromium);
  ip_ = "198.51.100.9";
  Browser b = browser("editor@x.org", kFirefox);
  Response page = get("/admin/sessions/", &a);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page, "Chrome on Linux"));
  EXPECT_TRUE(has(page, "Firefox on Windows"));
  EXPECT_TRUE(has(page, "198.51.100.9"));
  EXPECT_TRUE(has(page, "192.0.2.7"));
  EXPECT_TRUE(has(page, "(this session)"));
  EXPECT_TRUE(has(page, "Sign out all other sessions"));
  // Somebody else's session is not one's own to end.
  Browser other = browser("analyst@x.org", kChromium);
  EXPECT_EQ(post("/admin/sessions/", &a, "_csrf=" + a.csrf + "&action=end&session=" + session_id(other)).status, 303);
  EXPECT_EQ(get("/admin/", &other).status, 200);

  EXPECT_EQ(post("/admin/sessions/", &a, "_csrf=" + a.csrf + "&action=end&session=" + session_id(b)).status, 303);
  Response next = get("/admin/", &b);
  EXPECT_EQ(next.status, 303);
  EXPECT_EQ(next.header("Location"), "/admin/login");
  EXPECT_EQ(get("/admin/", &a).status, 200);
  EXPECT_EQ(audit("session.end").size(), 1u) << "the refused one writes nothing";
  EXPECT_TRUE(has(get("/admin/sessions/", &a), "value=\"" + session_id(a) + "\"") == false)
      << "this session has no sign-out button of its own";
}

TEST_P(SessionsTest, SignOutAllOtherSessions) {
  Browser a = browser("editor@x.org", kChromium);
  Browser b = browser("editor@x.org", kFirefox);
  Browser c = browser("editor@x.org", kFirefox);
  EXPECT_EQ(post("/admin/sessions/", &a, "_csrf=" + a.csrf + "&action=end_others").status, 303);
  EXPECT_EQ(get("/admin/", &b).header("Location"), "/admin/login");
  EXPECT_EQ(get("/admin/", &c).header("Location"), "/admin/login");
  EXPECT_EQ(get("/admin/", &a).status, 200);
  EXPECT_FALSE(has(get("/admin/sessions/", &a), "Sign out all other sessions"));
  EXPECT_EQ(post("/admin/sessions/", &a, "_csrf=" + a.csrf + "&action=nonsense").status, 400);
  EXPECT_EQ(post("/admin/sessions/", &a, "_csrf=wrong&action=end_others").status, 403);
}

TEST_P(SessionsTest, AnAdminSignsAUserOutEverywhere) {
  Browser e1 = browser("editor@x.org", kChromium);
  Browser e2 = browser("editor@x.org", kFirefox);
  Browser admin = sign_in("admin@x.org");
  const std::string page = "/admin/staff/" + std::to_string(user_id("editor@x.org")) + "/";
  EXPECT_EQ(post(page, &admin, "_csrf=" + admin.csrf + "&action=end_sessions").status, 303);
  EXPECT_EQ(get("/admin/", &e1).header("Location"), "/admin/login");
  EXPECT_EQ(get("/admin/", &e2).header("Location"), "/admin/login");
  EXPECT_EQ(audit("user.sessions_end").size(), 1u);
  // Not for editors.
  Browser e3 = sign_in("editor@x.org");
  EXPECT_EQ(post(page, &e3, "_csrf=" + e3.csrf + "&action=end_sessions").status, 403);
}

TEST_P(SessionsTest, APasswordChangeEndsTheOtherSessions) {
  Browser a1 = browser("admin@x.org", kChromium);
  Browser a2 = browser("admin@x.org", kFirefox);
  Browser e1 = sign_in("editor@x.org");
  // Own password: this session stays, the other ends.
  const std::string own = "/admin/staff/" + std::to_string(user_id("admin@x.org")) + "/";
  EXPECT_EQ(post(own, &a1, "_csrf=" + a1.csrf + "&action=password&password=another+long+password").status, 303);
  EXPECT_EQ(get("/admin/", &a1).status, 200);
  EXPECT_EQ(get("/admin/", &a2).header("Location"), "/admin/login");
  // Someone else's: all of theirs end.
  const std::string editor = "/admin/staff/" + std::to_string(user_id("editor@x.org")) + "/";
  EXPECT_EQ(post(editor, &a1, "_csrf=" + a1.csrf + "&action=password&password=another+long+password").status, 303);
  EXPECT_EQ(get("/admin/", &e1).header("Location"), "/admin/login");
}

TEST_P(SessionsTest, ASignInFromANewAddressIsAudited) {
  sign_in("editor@x.org");
  EXPECT_EQ(audit("session.new_ip").size(), 1u);
  sign_in("editor@x.org");
  EXPECT_EQ(audit("session.new_ip").size(), 1u) << "a known address";
  ip_ = "203.0.113.5";
  sign_in("editor@x.org");
  auto lines = audit("session.new_ip");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines.front().detail, "203.0.113.5");
  // A failed sign-in from yet another address writes nothing.
  ip_ = "203.0.113.6";
  Browser b;
  EXPECT_EQ(try_sign_in(b, "editor@x.org", "wrong password!!").status, 401);
  EXPECT_EQ(audit("session.new_ip").size(), 2u);
}

// The Password page: the current password again, the rule, the other sessions end, the audit line.
TEST_P(SessionsTest, ThePasswordPageAsksForTheCurrentPasswordAndEndsTheOthers) {
  Browser a = browser("analyst@x.org", kChromium);
  Browser b = browser("analyst@x.org", kFirefox);
  Response page = get("/admin/password/", &a);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page, "autocomplete=\"current-password\""));
  EXPECT_TRUE(has(get("/admin/", &a), "href=\"/admin/password/\""));
  auto change = [&](const std::string& current, const std::string& next) {
    return post("/admin/password/", &a,
                "_csrf=" + a.csrf + "&current_password=" + percent_encode(current) + "&password=" + percent_encode(next));
  };
  Response wrong = change("not my password!", "a brand new passphrase");
  EXPECT_EQ(wrong.status, 422);
  EXPECT_TRUE(has(wrong, "That is not your current password."));
  Response short_one = change(kPassword, "too short");
  EXPECT_EQ(short_one.status, 422);
  EXPECT_TRUE(has(short_one, "The password must be 12 to 1024 characters long."));
  Response same = change(kPassword, kPassword);
  EXPECT_EQ(same.status, 422);
  EXPECT_TRUE(has(same, "must differ from the current one"));
  EXPECT_EQ(get("/admin/", &b).status, 200) << "nothing changed yet";
  EXPECT_TRUE(audit("user.password_change").empty());

  Response done = change(kPassword, "a brand new passphrase");
  EXPECT_EQ(done.status, 303);
  EXPECT_EQ(done.header("Location"), "/admin/password/?changed=1");
  EXPECT_TRUE(has(get("/admin/password/?changed=1", &a), "Your password was changed."));
  EXPECT_EQ(get("/admin/", &a).status, 200) << "this session stays";
  EXPECT_EQ(get("/admin/", &b).header("Location"), "/admin/login") << "the other one ended";
  auto lines = audit("user.password_change");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines.front().detail, "1 other sessions ended");
  Browser c;
  EXPECT_EQ(try_sign_in(c, "analyst@x.org", kPassword).status, 401) << "the old password is gone";
  EXPECT_EQ(try_sign_in(c, "analyst@x.org", "a brand new passphrase").status, 303);
  // Without the form's CSRF token, nothing.
  EXPECT_EQ(post("/admin/password/", &a, "current_password=x&password=y").status, 403);
}

// A stolen session cannot guess the password through this page: failures count with sign-ins.
TEST_P(SessionsTest, WrongCurrentPasswordsAreThrottledLikeSignIns) {
  Browser a = browser("editor@x.org", kChromium);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(post("/admin/password/", &a, "_csrf=" + a.csrf + "&current_password=guess" + std::to_string(i) +
                                               "&password=a+brand+new+passphrase")
                  .status,
              422)
        << i;
  Response refused = post("/admin/password/", &a,
                          "_csrf=" + a.csrf + "&current_password=" + percent_encode(kPassword) +
                              "&password=a+brand+new+passphrase");
  EXPECT_EQ(refused.status, 429) << "the right password, but too many tries";
  EXPECT_TRUE(has(refused, "Too many wrong attempts"));
  Browser b;
  EXPECT_EQ(try_sign_in(b, "editor@x.org", kPassword).status, 429) << "the sign-in shares the count";
  EXPECT_TRUE(audit("user.password_change").empty());
}

BAROMETER_ON_BACKENDS(SessionsTest);

}  // namespace
}  // namespace barometer::web::admin_test
