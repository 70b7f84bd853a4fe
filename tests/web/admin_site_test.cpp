// The back office over a real store (on SQLite and on PostgreSQL), called as a handler (no
// network): sign-in, sessions, CSRF, throttling, the permission matrix, the board and the editor
// round trip to the public page.
#include <gtest/gtest.h>

#include <regex>

#include "admin_fixture.hpp"
#include "web/public_site.hpp"

namespace barometer::web {
namespace {

using admin_test::Browser;
using admin_test::csrf_in;
using admin_test::kPassword;
using admin_test::set_cookie;

class AdminSiteTest : public admin_test::AdminTest {
 protected:
  std::vector<Topic> topics() const override {
    return {{0, "security", 1, {{"en", {"Security issues", ""}}}}, {0, "elite", 2, {{"en", {"The ruling elite", ""}}}}};
  }
  // A second analyst: owners and the permission matrix need one who does not own the commentary.
  std::vector<admin_test::StaffSeed> staff() const override {
    auto people = AdminTest::staff();
    people.insert(people.begin() + 1, {"other@x.org", "Name other@x.org", "analyst"});  // the ids of the original order
    return people;
  }

  std::string commentary_form(const std::string& csrf, const std::string& action, const std::string& title = "Tense week",
                              const std::string& period = "2022-W09") {
    return "_csrf=" + csrf + "&action=" + action + "&topic=security&period=" + period +
           "&assessment=worse&outlook=risk&author=ann&title_en=" + percent_encode(title) +
           "&lead_en=Things+got+worse.&body_en=Some+**bold**+text.&slug_en=";
  }

