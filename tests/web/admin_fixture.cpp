#include "admin_fixture.hpp"

#include <utility>

#include "support/http_client.hpp"
#include "web/middleware.hpp"
#include "web/url.hpp"

namespace barometer::web::admin_test {

std::string set_cookie(const Response& r, const std::string& name) {
  for (const auto& h : r.headers)
    if (iequals(h.name, "Set-Cookie") && h.value.rfind(name + "=", 0) == 0)
      return h.value.substr(name.size() + 1, h.value.find(';') - name.size() - 1);
  return "";
}

std::string csrf_in(const std::string& html) { return barometer::testing::csrf_in(html); }
std::string csrf_in(const Response& r) { return r.body ? csrf_in(*r.body) : ""; }

bool has(const Response& r, const std::string& text) { return r.body && r.body->find(text) != std::string::npos; }

void AdminTest::SetUp() {
  auto database = open_database();
  ASSERT_TRUE(database.ok()) << database.error().message;
  database_ = std::move(*database);
  store_ = &database_->content();
  staff_store_ = &database_->staff();
  history_ = &database_->history();
  subscribers_ = &database_->subscribers();
  ledger_ = &database_->deliveries();

  ASSERT_TRUE(store_->save_site(site()).ok());
  for (const Topic& t : topics()) {
    auto added = store_->add_topic(t);
    ASSERT_TRUE(added.ok()) << t.slug << ": " << added.error().message;
  }
  for (const Author& a : authors()) {
    auto added = store_->add_author(a);
    ASSERT_TRUE(added.ok()) << a.slug << ": " << added.error().message;
  }

  service_ = std::make_unique<staff::StaffService>(*database_, clock_);
  for (const StaffSeed& s : staff()) {
    auto u = service_->add_user({s.email, s.name, s.role, kPassword});
    ASSERT_TRUE(u.ok()) << s.email << ": " << u.error().message;
  }

  AdminOptions options;
  options.theme_dir = (barometer::testing::source_dir() / "themes/admin").string();
  configure(options);
  auto admin = make_admin_site(*database_, *service_, clock_, options);
  ASSERT_TRUE(admin.ok()) << admin.error().message;
  admin_ = behind_middleware() ? with_standard_middleware(std::move(*admin)) : std::move(*admin);
}

Site AdminTest::site() const {
  Site s;
  s.name = {{"en", "Test Monitor"}, {"ru", "Тест"}};
  s.subject = {{"en", "Belarus"}, {"ru", "Беларусь"}};
  s.base_url = "http://test.example";
  s.languages = {{"en", "English", "en_GB"}, {"ru", "Русский", "ru_RU"}};
  return s;
}

std::vector<Topic> AdminTest::topics() const { return {{0, "security", 1, {{"en", {"Security issues", ""}}}}}; }

std::vector<Author> AdminTest::authors() const { return {{0, "ann", {{"en", {"Ann Analyst", "Bio."}}}}}; }

std::vector<StaffSeed> AdminTest::staff() const {
  return {{"analyst@x.org", "Name analyst@x.org", "analyst"},
          {"editor@x.org", "Name editor@x.org", "editor"},
          {"admin@x.org", "Name admin@x.org", "admin"}};
}

Request AdminTest::request(const std::string& method, const std::string& target, const Browser* b,
                           std::string body) const {
  Request r;
  r.method = method;
  r.target = target;
  const auto q = target.find('?');
  r.path = target.substr(0, q);
  r.query = q == std::string::npos ? "" : target.substr(q + 1);
  r.remote_address = ip_;
  if (b) {
    std::string cookies;
    const auto add = [&cookies](const std::string& cookie) {
      if (!cookie.empty()) cookies += (cookies.empty() ? "" : "; ") + cookie;
    };
    add(b->session.empty() ? "" : "barometer_session=" + b->session);
    add(b->login.empty() ? "" : "barometer_login=" + b->login);
    add(b->pending.empty() ? "" : "barometer_pending=" + b->pending);
    add(b->extra_cookies);
    if (!cookies.empty()) r.headers.push_back({"Cookie", cookies});
    if (!b->accept_language.empty()) r.headers.push_back({"Accept-Language", b->accept_language});
    if (!b->user_agent.empty()) r.headers.push_back({"User-Agent", b->user_agent});
  }
  if (method == "POST") {
    r.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    r.body = std::move(body);
  }
  return r;
}

Response AdminTest::get(const std::string& target, const Browser* b) { return admin_->handle(request("GET", target, b)); }

Response AdminTest::post(const std::string& target, const Browser* b, const std::string& body) {
  return admin_->handle(request("POST", target, b, body));
}

Response AdminTest::try_sign_in(Browser& b, const std::string& email, const std::string& password) {
  Response form = get("/admin/login", &b);
  b.login = set_cookie(form, "barometer_login");
  return post("/admin/login", &b,
              "_csrf=" + csrf_in(form) + "&email=" + percent_encode(email) + "&password=" + percent_encode(password));
}

Browser AdminTest::sign_in(const std::string& email, Browser b) {
  Response r = try_sign_in(b, email, kPassword);
  EXPECT_EQ(r.status, 303) << email << ": " << (r.body ? *r.body : "");
  b.session = set_cookie(r, "barometer_session");
  b.login.clear();
  b.csrf = csrf_in(get("/admin/", &b));
  EXPECT_FALSE(b.csrf.empty()) << email;
  b.user_id = user_id(email);
  return b;
}

Id AdminTest::user_id(const std::string& email) {
  auto user = staff_store_->find_user(email);
  EXPECT_TRUE(user.ok()) << email;
  return user.ok() ? user->id : 0;
}

std::vector<AuditEntry> AdminTest::audit(const std::string& action_prefix) {
  AuditFilter f;
  f.action_prefix = action_prefix;
  f.limit = 1000;
  auto lines = history_->list_audit(f);
  EXPECT_TRUE(lines.ok());
  return lines.ok() ? *lines : std::vector<AuditEntry>{};
}

Id AdminTest::topic_id(const std::string& slug) {
  auto topics = store_->list_topics();
  EXPECT_TRUE(topics.ok());
  if (topics)
    for (const Topic& t : *topics)
      if (t.slug == slug) return t.id;
  ADD_FAILURE() << "no topic " << slug;
  return 0;
}

}  // namespace barometer::web::admin_test
