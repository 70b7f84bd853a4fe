// The back office's content and setup pages (web/admin/manage_pages.hpp) on both storage backends,
// called as a handler: the permission matrix of every route, CSRF, topics/authors/pages/settings
// round trips visible on the public site, validation that keeps input, staff accounts and the
// lock-out rules, and the back office's own UI language.
#include <gtest/gtest.h>

#include "admin_fixture.hpp"
#include "web/public_site.hpp"

namespace barometer::web {
namespace {

using admin_test::Browser;
using admin_test::csrf_in;
using admin_test::kPassword;
using admin_test::set_cookie;

bool contains(const Response& r, const std::string& text) { return admin_test::has(r, text); }

class AdminManageTest : public admin_test::AdminTest {
 protected:
  Site site() const override {
    Site s = AdminTest::site();
    s.name["ru"] = "Тестовый монитор";
    return s;
  }
  std::vector<Topic> topics() const override {
    return {{0, "security", 1, {{"en", {"Security issues", "Police and army."}}}},
            {0, "elite", 2, {{"en", {"The ruling elite", ""}}}},
            {0, "economy", 3, {{"en", {"Economy", ""}}}}};
  }
  // A second admin: the lock-out rules need one who may demote the first.
  std::vector<admin_test::StaffSeed> staff() const override {
    auto people = AdminTest::staff();
    people.push_back({"second@x.org", "Name second@x.org", "admin"});
    return people;
  }

  std::unique_ptr<Handler> public_site() {
    PublicSiteOptions options;
    options.theme_dir = (testing::source_dir() / "themes/default").string();
    auto site = make_public_site(*store_, options);
    EXPECT_TRUE(site.ok()) << site.error().message;
    return site ? std::move(*site) : nullptr;
  }
  static Response public_get(Handler& site, const std::string& path) {
    return site.handle(Request{"GET", path, path, "", {}, "", ""});
  }

