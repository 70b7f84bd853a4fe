// Revisions and the audit log of the back office (issue #3), on both storage backends, called as
// handlers: every save keeps a revision, the diff shows the change (escaped), a restore brings the
// old text back as a new revision without touching the status, the permission matrix and CSRF on
// these routes, and audit lines for sign-in, saves, publishing and sign-out.
#include <gtest/gtest.h>

#include <regex>

#include "admin_fixture.hpp"

namespace barometer::web {
namespace {

using admin_test::Browser;
using admin_test::csrf_in;
using admin_test::has;
using admin_test::set_cookie;

class HistoryPagesTest : public admin_test::AdminTest {
 protected:
  Site site() const override {
    Site s = AdminTest::site();
    s.name = {{"en", "Test Monitor"}};
    s.subject = {{"en", "Belarus"}};
    return s;
  }
  // A second analyst (who may not touch the first one's work), no admin.
  std::vector<admin_test::StaffSeed> staff() const override {
    return {{"analyst@x.org", "Name analyst@x.org", "analyst"},
            {"other@x.org", "Name other@x.org", "analyst"},
            {"editor@x.org", "Name editor@x.org", "editor"}};
  }

  static std::string form(const Browser& b, const std::string& action, const std::string& title,
                          const std::string& body = "First paragraph.\nThe situation got worse this week.",
                          const std::string& period = "2022-W09") {
    return "_csrf=" + b.csrf + "&action=" + action + "&topic=security&period=" + period +
           "&assessment=worse&outlook=risk&author=ann&title_en=" + percent_encode(title) +
           "&lead_en=Things+got+worse.&body_en=" + percent_encode(body) + "&slug_en=tense-week-" + period.substr(0, 4) + "-" + period.substr(6);
  }

  // Creates a commentary through the editor as `b`; returns its id.
  Id create(const Browser& b, const std::string& title = "Tense week", const std::string& period = "2022-W09") {
    Response r = post("/admin/commentaries/new", &b, form(b, "save", title, "First paragraph.\nThe situation got worse this week.", period));
    EXPECT_EQ(r.status, 303) << *r.body;
    std::smatch m;
    std::string location(r.header("Location"));
    if (!std::regex_search(location, m, std::regex("/admin/commentaries/([0-9]+)/"))) return 0;
    return std::stoll(m[1]);
  }
  std::string path(Id id, const std::string& rest = "") { return "/admin/commentaries/" + std::to_string(id) + "/" + rest; }
  std::vector<RevisionInfo> revisions(Id id) {
    auto list = history_->list_revisions(id);
    EXPECT_TRUE(list.ok());
    return list.ok() ? *list : std::vector<RevisionInfo>{};
  }
  std::string title(Id id) {
    auto c = store_->get_commentary(id);
    return c.ok() ? c->translations.at("en").title : "";
  }
};

TEST_P(HistoryPagesTest, EverySaveKeepsARevisionWithItsUserAndSummary) {
  Browser editor = sign_in("editor@x.org");
  Id id = create(editor);
  ASSERT_NE(id, 0);
  auto after_create = revisions(id);
  ASSERT_EQ(after_create.size(), 1u);
  EXPECT_EQ(after_create[0].summary, "created");
  EXPECT_EQ(after_create[0].staff_user_id, editor.user_id);
  EXPECT_EQ(after_create[0].user_name, "Name editor@x.org");

  clock_.set(clock_.now() + std::chrono::minutes(5));
  ASSERT_EQ(post(path(id), &editor, form(editor, "save", "Calm week")).status, 303);
  clock_.set(clock_.now() + std::chrono::minutes(5));
  ASSERT_EQ(post(path(id), &editor, form(editor, "publish", "Calm week")).status, 303);
  auto all = revisions(id);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].summary, "published");
  EXPECT_EQ(all[1].summary, "saved");
  EXPECT_EQ(all[2].summary, "created");
  auto published = history_->get_revision(all[0].id);
  ASSERT_TRUE(published.ok());
  EXPECT_EQ(published->snapshot.status, CommentaryStatus::published);
  EXPECT_EQ(published->snapshot.translations.at("en").title, "Calm week");
  auto first = history_->get_revision(all[2].id);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->snapshot.translations.at("en").title, "Tense week");
  EXPECT_EQ(first->snapshot.status, CommentaryStatus::draft);

  // A refused save keeps nothing.
  Response bad = post(path(id), &editor, form(editor, "save", ""));
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(revisions(id).size(), 3u);

  // The list page shows them, newest first, linked from the editor.
  EXPECT_TRUE(has(get(path(id), &editor), "href=\"" + path(id, "revisions/") + "\""));
  Response list = get(path(id, "revisions/"), &editor);
  ASSERT_EQ(list.status, 200) << *list.body;
  auto at_published = list.body->find("published");
  auto at_created = list.body->find("created");
  ASSERT_NE(at_published, std::string::npos);
  ASSERT_NE(at_created, std::string::npos);
  EXPECT_LT(at_published, at_created);
  EXPECT_TRUE(has(list, "Name editor@x.org"));
  EXPECT_TRUE(has(list, "revisions/diff?from=" + std::to_string(all[1].id) + "&amp;to=" + std::to_string(all[0].id)));
}

