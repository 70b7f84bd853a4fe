// The commentary editor (issue #3 part 4) on both storage backends, called as handlers: evidence
// rows, scheduling, the preview through the public theme (without and with JavaScript), the
// live-preview script and its CSP, and the public pages (cached) following every publication.
#include <gtest/gtest.h>

#include <regex>

#include "admin_fixture.hpp"
#include "services/editorial/scheduled_publisher.hpp"
#include "web/commentary_preview.hpp"
#include "web/public_site.hpp"

namespace barometer::web {
namespace {

using admin_test::Browser;
using admin_test::has;

// What Mustache makes of `html` inside an attribute (the srcdoc of the no-JS preview).
std::string attribute_escaped(const std::string& html) {
  std::string out;
  for (char ch : html) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

class EditorTest : public admin_test::AdminTest {
 protected:
  std::vector<Topic> topics() const override {
    return {{0, "security", 1, {{"en", {"Security issues", ""}}, {"ru", {"Безопасность", ""}}}}};
  }
  std::vector<admin_test::StaffSeed> staff() const override {
    return {{"analyst@x.org", "Name analyst@x.org", "analyst"}, {"editor@x.org", "Name editor@x.org", "editor"}};
  }
  // Behind the standard middleware, as `serve` runs it (security headers included).
  bool behind_middleware() const override { return true; }

  void SetUp() override {
    AdminTest::SetUp();
    if (HasFatalFailure()) return;
    PublicSiteOptions popts;
    popts.theme_dir = (testing::source_dir() / "themes/default").string();
    auto public_site = make_public_site(*store_, popts);  // with its page cache (the default)
    ASSERT_TRUE(public_site.ok()) << public_site.error().message;
    public_ = std::move(*public_site);
  }

  Response public_get(const std::string& target) { return public_->handle(request("GET", target, nullptr)); }

  // The editor form with English text and whatever `extra` adds (evidence, schedule, ...).
  static std::string form(const Browser& b, const std::string& action, const std::string& extra = "",
                          const std::string& title = "Tense week") {
    return "_csrf=" + b.csrf + "&action=" + action + "&topic=security&period=2022-W09&assessment=worse&outlook=risk" +
           "&author=ann&title_en=" + percent_encode(title) + "&lead_en=Things+got+worse.&body_en=Some+**bold**+text." +
           "&slug_en=tense-week" + extra;
  }

  int count_all() {
    CommentaryFilter all;
    all.published_only = false;
    return store_->count_commentaries(all).value();
  }
  Id only_id() {
    CommentaryFilter all;
    all.published_only = false;
    auto found = store_->find_commentaries(all);
    return found.ok() && found->size() == 1 ? (*found)[0].id : 0;
  }

  std::unique_ptr<Handler> public_;
};

// --- Evidence

TEST_P(EditorTest, EvidenceRowsAreSavedBlankRowsIgnoredAndRemovedByCheckboxOrEmptying) {
  Browser b = sign_in("analyst@x.org");
  Response blank_form = get("/admin/commentaries/new?topic=security&period=2022-W09", &b);
  ASSERT_EQ(blank_form.status, 200);
  EXPECT_TRUE(has(blank_form, "name=\"ev_date_0\""));
  EXPECT_TRUE(has(blank_form, "name=\"ev_line_2_ru\""));  // blank rows for new events, per language
  std::string evidence = "&ev_date_0=2022-03-02&ev_source_0=https%3A%2F%2Fnews.example%2Fa&ev_line_0_en=Arrests.&ev_line_0_ru=Аресты."
                         "&ev_date_1=2022-02-28&ev_source_1=&ev_line_1_en=A+decree."
                         "&ev_date_2=&ev_source_2=&ev_line_2_en=&ev_line_2_ru=";
  ASSERT_EQ(post("/admin/commentaries/new", &b, form(b, "save", evidence)).status, 303);
  Id id = only_id();
  auto c = store_->get_commentary(id);
  ASSERT_EQ(c->evidence.size(), 2u);
  EXPECT_EQ(to_iso(c->evidence[0].date), "2022-02-28");  // date order
  EXPECT_EQ(c->evidence[0].source_url, "");
  EXPECT_EQ(c->evidence[0].line.at("en"), "A decree.");
  EXPECT_EQ(c->evidence[1].source_url, "https://news.example/a");
  EXPECT_EQ(c->evidence[1].line.at("ru"), "Аресты.");

  // The edit form shows both rows (and blank ones after them) with a remove box each.
  std::string edit = "/admin/commentaries/" + std::to_string(id) + "/";
  Response shown = get(edit, &b);
  EXPECT_TRUE(has(shown, "name=\"ev_date_0\" value=\"2022-02-28\""));
  EXPECT_TRUE(has(shown, "name=\"ev_line_1_ru\" value=\"Аресты.\""));
  EXPECT_TRUE(has(shown, "name=\"ev_remove_1\""));
  EXPECT_TRUE(has(shown, "name=\"ev_date_4\" value=\"\""));
  EXPECT_FALSE(has(shown, "name=\"ev_remove_2\""));

  // Remove row 0 by its checkbox, empty row 1 entirely: no evidence left.
  std::string removed = "&ev_date_0=2022-02-28&ev_line_0_en=A+decree.&ev_remove_0=1"
                        "&ev_date_1=&ev_source_1=&ev_line_1_en=&ev_line_1_ru=";
  ASSERT_EQ(post(edit, &b, form(b, "save", removed)).status, 303);
  EXPECT_TRUE(store_->get_commentary(id)->evidence.empty());
}

TEST_P(EditorTest, BadEvidenceIsRefusedBesideItsFieldAndNothingTypedIsLost) {
  Browser b = sign_in("analyst@x.org");
  std::string evidence = "&ev_date_0=2022-02-30&ev_source_0=javascript%3Aalert(1)&ev_line_0_en=Kept+line"
                         "&ev_date_1=2022-03-01&ev_source_1=ftp%3A%2F%2Fx.example%2F&ev_line_1_ru=Строка"
                         "&ev_date_2=2022-03-01";
  Response r = post("/admin/commentaries/new", &b, form(b, "save", evidence));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(count_all(), 0);
  EXPECT_TRUE(has(r, "id=\"ev_date_0-error\">Enter the date as YYYY-MM-DD"));
  EXPECT_TRUE(has(r, "id=\"ev_source_0-error\">Enter an http:// or https:// address"));
  EXPECT_TRUE(has(r, "id=\"ev_source_1-error\">"));
  EXPECT_FALSE(has(r, "id=\"ev_date_1-error\""));
  EXPECT_TRUE(has(r, "id=\"ev_line_2-error\">Write the event in at least one language"));
  EXPECT_TRUE(has(r, "aria-describedby=\"ev_date_0-error\""));
  // Everything typed is back in the form.
  EXPECT_TRUE(has(r, "name=\"ev_date_0\" value=\"2022-02-30\""));
  EXPECT_TRUE(has(r, "name=\"ev_source_0\" value=\"javascript:alert(1)\""));
  EXPECT_TRUE(has(r, "name=\"ev_line_0_en\" value=\"Kept line\""));
  EXPECT_TRUE(has(r, "name=\"ev_line_1_ru\" value=\"Строка\""));
  EXPECT_TRUE(has(r, "value=\"Tense week\""));
}

// --- Scheduling

TEST_P(EditorTest, AnEditorSchedulesAndThePublisherPublishesOnTime) {
  Browser analyst = sign_in("analyst@x.org");
  Browser editor = sign_in("editor@x.org");
  // Analysts may not schedule, and the form does not offer it to them.
  EXPECT_FALSE(has(get("/admin/commentaries/new", &analyst), "name=\"schedule_at\""));
  EXPECT_EQ(post("/admin/commentaries/new", &analyst, form(analyst, "schedule", "&schedule_at=2022-03-04T12:00")).status, 403);
  EXPECT_EQ(count_all(), 0);
  Response offered = get("/admin/commentaries/new", &editor);
  EXPECT_TRUE(has(offered, "type=\"datetime-local\""));
  EXPECT_TRUE(has(offered, "UTC"));  // the form states the time zone

  // A time in the past or not a time: refused beside the field, nothing saved.
  Response past = post("/admin/commentaries/new", &editor, form(editor, "schedule", "&schedule_at=2022-03-03T09:00"));
  EXPECT_EQ(past.status, 422);
  EXPECT_TRUE(has(past, "id=\"schedule_at-error\">Choose a time in the future"));
  EXPECT_TRUE(has(past, "value=\"2022-03-03T09:00\""));
  Response junk = post("/admin/commentaries/new", &editor, form(editor, "schedule", "&schedule_at=tomorrow"));
  EXPECT_EQ(junk.status, 422);
  EXPECT_TRUE(has(junk, "id=\"schedule_at-error\">Enter a date and time"));
  EXPECT_EQ(count_all(), 0);

  ASSERT_EQ(post("/admin/commentaries/new", &editor, form(editor, "schedule", "&schedule_at=2022-03-04T12:00")).status, 303);
  Id id = only_id();
  const Instant at = *parse_iso_instant("2022-03-04T12:00:00Z");
  auto c = store_->get_commentary(id);
  EXPECT_EQ(c->status, CommentaryStatus::scheduled);
  EXPECT_EQ(c->published_at, at);
  Response shown = get("/admin/commentaries/" + std::to_string(id) + "/", &editor);
  EXPECT_TRUE(has(shown, "value=\"2022-03-04T12:00\""));
  EXPECT_TRUE(has(shown, "datetime=\"2022-03-04T12:00:00Z\""));
  EXPECT_TRUE(has(shown, "value=\"unpublish\""));  // the schedule can be cancelled

  const std::string page = "/en/topics/security/tense-week/";
  EXPECT_EQ(public_get(page).status, 404);
  editorial::CommentaryService commentaries(*database_, clock_);
  editorial::ScheduledPublisher publisher(commentaries);
  clock_.set(at - std::chrono::seconds(1));
  EXPECT_TRUE(publisher.run_once().value().empty());
  EXPECT_EQ(public_get(page).status, 404);
  clock_.set(at);
  EXPECT_EQ(publisher.run_once().value(), std::vector<Id>{id});
  Response live = public_get(page);
  EXPECT_EQ(live.status, 200);
  EXPECT_TRUE(has(live, "Tense week"));
}

TEST_P(EditorTest, CancellingAScheduleMakesADraft) {
  Browser editor = sign_in("editor@x.org");
  ASSERT_EQ(post("/admin/commentaries/new", &editor, form(editor, "schedule", "&schedule_at=2022-03-05T08:30")).status, 303);
  Id id = only_id();
  ASSERT_EQ(post("/admin/commentaries/" + std::to_string(id) + "/", &editor, form(editor, "unpublish")).status, 303);
  auto c = store_->get_commentary(id);
  EXPECT_EQ(c->status, CommentaryStatus::draft);
  EXPECT_FALSE(c->published_at.has_value());
  EXPECT_TRUE(store_->publish_due(from_unix(2'000'000'000)).value().empty());
}

// --- Preview

TEST_P(EditorTest, PreviewButtonRendersThePublicPageInASandboxedFrameWithoutSaving) {
  Browser b = sign_in("analyst@x.org");
  Response r = post("/admin/commentaries/new", &b, form(b, "preview", "&ev_date_0=2022-03-02&ev_line_0_en=Arrests."));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(count_all(), 0);
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(*r.body, m, std::regex("<iframe class=\"preview-frame\" sandbox=\"\"[^>]* srcdoc=\"([^\"]*)\"")));
  const std::string srcdoc = m[1];
  // The public theme's page (its stylesheet, its markup), the Markdown rendered, the evidence
  // listed, and a plain statement that this is a preview.
  EXPECT_NE(srcdoc.find(attribute_escaped("<link rel=\"stylesheet\" href=\"/static/style.css")), std::string::npos);
  EXPECT_NE(srcdoc.find(attribute_escaped("<strong>bold</strong>")), std::string::npos);
  EXPECT_NE(srcdoc.find("Arrests."), std::string::npos);
  EXPECT_NE(srcdoc.find("Preview: not published"), std::string::npos);
  EXPECT_NE(srcdoc.find(attribute_escaped("<meta name=\"robots\" content=\"noindex, nofollow\">")), std::string::npos);
  // Typed text stays in the form beside it.
  EXPECT_TRUE(has(r, ">Some **bold** text.</textarea>"));
  // Nothing reached the public site or its cache.
  EXPECT_EQ(public_get("/en/topics/security/tense-week/").status, 404);
}

TEST_P(EditorTest, LivePreviewIsThePublicPageExactlyPlusThePreviewMarks) {
  Browser editor = sign_in("editor@x.org");
  ASSERT_EQ(post("/admin/commentaries/new", &editor, form(editor, "publish", "&ev_date_0=2022-03-02&ev_line_0_en=Arrests.")).status, 303);
  Id id = only_id();
  const std::string edit = "/admin/commentaries/" + std::to_string(id) + "/";
  Response page = public_get("/en/topics/security/tense-week/");
  ASSERT_EQ(page.status, 200);

  Response live = post(edit, &editor, form(editor, "live_preview", "&ev_date_0=2022-03-02&ev_line_0_en=Arrests.&preview_lang=en"));
  ASSERT_EQ(live.status, 200);
  EXPECT_EQ(live.header("Cache-Control"), "no-store");
  EXPECT_EQ(live.header("Content-Type"), "text/html; charset=utf-8");
  std::string html = *live.body;
  for (const std::string mark : {"Preview: not published — ", "<meta name=\"robots\" content=\"noindex, nofollow\">\n",
                                 "\n<div class=\"preview-banner\" role=\"status\" data-preview=\"1\"><strong>Preview: "
                                 "not published</strong></div>\n"}) {
    auto at = html.find(mark);
    ASSERT_NE(at, std::string::npos) << mark;
    html.erase(at, mark.size());
  }
  EXPECT_EQ(html, *page.body);

  // An unsaved change shows in the preview only.
  Response changed = post(edit, &editor, form(editor, "live_preview", "&preview_lang=en", "Calmer week"));
  EXPECT_TRUE(has(changed, "Calmer week"));
  EXPECT_TRUE(has(public_get("/en/topics/security/tense-week/"), "Tense week"));
  EXPECT_EQ(store_->get_commentary(id)->translations.at("en").title, "Tense week");
}

TEST_P(EditorTest, LivePreviewListsErrorsAndPicksALanguageThatHasText) {
  Browser b = sign_in("analyst@x.org");
  std::string body = form(b, "live_preview", "&ev_date_0=x&ev_line_0_en=Line");
  body.replace(body.find("period=2022-W09"), 15, "period=nonsense");
  Response bad = post("/admin/commentaries/new", &b, body);
  // A preview of an unfinished form succeeds (no console error while typing): the errors are its content.
  EXPECT_EQ(bad.status, 200);
  EXPECT_TRUE(has(bad, "role=\"alert\""));
  EXPECT_TRUE(has(bad, "Enter a week as YYYY-Www"));
  EXPECT_TRUE(has(bad, "Enter the date as YYYY-MM-DD"));
  // Asked for Russian, written only in English: the English page.
  Response en = post("/admin/commentaries/new", &b, form(b, "live_preview", "&preview_lang=ru"));
  EXPECT_EQ(en.status, 200);
  EXPECT_TRUE(has(en, "<html lang=\"en\""));
  EXPECT_EQ(count_all(), 0);
}

TEST_P(EditorTest, TheLivePreviewScriptIsServedAndAllowedByTheAdminsPolicy) {
  Browser b = sign_in("analyst@x.org");
  Response editor = get("/admin/commentaries/new", &b);
  EXPECT_TRUE(has(editor, "<script src=\"/admin/static/editor.js\" defer></script>"));
  EXPECT_TRUE(has(editor, "<iframe id=\"live-preview-frame\" sandbox=\"\""));  // no allow-scripts
  EXPECT_TRUE(has(editor, "id=\"live-preview\" hidden"));                        // shown only by the script
  std::string csp(editor.header("Content-Security-Policy"));
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  Response js = get("/admin/static/editor.js");
  ASSERT_EQ(js.status, 200);
  EXPECT_EQ(js.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_TRUE(has(js, "live_preview"));
  EXPECT_TRUE(has(js, "frame.srcdoc"));
  // Languages side by side with a skip navigation to each.
  EXPECT_TRUE(has(editor, "href=\"#language-ru\""));
  EXPECT_TRUE(has(editor, "id=\"language-ru\""));
}

TEST_P(EditorTest, PreviewRendererRefusesWhatItCannotShow) {
  PublicSiteOptions popts;
  popts.theme_dir = (testing::source_dir() / "themes/default").string();
  auto preview = CommentaryPreview::load(*store_, popts);
  ASSERT_TRUE(preview.ok()) << preview.error().message;
  Commentary c;
  c.topic_id = store_->find_topic("security")->id;
  c.period = *Period::parse("2022-W09");
  c.translations["en"] = {"T", "L", "B <script>alert(1)</script>", "t"};
  EXPECT_EQ((*preview)->render(c, "ru", "P").code(), ErrorCode::not_found);  // no Russian text
  EXPECT_EQ((*preview)->render(c, "de", "P").code(), ErrorCode::invalid);    // not a site language
  auto html = (*preview)->render(c, "en", "<Preview>");
  ASSERT_TRUE(html.ok()) << html.error().message;
  EXPECT_EQ(html->find("<script>alert"), std::string::npos);  // raw HTML in Markdown never renders
  EXPECT_NE(html->find("&lt;Preview&gt;"), std::string::npos);
  c.topic_id = 999;
  EXPECT_EQ((*preview)->render(c, "en", "P").code(), ErrorCode::not_found);
  PublicSiteOptions missing;
  missing.theme_dir = dir_.file("no-theme");
  EXPECT_FALSE(CommentaryPreview::load(*store_, missing).ok());
}

// --- Publishing refreshes the cached public pages

TEST_P(EditorTest, PublishUnpublishAndScheduledPublishShowOnCachedPublicPages) {
  Browser editor = sign_in("editor@x.org");
  const std::vector<std::string> pages = {"/en/", "/en/topics/security/", "/en/2022-W09/"};
  const std::string commentary = "/en/topics/security/tense-week/";
  auto shows = [&](const std::string& path, const std::string& text) {
    Response r = public_get(path);
    return r.status == 200 && r.body->find(text) != std::string::npos;
  };
  for (const auto& p : pages) EXPECT_FALSE(shows(p, "Tense week")) << p;  // now cached without it
  EXPECT_FALSE(shows(commentary, "Tense week"));

  ASSERT_EQ(post("/admin/commentaries/new", &editor, form(editor, "publish")).status, 303);
  Id id = only_id();
  const std::string edit = "/admin/commentaries/" + std::to_string(id) + "/";
  for (const auto& p : pages) EXPECT_TRUE(shows(p, "Tense week")) << "after publish: " << p;
  EXPECT_TRUE(shows(commentary, "Tense week"));

  ASSERT_EQ(post(edit, &editor, form(editor, "unpublish")).status, 303);
  for (const auto& p : pages) EXPECT_FALSE(shows(p, "Tense week")) << "after unpublish: " << p;
  EXPECT_EQ(public_get(commentary).status, 404);

  ASSERT_EQ(post(edit, &editor, form(editor, "schedule", "&schedule_at=2022-03-03T10:00", "Scheduled week")).status, 303);
  for (const auto& p : pages) EXPECT_FALSE(shows(p, "Scheduled week")) << "while scheduled: " << p;
  clock_.set(*parse_iso_instant("2022-03-03T10:00:00Z"));
  editorial::CommentaryService commentaries(*database_, clock_);
  editorial::ScheduledPublisher publisher(commentaries);
  ASSERT_EQ(publisher.run_once().value(), std::vector<Id>{id});
  for (const auto& p : pages) EXPECT_TRUE(shows(p, "Scheduled week")) << "after scheduled publish: " << p;
  EXPECT_TRUE(shows(commentary, "Scheduled week"));
}

TEST_P(EditorTest, AnAnalystWhoSubmitsLandsOnTheBoardWithANotice) {
  Browser analyst = sign_in("analyst@x.org");
  ASSERT_EQ(post("/admin/commentaries/new", &analyst, form(analyst, "save")).status, 303);
  Id id = only_id();
  const std::string edit = "/admin/commentaries/" + std::to_string(id) + "/";
  // Saving a draft: back to the editor, which the analyst may still use.
  Response saved = post(edit, &analyst, form(analyst, "save"));
  ASSERT_EQ(saved.status, 303);
  EXPECT_EQ(saved.header("Location"), edit + "?saved=1");
  EXPECT_EQ(get(edit, &analyst).status, 200);
  EXPECT_FALSE(has(get("/admin/", &analyst), "Submitted for review"));

  // Submitting: in review it is the editor's turn, so the analyst goes to the week's board.
  Response submitted = post(edit, &analyst, form(analyst, "submit"));
  ASSERT_EQ(submitted.status, 303);
  EXPECT_EQ(submitted.header("Location"), "/admin/?period=2022-W09&submitted=1");
  EXPECT_EQ(store_->get_commentary(id)->status, CommentaryStatus::review);
  Response board = get(std::string(submitted.header("Location")), &analyst);
  EXPECT_EQ(board.status, 200);
  EXPECT_TRUE(has(board, "<p class=\"notice\" role=\"status\">Submitted for review"));
  EXPECT_EQ(get(edit, &analyst).status, 403);

  // An editor who saves it (still in review) stays in the editor.
  Browser editor = sign_in("editor@x.org");
  Response kept = post(edit, &editor, form(editor, "submit"));
  ASSERT_EQ(kept.status, 303);
  EXPECT_EQ(kept.header("Location"), edit + "?saved=1");
}

TEST_P(EditorTest, WhitespaceOnlyTitleOrEvidenceLineIsMissingOnItsOwnField) {
  Browser b = sign_in("analyst@x.org");
  for (const std::string title : {" ", "\t\r\n  "}) {
    Response r = post("/admin/commentaries/new", &b, form(b, "save", "", title));
    EXPECT_EQ(r.status, 422);
    EXPECT_TRUE(has(r, "aria-invalid=\"true\" aria-describedby=\"title_en-error\"")) << *r.body;
    EXPECT_TRUE(has(r, "A title is needed"));
    EXPECT_FALSE(has(r, "could not be saved"));
  }
  // An evidence line of spaces is no line: the row has none, refused on the row, not by the store.
  Response evidence = post("/admin/commentaries/new", &b, form(b, "save", "&ev_date_0=2022-03-02&ev_line_0_en=+++"));
  EXPECT_EQ(evidence.status, 422);
  EXPECT_TRUE(has(evidence, "Write the event in at least one language"));
  EXPECT_FALSE(has(evidence, "could not be saved"));
  EXPECT_EQ(count_all(), 0);
  // Text with spaces around it is a title.
  ASSERT_EQ(post("/admin/commentaries/new", &b, form(b, "save", "", " Tense week ")).status, 303);
  EXPECT_EQ(count_all(), 1);
}

BAROMETER_ON_BACKENDS(EditorTest);

}  // namespace
}  // namespace barometer::web