  std::vector<std::string> topic_order() {
    std::vector<std::string> slugs;
    auto topics = store_->list_topics();
    EXPECT_TRUE(topics.ok());
    if (topics)
      for (const auto& t : *topics) slugs.push_back(t.slug);
    return slugs;
  }
};

// Every route of the content and setup pages, with the permission it needs.
struct RouteCase {
  const char* method;
  const char* target;
  bool admin_only;  // manage_staff; otherwise manage_content
};
const RouteCase kRoutes[] = {
    {"GET", "/admin/topics/", false},          {"GET", "/admin/topics/new", false},
    {"POST", "/admin/topics/new", false},      {"GET", "/admin/topics/security/", false},
    {"POST", "/admin/topics/security/", false}, {"POST", "/admin/topics/elite/move", false},
    {"GET", "/admin/authors/", false},         {"GET", "/admin/authors/new", false},
    {"POST", "/admin/authors/new", false},     {"GET", "/admin/authors/ann/", false},
    {"POST", "/admin/authors/ann/", false},    {"GET", "/admin/pages/", false},
    {"GET", "/admin/pages/new", false},        {"POST", "/admin/pages/new", false},
    {"GET", "/admin/settings/", true},         {"POST", "/admin/settings/", true},
    {"GET", "/admin/staff/", true},            {"GET", "/admin/staff/new", true},
    {"POST", "/admin/staff/new", true},        {"GET", "/admin/staff/1/", true},
    {"POST", "/admin/staff/1/", true},
};

TEST_P(AdminManageTest, PermissionMatrixOfEveryRoute) {
  Browser anonymous;
  Browser analyst = sign_in("analyst@x.org");
  Browser editor = sign_in("editor@x.org");
  Browser admin = sign_in("admin@x.org");
  for (const auto& route : kRoutes) {
    SCOPED_TRACE(std::string(route.method) + " " + route.target);
    auto call = [&](const Browser& b) {
      // A POST with a valid token but no fields: the check happens before the form is read.
      return std::string(route.method) == "GET" ? get(route.target, &b) : post(route.target, &b, "_csrf=" + b.csrf);
    };
    Response anon = call(anonymous);
    EXPECT_EQ(anon.status, 303);
    EXPECT_EQ(anon.header("Location"), "/admin/login");
    EXPECT_EQ(call(analyst).status, 403);
    Response by_editor = call(editor);
    if (route.admin_only) {
      EXPECT_EQ(by_editor.status, 403);
    } else {
      EXPECT_NE(by_editor.status, 403);
    }
    Response by_admin = call(admin);
    EXPECT_NE(by_admin.status, 403);
    EXPECT_NE(by_admin.status, 303) << "admin sent away";
    EXPECT_LT(by_admin.status, 500);
    if (std::string(route.method) == "GET") {
      EXPECT_EQ(by_admin.status, 200);
    }
  }
  // The header shows each role the sections it may open, and no others.
  Response analyst_board = get("/admin/", &analyst);
  EXPECT_FALSE(contains(analyst_board, "href=\"/admin/topics/\""));
  EXPECT_FALSE(contains(analyst_board, "href=\"/admin/settings/\""));
  Response editor_board = get("/admin/", &editor);
  EXPECT_TRUE(contains(editor_board, "href=\"/admin/topics/\""));
  EXPECT_TRUE(contains(editor_board, "href=\"/admin/pages/\""));
  EXPECT_FALSE(contains(editor_board, "href=\"/admin/staff/\""));
  Response admin_board = get("/admin/", &admin);
  EXPECT_TRUE(contains(admin_board, "href=\"/admin/settings/\""));
  EXPECT_TRUE(contains(admin_board, "href=\"/admin/staff/\""));
}

TEST_P(AdminManageTest, MissingOrWrongCsrfIsRefusedAndChangesNothing) {
  Browser admin = sign_in("admin@x.org");
  std::string wrong = std::string(64, 'a');
  const std::string rename = "slug=security&name_en=Renamed&text_en=&name_ru=&text_ru=";
  for (const std::string& token : {std::string(), wrong}) {
    SCOPED_TRACE(token.empty() ? "missing" : "wrong");
    std::string prefix = token.empty() ? "" : "_csrf=" + token + "&";
    EXPECT_EQ(post("/admin/topics/security/", &admin, prefix + rename).status, 403);
    EXPECT_EQ(post("/admin/topics/new", &admin, prefix + "slug=new-one&name_en=New").status, 403);
    EXPECT_EQ(post("/admin/topics/economy/move", &admin, prefix + "direction=up").status, 403);
    EXPECT_EQ(post("/admin/authors/ann/", &admin, prefix + "slug=ann&name_en=Changed").status, 403);
    EXPECT_EQ(post("/admin/pages/new", &admin, prefix + "key=about&position=1&title_en=About").status, 403);
    EXPECT_EQ(post("/admin/settings/", &admin, prefix + "lang=en&default_lang=en&name_en=X&time_zone=UTC").status, 403);
    EXPECT_EQ(post("/admin/staff/new", &admin,
                   prefix + "email=new%40x.org&name=New&role=admin&password=" + percent_encode(kPassword))
                  .status,
              403);
    Id editor = user_id("editor@x.org");
    EXPECT_EQ(post("/admin/staff/" + std::to_string(editor) + "/", &admin, prefix + "action=role&role=admin").status, 403);
  }
  EXPECT_EQ(store_->find_topic("security")->text.at("en").name, "Security issues");
  EXPECT_EQ(store_->list_topics()->size(), 3u);
  EXPECT_EQ(topic_order(), (std::vector<std::string>{"security", "elite", "economy"}));
  EXPECT_EQ(store_->find_author("ann")->text.at("en").name, "Ann Analyst");
  EXPECT_TRUE(store_->list_pages()->empty());
  EXPECT_EQ(store_->load_site()->name.at("en"), "Test Monitor");
  EXPECT_EQ(staff_store_->find_user("new@x.org").code(), ErrorCode::not_found);
  EXPECT_EQ(staff_store_->find_user("editor@x.org")->role, Role::editor);
}

TEST_P(AdminManageTest, RenamedTopicShowsOnThePublicHomePage) {
  auto site = public_site();
  ASSERT_TRUE(site);
  EXPECT_NE(public_get(*site, "/en/").body->find("Security issues"), std::string::npos);
  Browser editor = sign_in("editor@x.org");
  Response form = get("/admin/topics/security/", &editor);
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(contains(form, "value=\"Security issues\""));
  EXPECT_TRUE(contains(form, "Police and army."));
  Response saved = post("/admin/topics/security/", &editor,
                        "_csrf=" + editor.csrf + "&slug=security&name_en=" + percent_encode("Law & order") +
                            "&text_en=Courts.&name_ru=" + percent_encode("Силовые структуры") + "&text_ru=");
  ASSERT_EQ(saved.status, 303) << *saved.body;
  EXPECT_EQ(saved.header("Location"), "/admin/topics/security/?saved=1");
  auto topic = store_->find_topic("security");
  EXPECT_EQ(topic->text.at("en").name, "Law & order");
  EXPECT_EQ(topic->text.at("en").description, "Courts.");
  EXPECT_EQ(topic->text.at("ru").name, "Силовые структуры");
  EXPECT_EQ(topic->position, 1);
  std::string home = *public_get(*site, "/en/").body;
  EXPECT_NE(home.find("Law &amp; order"), std::string::npos);
  EXPECT_EQ(home.find("Security issues"), std::string::npos);
  EXPECT_NE(public_get(*site, "/ru/").body->find("Силовые структуры"), std::string::npos);
}

TEST_P(AdminManageTest, NewTopicGetsASlugFromItsNameAndGoesLast) {
  Browser editor = sign_in("editor@x.org");
  Response saved = post("/admin/topics/new", &editor,
                        "_csrf=" + editor.csrf + "&slug=&name_en=" + percent_encode("Foreign policy") +
                            "&text_en=&name_ru=&text_ru=");
  ASSERT_EQ(saved.status, 303) << *saved.body;
  EXPECT_EQ(saved.header("Location"), "/admin/topics/foreign-policy/?saved=1");
  auto topic = store_->find_topic("foreign-policy");
  ASSERT_TRUE(topic.ok());
  EXPECT_EQ(topic->position, 4);
  EXPECT_EQ(topic->text.count("ru"), 0u);  // a language left blank is not stored
  EXPECT_EQ(topic_order().back(), "foreign-policy");
}

TEST_P(AdminManageTest, InvalidTopicFormKeepsEverythingTyped) {
  Browser editor = sign_in("editor@x.org");
  Response bad = post("/admin/topics/new", &editor,
                      "_csrf=" + editor.csrf + "&slug=" + percent_encode("Bad Slug!") + "&name_en=" +
                          percent_encode("<b>Typed</b> name") + "&text_en=Typed+description&name_ru=&text_ru=" +
                          percent_encode("Описание без названия"));
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad, "value=\"Bad Slug!\""));
  EXPECT_TRUE(contains(bad, "&lt;b&gt;Typed&lt;/b&gt; name"));
  EXPECT_FALSE(contains(bad, "<b>Typed</b>"));
  EXPECT_TRUE(contains(bad, "Typed description"));
  EXPECT_TRUE(contains(bad, "Описание без названия"));
  EXPECT_TRUE(contains(bad, "Use only a-z, 0-9 and hyphens."));      // next to the slug
  EXPECT_TRUE(contains(bad, "A name is needed"));                     // ru has a text but no name
  EXPECT_TRUE(contains(bad, "id=\"slug-error\""));
  EXPECT_TRUE(contains(bad, "id=\"name_ru-error\""));
  EXPECT_EQ(store_->list_topics()->size(), 3u);