  Id only_commentary_id() {
    CommentaryFilter f;
    f.published_only = false;
    auto all = store_->find_commentaries(f);
    EXPECT_TRUE(all.ok());
    EXPECT_EQ(all->size(), 1u);
    return all->empty() ? 0 : (*all)[0].id;
  }
};

TEST_P(AdminSiteTest, SignInSetsAFreshHardenedCookieAndSignOutEndsTheSession) {
  Browser b;
  Response r = try_sign_in(b, "editor@x.org", kPassword);
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(r.header("Location"), "/admin/");
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
  std::string cookie;
  for (const auto& h : r.headers)
    if (h.value.rfind("barometer_session=", 0) == 0) cookie = h.value;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/admin"), std::string::npos);
  b.session = set_cookie(r, "barometer_session");
  EXPECT_EQ(b.session.size(), 64u);
  Browser again;
  Response r2 = try_sign_in(again, "editor@x.org", kPassword);
  EXPECT_NE(set_cookie(r2, "barometer_session"), b.session);  // a new token every time

  Response board = get("/admin/", &b);
  EXPECT_EQ(board.status, 200);
  b.csrf = csrf_in(board);
  EXPECT_EQ(post("/admin/logout", &b, "_csrf=" + b.csrf).status, 303);
  Response after = get("/admin/", &b);
  EXPECT_EQ(after.status, 303);
  EXPECT_EQ(after.header("Location"), "/admin/login");
}

TEST_P(AdminSiteTest, WrongPasswordAndUnknownAccountGetTheSameMessage) {
  Browser a, b;
  Response wrong = try_sign_in(a, "editor@x.org", "not the password");
  Response unknown = try_sign_in(b, "nobody@x.org", kPassword);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_NE(wrong.body->find("Wrong email or password"), std::string::npos);
  // Apart from the typed email and the form token, the two answers are the same page.
  auto normalise = [](std::string body) {
    body = std::regex_replace(body, std::regex("value=\"[0-9a-f]{64}\""), "TOKEN");
    return std::regex_replace(body, std::regex("(nobody|editor)@x\\.org"), "EMAIL");
  };
  EXPECT_EQ(normalise(*wrong.body), normalise(*unknown.body));
  EXPECT_TRUE(set_cookie(wrong, "barometer_session").empty());
  // The typed email is kept, escaped.
  Browser c;
  Response xss = try_sign_in(c, "<script>@x.org", "x");
  EXPECT_EQ(xss.body->find("<script>@"), std::string::npos);
  EXPECT_NE(xss.body->find("&lt;script&gt;@x.org"), std::string::npos);
}

TEST_P(AdminSiteTest, SignInWithoutTheFormTokenIsRefused) {
  Browser b;
  Response r = post("/admin/login", &b, "email=editor%40x.org&password=" + percent_encode(kPassword));
  EXPECT_EQ(r.status, 403);
  EXPECT_TRUE(set_cookie(r, "barometer_session").empty());
}

TEST_P(AdminSiteTest, RepeatedFailuresThrottleTheAccountAndTheAddress) {
  for (int i = 0; i < 5; ++i) {
    Browser b;
    EXPECT_EQ(try_sign_in(b, "editor@x.org", "wrong password " + std::to_string(i)).status, 401);
  }
  Browser b;
  Response r = try_sign_in(b, "editor@x.org", kPassword);  // right password, but throttled
  EXPECT_EQ(r.status, 429);
  EXPECT_NE(r.body->find("Wrong email or password"), std::string::npos);
  ip_ = "198.51.100.1";  // another address does not help the account
  Browser c;
  EXPECT_EQ(try_sign_in(c, "editor@x.org", kPassword).status, 429);
  // Other accounts are fine, until the address has too many failures of its own.
  sign_in("admin@x.org");
  clock_.set(clock_.now() + std::chrono::minutes{16});  // the window passes
  sign_in("editor@x.org");
  ip_ = "203.0.113.9";
  for (int i = 0; i < 20; ++i) {
    Browser d;
    (void)try_sign_in(d, "user" + std::to_string(i) + "@x.org", "whatever password");
  }
  Browser e;
  EXPECT_EQ(try_sign_in(e, "admin@x.org", kPassword).status, 429);
}

TEST_P(AdminSiteTest, IdleAndAbsoluteExpirySendBackToSignIn) {
  Browser b = sign_in("editor@x.org");
  clock_.set(clock_.now() + std::chrono::minutes{29});
  EXPECT_EQ(get("/admin/", &b).status, 200);  // refreshes the idle clock
  clock_.set(clock_.now() + std::chrono::minutes{29});
  EXPECT_EQ(get("/admin/", &b).status, 200);
  clock_.set(clock_.now() + std::chrono::minutes{31});
  Response idle = get("/admin/", &b);
  EXPECT_EQ(idle.status, 303);
  EXPECT_EQ(idle.header("Location"), "/admin/login");

  Browser c = sign_in("editor@x.org");
  for (int i = 0; i < 25; ++i) {  // busy all day: 25 x 29 min > 12 h
    clock_.set(clock_.now() + std::chrono::minutes{29});
    if (get("/admin/", &c).status != 200) break;
  }
  EXPECT_EQ(get("/admin/", &c).status, 303);
}

TEST_P(AdminSiteTest, DisabledUsersAreSignedOut) {
  Browser b = sign_in("editor@x.org");
  ASSERT_TRUE(service_->disable_user("editor@x.org").ok());
  EXPECT_EQ(get("/admin/", &b).status, 303);
  Browser c;
  EXPECT_EQ(try_sign_in(c, "editor@x.org", kPassword).status, 401);
}

TEST_P(AdminSiteTest, CsrfMissingOrWrongIsRefusedAndChangesNothing) {
  Browser b = sign_in("editor@x.org");
  std::string body = commentary_form(b.csrf, "save");
  Response none = post("/admin/commentaries/new", &b, body.substr(body.find('&') + 1));
  EXPECT_EQ(none.status, 403);
  std::string wrong = body;
  wrong.replace(6, 4, "0000");
  EXPECT_EQ(post("/admin/commentaries/new", &b, wrong).status, 403);
  Browser other = sign_in("admin@x.org");  // another session's token is wrong too
  EXPECT_EQ(post("/admin/commentaries/new", &b, commentary_form(other.csrf, "save")).status, 403);
  CommentaryFilter f;
  f.published_only = false;
  EXPECT_EQ(*store_->count_commentaries(f), 0);
  EXPECT_EQ(post("/admin/logout", &b, "_csrf=bad").status, 403);
  EXPECT_EQ(get("/admin/", &b).status, 200);  // still signed in
}

TEST_P(AdminSiteTest, PermissionMatrix) {
  // A draft owned by the analyst, for the edit routes.
  Browser analyst = sign_in("analyst@x.org");
  ASSERT_EQ(post("/admin/commentaries/new", &analyst, commentary_form(analyst.csrf, "save")).status, 303);
  std::string edit = "/admin/commentaries/" + std::to_string(only_commentary_id()) + "/";
  std::map<std::string, Browser> who = {{"analyst", analyst},
                                        {"other", sign_in("other@x.org")},
                                        {"editor", sign_in("editor@x.org")},
                                        {"admin", sign_in("admin@x.org")},
                                        {"anonymous", Browser{}}};
  struct Case {
    std::string method, target, action;
    std::map<std::string, int> expected;  // role -> status
  };
  const int R = 303, F = 403, OK = 200;
  std::vector<Case> cases = {
      {"GET", "/admin/", "", {{"analyst", OK}, {"other", OK}, {"editor", OK}, {"admin", OK}, {"anonymous", R}}},
      {"GET", "/admin/commentaries/new?topic=elite", "", {{"analyst", OK}, {"other", OK}, {"editor", OK}, {"admin", OK}, {"anonymous", R}}},
      {"GET", edit, "", {{"analyst", OK}, {"other", F}, {"editor", OK}, {"admin", OK}, {"anonymous", R}}},
      {"POST", edit, "preview", {{"analyst", OK}, {"other", F}, {"editor", OK}, {"admin", OK}, {"anonymous", R}}},
      {"POST", edit, "publish", {{"analyst", F}, {"other", F}, {"editor", R}, {"admin", R}, {"anonymous", R}}},
      {"POST", edit, "unpublish", {{"analyst", F}, {"other", F}, {"editor", R}, {"admin", R}, {"anonymous", R}}},
      {"GET", "/admin/staff/", "", {{"analyst", F}, {"other", F}, {"editor", F}, {"admin", OK}, {"anonymous", R}}},
  };
  for (const auto& c : cases)
    for (const auto& [role, expected] : c.expected) {
      Browser& b = who[role];
      Response r = c.method == "GET" ? get(c.target, &b)
                                     : post(c.target, &b, commentary_form(b.csrf, c.action));
      EXPECT_EQ(r.status, expected) << role << " " << c.method << " " << c.target << " " << c.action;
      if (expected == R && role == "anonymous") {
        EXPECT_EQ(r.header("Location"), "/admin/login");
      }
      EXPECT_EQ(r.header("Cache-Control"), "no-store");
    }
  // Once submitted, the draft is the editor's: the analyst can no longer change it.
  Browser& a = who["analyst"];
  ASSERT_EQ(post(edit, &a, commentary_form(a.csrf, "unpublish")).status, 403);
  ASSERT_EQ(post(edit, &a, commentary_form(a.csrf, "submit")).status, 303);
  EXPECT_EQ(store_->get_commentary(only_commentary_id())->status, CommentaryStatus::review);
  EXPECT_EQ(get(edit, &a).status, 403);
}

TEST_P(AdminSiteTest, EditorRoundTripToThePublicPage) {
  PublicSiteOptions popts;
  popts.theme_dir = (testing::source_dir() / "themes/default").string();
  auto public_site = make_public_site(*store_, popts);
  ASSERT_TRUE(public_site.ok()) << public_site.error().message;

  Browser analyst = sign_in("analyst@x.org");
  Response form = get("/admin/commentaries/new?topic=security&period=2022-W09", &analyst);
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body->find("value=\"2022-W09\""), std::string::npos);