TEST_P(HistoryPagesTest, DiffMarksChangedWordsAndEscapesUserText) {
  Browser editor = sign_in("editor@x.org");
  Id id = create(editor, "Tense week");
  ASSERT_EQ(post(path(id), &editor,
                 form(editor, "save", "Tense <script>alert(1)</script> week",
                      "First paragraph.\nThe situation got much better this week."))
                .status,
            303);
  auto all = revisions(id);
  ASSERT_EQ(all.size(), 2u);
  Response d = get(path(id, "revisions/diff?from=" + std::to_string(all[1].id) + "&to=" + std::to_string(all[0].id)),
                   &editor);
  ASSERT_EQ(d.status, 200) << *d.body;
  EXPECT_TRUE(has(d, "<ins>&lt;script&gt;alert(1)&lt;/script&gt; </ins>")) << *d.body;
  EXPECT_FALSE(has(d, "<script>alert"));
  EXPECT_TRUE(has(d, "<del>worse </del>")) << *d.body;
  EXPECT_TRUE(has(d, "<ins>much better </ins>")) << *d.body;
  EXPECT_FALSE(has(d, "<del>First")) << "an unchanged line is not marked";
  EXPECT_FALSE(has(d, "Things got worse")) << "an unchanged field is not shown";

  Response same = get(path(id, "revisions/diff?from=" + std::to_string(all[0].id) + "&to=" + std::to_string(all[0].id)),
                      &editor);
  ASSERT_EQ(same.status, 200);
  EXPECT_FALSE(has(same, "<ins>"));
  EXPECT_FALSE(has(same, "<del>"));

  // Bad or foreign revision numbers are errors, never a crash.
  Id other = create(editor, "Another week", "2022-W08");
  ASSERT_NE(other, 0);
  EXPECT_EQ(get(path(id, "revisions/diff?to=" + std::to_string(all[0].id)), &editor).status, 400);
  EXPECT_EQ(get(path(id, "revisions/diff?from=abc&to=" + std::to_string(all[0].id)), &editor).status, 404);
  EXPECT_EQ(get(path(id, "revisions/diff?from=99999999999999999999&to=1"), &editor).status, 404);
  EXPECT_EQ(get(path(id, "revisions/diff?from=" + std::to_string(revisions(other)[0].id) + "&to=" +
                         std::to_string(all[0].id)),
                &editor)
                .status,
            404);
  EXPECT_EQ(get("/admin/commentaries/12345/revisions/", &editor).status, 404);
}

TEST_P(HistoryPagesTest, RestoreBringsTheOldTextBackAsANewRevisionAndKeepsTheStatus) {
  Browser editor = sign_in("editor@x.org");
  Id id = create(editor, "Tense week");
  ASSERT_EQ(post(path(id), &editor, form(editor, "publish", "Calm week")).status, 303);
  auto before = revisions(id);
  ASSERT_EQ(before.size(), 2u);
  Id first = before[1].id;
  ASSERT_EQ(title(id), "Calm week");

  clock_.set(clock_.now() + std::chrono::minutes(1));  // within the session's idle limit
  Response r = post(path(id, "revisions/" + std::to_string(first) + "/restore"), &editor, "_csrf=" + editor.csrf);
  ASSERT_EQ(r.status, 303) << *r.body;
  EXPECT_EQ(title(id), "Tense week");
  auto c = store_->get_commentary(id);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->status, CommentaryStatus::published) << "a restore keeps the current status";
  EXPECT_TRUE(c->published_at.has_value());
  EXPECT_EQ(c->updated_at, clock_.now());

  auto after = revisions(id);
  ASSERT_EQ(after.size(), 3u);
  EXPECT_EQ(after[0].summary, "restored from #" + std::to_string(first));
  EXPECT_EQ(after[0].staff_user_id, editor.user_id);
  auto kept = history_->get_revision(after[0].id);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->snapshot.translations.at("en").title, "Tense week");
  EXPECT_EQ(kept->snapshot.status, CommentaryStatus::published);
  auto lines = audit("commentary.restore");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].subject, "commentary:" + std::to_string(id));
  EXPECT_EQ(lines[0].staff_user_id, editor.user_id);

  // An unknown revision, or one of another commentary, restores nothing.
  Id other = create(editor, "Another week", "2022-W08");
  EXPECT_EQ(post(path(id, "revisions/999999/restore"), &editor, "_csrf=" + editor.csrf).status, 404);
  EXPECT_EQ(post(path(id, "revisions/" + std::to_string(revisions(other)[0].id) + "/restore"), &editor,
                 "_csrf=" + editor.csrf)
                .status,
            404);
  EXPECT_EQ(revisions(id).size(), 3u);
}