  Response taken = post("/admin/topics/elite/", &editor,
                        "_csrf=" + editor.csrf + "&slug=security&name_en=Elite&text_en=&name_ru=&text_ru=");
  EXPECT_EQ(taken.status, 422);
  EXPECT_TRUE(contains(taken, "This slug is already taken."));
  EXPECT_EQ(store_->find_topic("elite")->text.at("en").name, "The ruling elite");
  EXPECT_EQ(get("/admin/topics/nosuch/", &editor).status, 404);
}

TEST_P(AdminManageTest, TopicsMoveUpAndDownWithoutJavaScript) {
  Browser editor = sign_in("editor@x.org");
  Response list = get("/admin/topics/", &editor);
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(contains(list, "action=\"/admin/topics/elite/move\""));
  EXPECT_LT(list.body->find("Security issues"), list.body->find("The ruling elite"));
  Response moved = post("/admin/topics/economy/move", &editor, "_csrf=" + editor.csrf + "&direction=up");
  EXPECT_EQ(moved.status, 303);
  EXPECT_EQ(topic_order(), (std::vector<std::string>{"security", "economy", "elite"}));
  EXPECT_EQ(post("/admin/topics/security/move", &editor, "_csrf=" + editor.csrf + "&direction=down").status, 303);
  EXPECT_EQ(topic_order(), (std::vector<std::string>{"economy", "security", "elite"}));
  // The first cannot go higher; nothing else moves.
  EXPECT_EQ(post("/admin/topics/economy/move", &editor, "_csrf=" + editor.csrf + "&direction=up").status, 303);
  EXPECT_EQ(topic_order(), (std::vector<std::string>{"economy", "security", "elite"}));
  EXPECT_EQ(post("/admin/topics/economy/move", &editor, "_csrf=" + editor.csrf + "&direction=sideways").status, 400);
  EXPECT_EQ(post("/admin/topics/nosuch/move", &editor, "_csrf=" + editor.csrf + "&direction=up").status, 404);
}