  // Errors are shown beside their fields and everything typed comes back.
  std::string bad = "_csrf=" + analyst.csrf +
                    "&action=save&topic=security&period=2022-W99&assessment=worse&title_en=%3Cb%3EKept%3C%2Fb%3E"
                    "&lead_en=&body_en=Typed+body&slug_en=Bad+Slug";
  Response invalid = post("/admin/commentaries/new", &analyst, bad);
  EXPECT_EQ(invalid.status, 422);
  EXPECT_NE(invalid.body->find("Enter a week as YYYY-Www"), std::string::npos);
  EXPECT_NE(invalid.body->find("A lead is needed"), std::string::npos);
  EXPECT_NE(invalid.body->find("Use only a-z"), std::string::npos);
  EXPECT_NE(invalid.body->find("value=\"2022-W99\""), std::string::npos);
  EXPECT_NE(invalid.body->find("&lt;b&gt;Kept&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(invalid.body->find(">Typed body</textarea>"), std::string::npos);
  EXPECT_NE(invalid.body->find("value=\"Bad Slug\""), std::string::npos);
  CommentaryFilter all;
  all.published_only = false;
  EXPECT_EQ(*store_->count_commentaries(all), 0);

  // Preview renders the Markdown without saving.
  Response preview = post("/admin/commentaries/new", &analyst, commentary_form(analyst.csrf, "preview"));
  EXPECT_EQ(preview.status, 200);
  EXPECT_NE(preview.body->find("&lt;strong&gt;bold&lt;/strong&gt;"), std::string::npos);
  EXPECT_EQ(*store_->count_commentaries(all), 0);

  // Save, then submit; the slug comes from the title.
  Response saved = post("/admin/commentaries/new", &analyst, commentary_form(analyst.csrf, "save"));
  ASSERT_EQ(saved.status, 303);
  Id id = only_commentary_id();
  EXPECT_EQ(saved.header("Location"), "/admin/commentaries/" + std::to_string(id) + "/?saved=1");
  auto c = store_->get_commentary(id);
  EXPECT_EQ(c->status, CommentaryStatus::draft);
  EXPECT_EQ(c->translations.at("en").slug, "tense-week");
  EXPECT_EQ(c->assessment, Assessment::worse);
  EXPECT_EQ(c->outlook, Outlook::risk);
  EXPECT_EQ(c->author_ids.size(), 1u);
  std::string edit = "/admin/commentaries/" + std::to_string(id) + "/";
  ASSERT_EQ(post(edit, &analyst, commentary_form(analyst.csrf, "submit")).status, 303);

  // A second commentary for the same topic and week is refused at the period field.
  Response dup = post("/admin/commentaries/new", &analyst, commentary_form(analyst.csrf, "save", "Another"));
  EXPECT_EQ(dup.status, 422);
  EXPECT_NE(dup.body->find("already has a commentary"), std::string::npos);

  // The board shows it in review, with the missing language.
  Browser editor = sign_in("editor@x.org");
  Response board = get("/admin/?period=2022-W09", &editor);
  ASSERT_EQ(board.status, 200);
  EXPECT_NE(board.body->find("in review"), std::string::npos);
  EXPECT_NE(board.body->find("The situation got worse"), std::string::npos);
  EXPECT_NE(board.body->find("<td>ru</td>"), std::string::npos);
  EXPECT_NE(board.body->find("/admin/commentaries/new?topic=elite&amp;period=2022-W09"), std::string::npos);
  EXPECT_EQ(get("/admin/?period=nonsense", &editor).status, 400);

  std::string page = "/en/topics/security/tense-week/";
  EXPECT_EQ((*public_site)->handle(Request{"GET", page, page, "", {}, "", ""}).status, 404);
  ASSERT_EQ(post(edit, &editor, commentary_form(editor.csrf, "publish")).status, 303);
  EXPECT_EQ(store_->get_commentary(id)->status, CommentaryStatus::published);
  Response shown = (*public_site)->handle(Request{"GET", page, page, "", {}, "", ""});
  EXPECT_EQ(shown.status, 200);
  EXPECT_NE(shown.body->find("Tense week"), std::string::npos);

  ASSERT_EQ(post(edit, &editor, commentary_form(editor.csrf, "unpublish")).status, 303);
  EXPECT_EQ((*public_site)->handle(Request{"GET", page, page, "", {}, "", ""}).status, 404);
}

TEST_P(AdminSiteTest, BadRequestsAreClearErrors) {
  Browser b = sign_in("editor@x.org");
  EXPECT_EQ(get("/admin/%zz", &b).status, 400);
  EXPECT_EQ(get("/admin/nothing-here", &b).status, 404);
  EXPECT_EQ(get("/admin/commentaries/999999/", &b).status, 404);
  EXPECT_EQ(get("/admin/commentaries/abc/", &b).status, 404);
  EXPECT_EQ(get("/admin/commentaries/99999999999999999999999/", &b).status, 404);
  EXPECT_EQ(get("/admin/staff", &b).status, 308);
  Request wrong_type = request("POST", "/admin/commentaries/new", &b, commentary_form(b.csrf, "save"));
  wrong_type.headers.back().value = "text/plain";
  EXPECT_EQ(admin_->handle(wrong_type).status, 400);
  EXPECT_EQ(post("/admin/commentaries/new", &b, std::string(2u << 20, 'a')).status, 413);
  EXPECT_EQ(post("/admin/commentaries/new", &b, "_csrf=" + b.csrf + "&action=explode&topic=security&period=2022-W09&assessment=worse&title_en=T&lead_en=L").status, 400);
  Response css = get("/admin/static/admin.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.header("Content-Type"), "text/css; charset=utf-8");
}

BAROMETER_ON_BACKENDS(AdminSiteTest);

}  // namespace
}  // namespace barometer::web