TEST_P(HistoryPagesTest, RevisionRoutesFollowTheEditorsPermissionsAndCsrf) {
  Browser owner = sign_in("analyst@x.org");
  Browser other = sign_in("other@x.org");
  Id id = create(owner, "Tense week");
  ASSERT_EQ(post(path(id), &owner, form(owner, "save", "Calm week")).status, 303);
  Id first = revisions(id).back().id;
  std::string list = path(id, "revisions/");
  std::string diff = path(id, "revisions/diff?from=" + std::to_string(first) + "&to=" + std::to_string(first));
  std::string restore = path(id, "revisions/" + std::to_string(first) + "/restore");

  // Anonymous: to the sign-in page, nothing changed.
  for (const auto& target : {list, diff}) {
    Response r = get(target);
    EXPECT_EQ(r.status, 303) << target;
    EXPECT_EQ(r.header("Location"), "/admin/login");
  }
  EXPECT_EQ(post(restore, nullptr, "_csrf=x").status, 303);
  // Another analyst: forbidden.
  EXPECT_EQ(get(list, &other).status, 403);
  EXPECT_EQ(get(diff, &other).status, 403);
  EXPECT_EQ(post(restore, &other, "_csrf=" + other.csrf).status, 403);
  // The owner without or with a wrong CSRF token: forbidden.
  EXPECT_EQ(post(restore, &owner, "").status, 403);
  EXPECT_EQ(post(restore, &owner, "_csrf=" + other.csrf).status, 403);
  EXPECT_EQ(title(id), "Calm week");
  EXPECT_EQ(revisions(id).size(), 2u);
  EXPECT_TRUE(audit("commentary.restore").empty());

  // The owner of a draft may read and restore.
  EXPECT_EQ(get(list, &owner).status, 200);
  EXPECT_EQ(get(diff, &owner).status, 200);
  ASSERT_EQ(post(restore, &owner, "_csrf=" + owner.csrf).status, 303);
  EXPECT_EQ(title(id), "Tense week");
  // Once submitted for review, the analyst's turn is over (as in the editor).
  ASSERT_EQ(post(path(id), &owner, form(owner, "submit", "Tense week")).status, 303);
  EXPECT_EQ(get(list, &owner).status, 403);
  EXPECT_EQ(post(restore, &owner, "_csrf=" + owner.csrf).status, 403);
}