TEST_P(AdminManageTest, AuthorsAreCreatedAndEdited) {
  Browser editor = sign_in("editor@x.org");
  Response created = post("/admin/authors/new", &editor,
                          "_csrf=" + editor.csrf + "&slug=&name_en=" + percent_encode("Andrei Kazakevich") +
                              "&text_en=Political+scientist.&name_ru=" + percent_encode("Андрей Казакевич") + "&text_ru=");
  ASSERT_EQ(created.status, 303) << *created.body;
  auto author = store_->find_author("andrei-kazakevich");
  ASSERT_TRUE(author.ok());
  EXPECT_EQ(author->text.at("ru").name, "Андрей Казакевич");
  EXPECT_EQ(author->text.at("en").bio, "Political scientist.");
  Response list = get("/admin/authors/", &editor);
  EXPECT_TRUE(contains(list, "Andrei Kazakevich"));
  EXPECT_TRUE(contains(list, "href=\"/admin/authors/andrei-kazakevich/\""));
  Response renamed = post("/admin/authors/ann/", &editor,
                          "_csrf=" + editor.csrf + "&slug=anna&name_en=Anna+Analyst&text_en=New+bio.&name_ru=&text_ru=");
  ASSERT_EQ(renamed.status, 303);
  EXPECT_EQ(renamed.header("Location"), "/admin/authors/anna/?saved=1");
  EXPECT_EQ(store_->find_author("ann").code(), ErrorCode::not_found);
  EXPECT_EQ(store_->find_author("anna")->text.at("en").bio, "New bio.");
  Response empty_name = post("/admin/authors/anna/", &editor, "_csrf=" + editor.csrf + "&slug=anna&name_en=&text_en=Bio");
  EXPECT_EQ(empty_name.status, 422);
  EXPECT_TRUE(contains(empty_name, "A name is needed"));
}

