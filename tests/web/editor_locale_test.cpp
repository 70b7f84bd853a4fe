// The commentary editor in the staff member's language and the site's time zone (issue #3):
// validation messages and option labels follow the UI language (be/ru), and the schedule field
// is read and shown in Site::time_zone (DST-correct through ICU), stored as an Instant. Runs on
// both backends.
#include <gtest/gtest.h>

#include <regex>

#include "admin_fixture.hpp"

namespace barometer::web {
namespace {

using admin_test::Browser;
using admin_test::has;

class EditorLocaleTest : public admin_test::AdminTest {
 protected:
  Site site() const override {
    Site s = AdminTest::site();
    s.name = {{"en", "Test Monitor"}};
    s.subject = {{"en", "Belarus"}};
    s.time_zone = "Europe/Berlin";  // CET/CEST: clocks change on 2022-03-27 and 2022-10-30
    return s;
  }
  std::vector<Author> authors() const override { return {}; }
  std::vector<admin_test::StaffSeed> staff() const override { return {{"editor@x.org", "Eda Editor", "editor"}}; }
  bool behind_middleware() const override { return true; }

  // The editor, signed in; its browser sends `accept_language` ("" sends none).
  Browser sign_in(const std::string& accept_language = "") {
    Browser b;
    b.accept_language = accept_language;
    return AdminTest::sign_in("editor@x.org", b);
  }

  static std::string form(const Browser& b, const std::string& action, const std::string& extra = "") {
    return "_csrf=" + b.csrf + "&action=" + action +
           "&topic=security&period=2022-W09&assessment=worse&outlook=risk&title_en=Tense+week"
           "&lead_en=Things+got+worse.&body_en=Text.&slug_en=tense-week" + extra;
  }

  Id only_id() {
    CommentaryFilter all;
    all.published_only = false;
    auto found = store_->find_commentaries(all);
    return found.ok() && found->size() == 1 ? (*found)[0].id : 0;
  }
};

// --- The UI language

TEST_P(EditorLocaleTest, ARussianEditorSeesRussianValidationMessagesAndLabels) {
  Browser b = sign_in("ru");
  std::string body = form(b, "save", "&ev_date_0=x&ev_line_0_en=Line&title_en=&schedule_at=");
  body.replace(body.find("period=2022-W09"), 15, "period=nonsense");
  body.replace(body.find("&title_en=Tense+week"), 20, "");
  Response bad = post("/admin/commentaries/new", &b, body);
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(has(bad, "<html lang=\"ru\""));
  EXPECT_TRUE(has(bad, "Укажите неделю в виде YYYY-Www")) << *bad.body;  // period
  EXPECT_TRUE(has(bad, "Укажите дату в виде ГГГГ-ММ-ДД"));               // evidence date
  EXPECT_TRUE(has(bad, "Нужен заголовок"));                               // title
  EXPECT_TRUE(has(bad, "Ситуация ухудшилась"));                          // an assessment label
  EXPECT_FALSE(has(bad, "Enter a week"));
  EXPECT_FALSE(has(bad, "Enter the date"));
  // The same mistakes in English for an English browser, and the live preview's list in Russian.
  Browser en = sign_in("en");
  Response english = post("/admin/commentaries/new", &en, form(en, "save", "&ev_date_0=x&ev_line_0_en=Line"));
  EXPECT_EQ(english.status, 422);
  EXPECT_TRUE(has(english, "Enter the date as YYYY-MM-DD"));
  std::string live = form(b, "live_preview");
  live.replace(live.find("period=2022-W09"), 15, "period=nonsense");
  Response listed = post("/admin/commentaries/new", &b, live);
  EXPECT_TRUE(has(listed, "Укажите неделю"));
}

// --- The site's time zone

TEST_P(EditorLocaleTest, TheScheduleIsTypedAndShownInTheSitesTimeZoneAcrossTheSpringChange) {
  Browser b = sign_in();
  Response blank = get("/admin/commentaries/new", &b);
  EXPECT_TRUE(has(blank, "Europe/Berlin"));  // the form states the zone
  // 03:30 on 2022-03-27 in Berlin is summer time already: 01:30 UTC.
  ASSERT_EQ(post("/admin/commentaries/new", &b, form(b, "schedule", "&schedule_at=2022-03-27T03%3A30")).status, 303);
  Id id = only_id();
  auto c = store_->get_commentary(id);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->status, CommentaryStatus::scheduled);
  EXPECT_EQ(c->published_at, *parse_iso_instant("2022-03-27T01:30:00Z"));
  // The editor shows it back as typed, in the zone, with the UTC instant for machines.
  Response page = get("/admin/commentaries/" + std::to_string(id) + "/", &b);
  EXPECT_TRUE(has(page, "value=\"2022-03-27T03:30\"")) << *page.body;
  EXPECT_TRUE(has(page, "datetime=\"2022-03-27T01:30:00Z\""));
  // 01:30 the same night is still winter time: 00:30 UTC.
  std::string path = "/admin/commentaries/" + std::to_string(id) + "/";
  ASSERT_EQ(post(path, &b, form(b, "schedule", "&schedule_at=2022-03-27T01%3A30")).status, 303);
  EXPECT_EQ(store_->get_commentary(id)->published_at, *parse_iso_instant("2022-03-27T00:30:00Z"));
  // 02:30 does not exist there that night: refused beside the field, nothing changes.
  Response skipped = post(path, &b, form(b, "schedule", "&schedule_at=2022-03-27T02%3A30"));
  EXPECT_EQ(skipped.status, 422);
  EXPECT_TRUE(has(skipped, "schedule_at-error"));
  EXPECT_TRUE(has(skipped, "value=\"2022-03-27T02:30\""));  // what was typed is kept
  EXPECT_EQ(store_->get_commentary(id)->published_at, *parse_iso_instant("2022-03-27T00:30:00Z"));
}

TEST_P(EditorLocaleTest, TheRepeatedAutumnHourIsItsFirstOccurrenceAndThePastIsJudgedInUtc) {
  Browser b = sign_in();
  // 02:30 on 2022-10-30 happens twice in Berlin; the first time is still summer time (UTC+2).
  ASSERT_EQ(post("/admin/commentaries/new", &b, form(b, "schedule", "&schedule_at=2022-10-30T02%3A30")).status, 303);
  Id id = only_id();
  EXPECT_EQ(store_->get_commentary(id)->published_at, *parse_iso_instant("2022-10-30T00:30:00Z"));
  // The clock says 09:33:20 UTC = 10:33:20 in Berlin; 10:00 Berlin time is in the past although
  // 10:00 UTC would not be.
  std::string path = "/admin/commentaries/" + std::to_string(id) + "/";
  Response past = post(path, &b, form(b, "schedule", "&schedule_at=2022-03-03T10%3A00"));
  EXPECT_EQ(past.status, 422);
  EXPECT_TRUE(has(past, "Choose a time in the future"));
  ASSERT_EQ(post(path, &b, form(b, "schedule", "&schedule_at=2022-03-03T10%3A40")).status, 303);
  EXPECT_EQ(store_->get_commentary(id)->published_at, *parse_iso_instant("2022-03-03T09:40:00Z"));
}

BAROMETER_ON_BACKENDS(EditorLocaleTest);

}  // namespace
}  // namespace barometer::web