TEST_P(HistoryPagesTest, AuditLogRecordsSignInSavesPublishingAndSignOut) {
  Browser editor = sign_in("editor@x.org");
  auto sign_ins = audit("session.sign_in");
  ASSERT_EQ(sign_ins.size(), 1u);
  EXPECT_EQ(sign_ins[0].staff_user_id, editor.user_id);
  EXPECT_EQ(sign_ins[0].user_name, "Name editor@x.org");
  EXPECT_EQ(sign_ins[0].subject, "user:" + std::to_string(editor.user_id));
  EXPECT_EQ(sign_ins[0].at, clock_.now());

  Id id = create(editor);
  ASSERT_EQ(post(path(id), &editor, form(editor, "save", "Calm week")).status, 303);
  ASSERT_EQ(post(path(id), &editor, form(editor, "publish", "Calm week")).status, 303);
  ASSERT_EQ(post(path(id), &editor, form(editor, "unpublish", "Calm week")).status, 303);
  std::string subject = "commentary:" + std::to_string(id);
  auto lines = audit("commentary.");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].action, "commentary.unpublish");
  EXPECT_EQ(lines[1].action, "commentary.publish");
  EXPECT_EQ(lines[2].action, "commentary.save");
  EXPECT_EQ(lines[3].action, "commentary.create");
  for (const auto& l : lines) {
    EXPECT_EQ(l.subject, subject);
    EXPECT_EQ(l.staff_user_id, editor.user_id);
  }
  EXPECT_NE(lines[1].detail.find("Calm week"), std::string::npos);

  // A failed sign-in is not a staff action: no line (login_failures keeps it for throttling).
  // (The sign-in wrote session.sign_in and, from an address new for the user, session.new_ip.)
  const std::size_t session_lines = audit("session.").size();
  Response form_page = get("/admin/login");
  Request bad = request("POST", "/admin/login", nullptr,
                        "_csrf=" + csrf_in(*form_page.body) + "&email=editor%40x.org&password=wrong-password");
  bad.headers.push_back({"Cookie", "barometer_login=" + set_cookie(form_page, "barometer_login")});
  EXPECT_EQ(admin_->handle(bad).status, 401);
  EXPECT_EQ(audit("session.").size(), session_lines);
  EXPECT_EQ(audit("session.sign_in").size(), 1u);

  ASSERT_EQ(post("/admin/logout", &editor, "_csrf=" + editor.csrf).status, 303);
  auto outs = audit("session.sign_out");
  ASSERT_EQ(outs.size(), 1u);
  EXPECT_EQ(outs[0].staff_user_id, editor.user_id);
}

TEST_P(HistoryPagesTest, AuditPageIsForEditorsFiltersAndPaginates) {
  Browser analyst = sign_in("analyst@x.org");
  Browser editor = sign_in("editor@x.org");
  EXPECT_EQ(get("/admin/audit/").status, 303);
  EXPECT_EQ(get("/admin/audit/", &analyst).status, 403);
  EXPECT_FALSE(has(get("/admin/", &analyst), "href=\"/admin/audit/\""));
  EXPECT_TRUE(has(get("/admin/", &editor), "href=\"/admin/audit/\""));

  Id id = create(analyst, "Analyst <b>week</b>");
  Response page = get("/admin/audit/", &editor);
  ASSERT_EQ(page.status, 200) << *page.body;
  EXPECT_TRUE(has(page, "commentary.create"));
  EXPECT_TRUE(has(page, "href=\"/admin/commentaries/" + std::to_string(id) + "/\""));
  EXPECT_TRUE(has(page, "Analyst &lt;b&gt;week&lt;/b&gt;"));
  EXPECT_FALSE(has(page, "<b>week"));

  Response by_editor = get("/admin/audit/?user=" + std::to_string(editor.user_id), &editor);
  ASSERT_EQ(by_editor.status, 200);
  EXPECT_FALSE(has(by_editor, "commentary.create"));
  EXPECT_TRUE(has(by_editor, "session.sign_in"));
  Response creates = get("/admin/audit/?action=commentary.", &editor);
  ASSERT_EQ(creates.status, 200);
  EXPECT_TRUE(has(creates, "commentary.create"));
  EXPECT_FALSE(has(creates, "session.sign_in"));

  // 120 more lines: three pages of 50, newest first.
  for (int i = 0; i < 120; ++i) {
    clock_.set(clock_.now() + std::chrono::seconds(1));
    ASSERT_TRUE(history_->add_audit({0, clock_.now(), std::nullopt, "", "test.line", "n:" + std::to_string(i), ""}).ok());
  }
  Response first = get("/admin/audit/?action=test.", &editor);
  ASSERT_EQ(first.status, 200);
  EXPECT_TRUE(has(first, "n:119"));
  EXPECT_FALSE(has(first, "n:69<"));
  EXPECT_TRUE(has(first, "?page=2&amp;action=test."));
  Response third = get("/admin/audit/?action=test.&page=3", &editor);
  ASSERT_EQ(third.status, 200);
  EXPECT_TRUE(has(third, "n:0<"));
  EXPECT_TRUE(has(third, "n:19<"));
  EXPECT_FALSE(has(third, "n:20<"));
  EXPECT_FALSE(has(third, "rel=\"next\""));
  for (const char* bad : {"?page=0", "?page=x", "?page=-1", "?user=abc", "?page=9999999"})
    EXPECT_EQ(get(std::string("/admin/audit/") + bad, &editor).status, 400) << bad;
  EXPECT_EQ(get("/admin/audit/?page=4", &editor).status, 200);  // past the end: an empty page
}

BAROMETER_ON_BACKENDS(HistoryPagesTest);

}  // namespace
}  // namespace barometer::web