TEST_P(AdminManageTest, PagesGetTransliteratedSlugsAndShowOnThePublicSite) {
  Browser editor = sign_in("editor@x.org");
  Response created = post("/admin/pages/new", &editor,
                          "_csrf=" + editor.csrf + "&key=about&position=1&title_en=" + percent_encode("About monitoring") +
                              "&slug_en=&body_en=" + percent_encode("We **watch**.") + "&title_ru=" +
                              percent_encode("О мониторинге") + "&slug_ru=&body_ru=" + percent_encode("Мы *следим*."));
  ASSERT_EQ(created.status, 303) << *created.body;
  EXPECT_EQ(created.header("Location"), "/admin/pages/about/?saved=1");
  auto pages = store_->list_pages();
  ASSERT_EQ(pages->size(), 1u);
  EXPECT_EQ((*pages)[0].text.at("en").slug, "about-monitoring");
  EXPECT_EQ((*pages)[0].text.at("ru").slug, "o-monitoringe");
  auto site = public_site();
  ASSERT_TRUE(site);
  Response ru = public_get(*site, "/ru/o-monitoringe/");
  EXPECT_EQ(ru.status, 200);
  EXPECT_NE(ru.body->find("<em>следим</em>"), std::string::npos);

  Response edit = get("/admin/pages/about/", &editor);
  ASSERT_EQ(edit.status, 200);
  EXPECT_TRUE(contains(edit, "value=\"o-monitoringe\""));
  // A taken slug, a reserved slug and a bad position: all reported, input kept.
  Response bad = post("/admin/pages/new", &editor,
                      "_csrf=" + editor.csrf + "&key=method&position=first&title_en=Method&slug_en=about-monitoring" +
                          "&body_en=Kept+body&title_ru=" + percent_encode("Метод") + "&slug_ru=dynamics&body_ru=");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad, "This slug is already taken."));
  EXPECT_TRUE(contains(bad, "This slug is used by the site itself"));
  EXPECT_TRUE(contains(bad, "Enter a whole number."));
  EXPECT_TRUE(contains(bad, "Kept body"));
  EXPECT_TRUE(contains(bad, "value=\"first\""));
  EXPECT_EQ(store_->list_pages()->size(), 1u);
}

TEST_P(AdminManageTest, SettingsChangeNamesLanguagesAndTimeZone) {
  Browser admin = sign_in("admin@x.org");
  Response form = get("/admin/settings/", &admin);
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(contains(form, "value=\"Test Monitor\""));
  EXPECT_TRUE(contains(form, "value=\"UTC\""));
  EXPECT_TRUE(contains(form, "Беларуская"));  // every supported language is offered

  std::string fields = "&name_en=" + percent_encode("Belarus Barometer") + "&subject_en=Belarus&name_ru=" +
                       percent_encode("Барометр") + "&subject_ru=" + percent_encode("Беларусь");
  Response bad_zone = post("/admin/settings/", &admin,
                           "_csrf=" + admin.csrf + "&lang=en&lang=ru&default_lang=en&time_zone=Mars%2FOlympus" + fields);
  EXPECT_EQ(bad_zone.status, 422);
  EXPECT_TRUE(contains(bad_zone, "value=\"Mars/Olympus\""));
  EXPECT_TRUE(contains(bad_zone, "value=\"Belarus Barometer\""));
  EXPECT_TRUE(contains(bad_zone, "Enter a time zone name"));
  EXPECT_EQ(store_->load_site()->time_zone, "UTC");

  // Add Belarusian and make Russian the default.
  Response saved = post("/admin/settings/", &admin,
                        "_csrf=" + admin.csrf + "&lang=en&lang=ru&lang=be&default_lang=ru&time_zone=Europe%2FMinsk" + fields);
  ASSERT_EQ(saved.status, 303) << *saved.body;
  auto site = store_->load_site();
  ASSERT_EQ(site->languages.size(), 3u);
  EXPECT_EQ(site->languages[0].code, "ru");
  EXPECT_EQ(site->languages[1].code, "en");
  EXPECT_EQ(site->languages[2].code, "be");
  EXPECT_EQ(site->languages[2].name, "Беларуская");
  EXPECT_EQ(site->time_zone, "Europe/Minsk");
  EXPECT_EQ(site->name.at("en"), "Belarus Barometer");
  EXPECT_EQ(site->name.at("be"), "Барометр");  // a new language starts from the default's texts

  Response no_default = post("/admin/settings/", &admin,
                             "_csrf=" + admin.csrf + "&lang=en&default_lang=ru&time_zone=UTC" + fields);
  EXPECT_EQ(no_default.status, 422);
  EXPECT_TRUE(contains(no_default, "The default language must be one of the languages in use."));
  EXPECT_EQ(store_->load_site()->languages.size(), 3u);
}

