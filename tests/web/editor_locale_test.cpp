// The commentary editor in the staff member's language and the site's time zone (issue #3):
// validation messages and option labels follow the UI language (be/ru), and the schedule field
// is read and shown in Site::time_zone (DST-correct through ICU), stored as an Instant. Runs on
// both backends.
#include <gtest/gtest.h>

#include <regex>

#include "services/staff/staff_service.hpp"
#include "web/admin/admin_site.hpp"
#include "support/backend_fixture.hpp"
#include "web/middleware.hpp"

#include "admin_test_helpers.hpp"

namespace barometer::web {
namespace {

using admin_test::csrf_in;
using admin_test::set_cookie;

constexpr const char* kPassword = "correct horse battery";

struct Browser {
  std::string session;
  std::string csrf;
  std::string accept_language;  // "" sends none
};

bool has(const Response& r, const std::string& text) { return r.body && r.body->find(text) != std::string::npos; }

class EditorLocaleTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    auto database = open_database();
    ASSERT_TRUE(database.ok()) << database.error().message;
    database_ = std::move(*database);
    store_ = &database_->content();
    staff_store_ = &database_->staff();
    history_ = &database_->history();
    Site site;
    site.name = {{"en", "Test Monitor"}};
    site.subject = {{"en", "Belarus"}};
    site.base_url = "http://test.example";
    site.languages = {{"en", "English", "en_GB"}, {"ru", "Русский", "ru_RU"}};
    site.time_zone = "Europe/Berlin";  // CET/CEST: clocks change on 2022-03-27 and 2022-10-30
    ASSERT_TRUE(store_->save_site(site).ok());
    ASSERT_TRUE(store_->add_topic({0, "security", 1, {{"en", {"Security issues", ""}}}}).ok());
    service_ = std::make_unique<staff::StaffService>(*staff_store_, clock_);
    auto u = service_->add_user({"editor@x.org", "Eda Editor", "editor", kPassword});
    ASSERT_TRUE(u.ok()) << u.error().message;
    AdminOptions options;
    options.theme_dir = (barometer::testing::source_dir() / "themes/admin").string();
    auto admin = make_admin_site(*database_, *service_, clock_, options);
    ASSERT_TRUE(admin.ok()) << admin.error().message;
    admin_ = with_standard_middleware(std::move(*admin));
  }

  static Request request(const std::string& method, const std::string& target, const Browser* b,
                         std::string body = "") {
    Request r;
    r.method = method;
    r.target = target;
    auto q = target.find('?');
    r.path = target.substr(0, q);
    r.query = q == std::string::npos ? "" : target.substr(q + 1);
    r.remote_address = "192.0.2.7";
    if (b && !b->session.empty()) r.headers.push_back({"Cookie", "barometer_session=" + b->session});
    if (b && !b->accept_language.empty()) r.headers.push_back({"Accept-Language", b->accept_language});
    if (method == "POST") {
      r.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
      r.body = std::move(body);
    }
    return r;
  }
  Response get(const std::string& target, const Browser* b) { return admin_->handle(request("GET", target, b)); }
  Response post(const std::string& target, const Browser* b, const std::string& body) {
    return admin_->handle(request("POST", target, b, body));
  }

  Browser sign_in(const std::string& accept_language = "") {
    Response form = admin_->handle(request("GET", "/admin/login", nullptr));
    std::string login = set_cookie(form, "barometer_login");
    Request r = request("POST", "/admin/login", nullptr,
                        "_csrf=" + csrf_in(*form.body) + "&email=editor%40x.org&password=" + percent_encode(kPassword));
    r.headers.push_back({"Cookie", "barometer_login=" + login});
    Response signed_in = admin_->handle(r);
    EXPECT_EQ(signed_in.status, 303) << *signed_in.body;
    Browser b{set_cookie(signed_in, "barometer_session"), "", accept_language};
    b.csrf = csrf_in(*get("/admin/", &b).body);
    EXPECT_FALSE(b.csrf.empty());
    return b;
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

  FixedClock clock_{from_unix(1'646'300'000)};  // 2022-03-03 09:33:20 UTC
  std::unique_ptr<Database> database_;  // every facet on one pool (storage/database.hpp)
  Store* store_ = nullptr;
  StaffStore* staff_store_ = nullptr;
  HistoryStore* history_ = nullptr;
  std::unique_ptr<staff::StaffService> service_;
  std::unique_ptr<Handler> admin_;
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