TEST_P(AdminManageTest, ALanguageWithContentCannotBeRemoved) {
  auto topic = *store_->find_topic("security");
  topic.text["ru"] = {"Безопасность", ""};
  ASSERT_TRUE(store_->update_topic(topic).ok());
  Browser admin = sign_in("admin@x.org");
  Response refused = post("/admin/settings/", &admin,
                          "_csrf=" + admin.csrf + "&lang=en&default_lang=en&time_zone=UTC&name_en=Test+Monitor&subject_en=Belarus");
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(contains(refused, "Cannot remove Русский"));
  EXPECT_EQ(store_->load_site()->languages.size(), 2u);

  // Without the Russian topic text the language can go.
  topic.text.erase("ru");
  ASSERT_TRUE(store_->update_topic(topic).ok());
  Response removed = post("/admin/settings/", &admin,
                          "_csrf=" + admin.csrf + "&lang=en&default_lang=en&time_zone=UTC&name_en=Test+Monitor&subject_en=Belarus");
  EXPECT_EQ(removed.status, 303) << *removed.body;
  EXPECT_EQ(store_->load_site()->languages.size(), 1u);
}

TEST_P(AdminManageTest, AdminsAddStaffWithTheCliRules) {
  Browser admin = sign_in("admin@x.org");
  Response weak = post("/admin/staff/new", &admin,
                       "_csrf=" + admin.csrf + "&email=new%40x.org&name=" + percent_encode("Новы супрацоўнік") +
                           "&role=editor&password=short");
  EXPECT_EQ(weak.status, 422);
  EXPECT_TRUE(contains(weak, "value=\"new@x.org\""));
  EXPECT_TRUE(contains(weak, "value=\"Новы супрацоўнік\""));
  EXPECT_TRUE(contains(weak, "The password must be 12 to 1024 characters long."));
  EXPECT_FALSE(contains(weak, "value=\"short\""));  // a password is never echoed
  EXPECT_EQ(staff_store_->find_user("new@x.org").code(), ErrorCode::not_found);

  Response taken = post("/admin/staff/new", &admin,
                        "_csrf=" + admin.csrf + "&email=Editor%40X.org&name=Dup&role=editor&password=" + percent_encode(kPassword));
  EXPECT_EQ(taken.status, 422);
  EXPECT_TRUE(contains(taken, "There is already an account with this email."));

  Response added = post("/admin/staff/new", &admin,
                        "_csrf=" + admin.csrf + "&email=New%40X.org&name=New+One&role=editor&password=" +
                            percent_encode("another long password"));
  ASSERT_EQ(added.status, 303) << *added.body;
  auto user = staff_store_->find_user("new@x.org");
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->role, Role::editor);
  EXPECT_TRUE(service_->sign_in("new@x.org", "another long password", "192.0.2.8").signed_in.has_value());
  EXPECT_TRUE(contains(get("/admin/staff/", &admin), "new@x.org"));
}

TEST_P(AdminManageTest, RolesDisablingAndPasswordsOfOtherAccounts) {
  Browser admin = sign_in("admin@x.org");
  Browser editor = sign_in("editor@x.org");
  std::string page = "/admin/staff/" + std::to_string(user_id("editor@x.org")) + "/";
  ASSERT_EQ(get(page, &admin).status, 200);

  ASSERT_EQ(post(page, &admin, "_csrf=" + admin.csrf + "&action=role&role=analyst").status, 303);
  EXPECT_EQ(staff_store_->find_user("editor@x.org")->role, Role::analyst);
  EXPECT_EQ(get("/admin/topics/", &editor).status, 403);  // the new role applies at once
  EXPECT_EQ(post(page, &admin, "_csrf=" + admin.csrf + "&action=role&role=boss").status, 422);

  ASSERT_EQ(post(page, &admin, "_csrf=" + admin.csrf + "&action=disable").status, 303);
  EXPECT_TRUE(staff_store_->find_user("editor@x.org")->disabled);
  EXPECT_EQ(get("/admin/", &editor).status, 303);  // signed out
  ASSERT_EQ(post(page, &admin, "_csrf=" + admin.csrf + "&action=enable").status, 303);
  EXPECT_FALSE(staff_store_->find_user("editor@x.org")->disabled);

  Response short_password = post(page, &admin, "_csrf=" + admin.csrf + "&action=password&password=short");
  EXPECT_EQ(short_password.status, 422);
  EXPECT_TRUE(contains(short_password, "The password must be 12 to 1024 characters long."));
  ASSERT_EQ(post(page, &admin, "_csrf=" + admin.csrf + "&action=password&password=" + percent_encode("a brand new secret")).status,
            303);
  EXPECT_TRUE(service_->sign_in("editor@x.org", "a brand new secret", "192.0.2.9").signed_in.has_value());
  EXPECT_EQ(post(page, &admin, "_csrf=" + admin.csrf + "&action=explode").status, 400);
  EXPECT_EQ(get("/admin/staff/999999/", &admin).status, 404);
  EXPECT_EQ(get("/admin/staff/abc/", &admin).status, 404);
}

TEST_P(AdminManageTest, AnAdminCannotDemoteOrDisableThemself) {
  Browser admin = sign_in("admin@x.org");
  std::string own = "/admin/staff/" + std::to_string(user_id("admin@x.org")) + "/";
  Response page = get(own, &admin);
  EXPECT_TRUE(contains(page, "This is your own account"));
  Response demote = post(own, &admin, "_csrf=" + admin.csrf + "&action=role&role=editor");
  EXPECT_EQ(demote.status, 422);
  EXPECT_TRUE(contains(demote, "You cannot take away your own admin role"));
  Response disable = post(own, &admin, "_csrf=" + admin.csrf + "&action=disable");
  EXPECT_EQ(disable.status, 422);
  EXPECT_TRUE(contains(disable, "You cannot disable your own account"));
  auto me = staff_store_->find_user("admin@x.org");
  EXPECT_EQ(me->role, Role::admin);
  EXPECT_FALSE(me->disabled);
  EXPECT_EQ(get("/admin/settings/", &admin).status, 200);
  // Another admin may do it.
  Browser second = sign_in("second@x.org");
  EXPECT_EQ(post(own, &second, "_csrf=" + second.csrf + "&action=role&role=editor").status, 303);
  EXPECT_EQ(staff_store_->find_user("admin@x.org")->role, Role::editor);
}

TEST_P(AdminManageTest, TheUiLanguageFollowsTheChoiceThenTheBrowser) {
  Browser admin = sign_in("admin@x.org");
  Response english = get("/admin/topics/", &admin);
  EXPECT_TRUE(contains(english, "<html lang=\"en\">"));
  EXPECT_TRUE(contains(english, "Move down"));

  admin.accept_language = "ru-RU,ru;q=0.9,en;q=0.5";
  Response russian = get("/admin/topics/", &admin);
  EXPECT_TRUE(contains(russian, "<html lang=\"ru\">"));
  EXPECT_TRUE(contains(russian, "Ниже"));

  Response chosen = get("/admin/language?lang=be&back=" + percent_encode("/admin/topics/"), &admin);
  EXPECT_EQ(chosen.status, 303);
  EXPECT_EQ(chosen.header("Location"), "/admin/topics/");
  EXPECT_EQ(set_cookie(chosen, "barometer_admin_lang"), "be");
  admin.extra_cookies = "barometer_admin_lang=be";  // the choice wins over Accept-Language
  Response belarusian = get("/admin/topics/", &admin);
  EXPECT_TRUE(contains(belarusian, "<html lang=\"be\">"));
  EXPECT_TRUE(contains(belarusian, "Ніжэй"));
  EXPECT_TRUE(contains(belarusian, "адміністратар"));  // the role in the header, too
  Response error = post("/admin/topics/economy/move", &admin, "_csrf=" + admin.csrf + "&direction=sideways");
  EXPECT_TRUE(contains(error, "Запыт складзены няправільна."));

  // Only back-office paths are allowed as the way back; unknown languages are refused.
  EXPECT_EQ(get("/admin/language?lang=ru&back=" + percent_encode("https://evil.example/"), &admin).header("Location"),
            "/admin/");
  EXPECT_EQ(get("/admin/language?lang=ru&back=" + percent_encode("//evil.example/admin/"), &admin).header("Location"),
            "/admin/");
  EXPECT_EQ(get("/admin/language?lang=xx&back=%2Fadmin%2F", &admin).status, 400);
  // The sign-in page has the switcher too.
  Response login = get("/admin/login");
  EXPECT_TRUE(contains(login, "/admin/language?lang=be"));
}

BAROMETER_ON_BACKENDS(AdminManageTest);

}  // namespace
}  // namespace barometer::web
