// /admin/webhooks/ on both backends: admins only, CSRF on every change, the secret shown once,
// bad URLs refused with the form kept (SSRF literals included), audit lines, and the recent
// deliveries table escaping what a receiver answered.
#include <gtest/gtest.h>

#include "admin_fixture.hpp"
#include "web/url.hpp"

namespace barometer::web::admin_test {
namespace {

class WebhookPagesTest : public AdminTest {
 protected:
  std::string form(const Browser& b, const std::string& url, const std::string& events) {
    return "_csrf=" + b.csrf + "&url=" + percent_encode(url) + events + "&active=1";
  }
  Id only_webhook_id() {
    auto list = database_->webhooks().list_webhooks();
    EXPECT_TRUE(list.ok());
    EXPECT_EQ(list->size(), 1u);
    return list->empty() ? 0 : list->front().id;
  }
};

BAROMETER_ON_BACKENDS(WebhookPagesTest);

TEST_P(WebhookPagesTest, OnlyAdminsSeeOrChangeWebhooks) {
  for (const char* who : {"analyst@x.org", "editor@x.org"}) {
    Browser b = sign_in(who);
    EXPECT_EQ(get("/admin/webhooks/", &b).status, 403) << who;
    EXPECT_EQ(post("/admin/webhooks/new", &b, form(b, "https://example.org/", "&events=digest.sent")).status, 403)
        << who;
    EXPECT_FALSE(has(get("/admin/", &b), "href=\"/admin/webhooks/\"")) << who;
  }
  EXPECT_EQ(get("/admin/webhooks/").status, 303);  // signed out: to the sign-in
  Browser admin = sign_in("admin@x.org");
  EXPECT_TRUE(has(get("/admin/", &admin), "href=\"/admin/webhooks/\""));
  EXPECT_EQ(get("/admin/webhooks/", &admin).status, 200);
  EXPECT_TRUE(database_->webhooks().list_webhooks()->empty());
}

TEST_P(WebhookPagesTest, AddingShowsTheSecretOnceAndWritesAnAuditLine) {
  Browser admin = sign_in("admin@x.org");
  Response added = post("/admin/webhooks/new", &admin,
                        form(admin, "https://hooks.example.org/in", "&events=commentary.published&events=week.completed"));
  ASSERT_EQ(added.status, 200);
  const Id id = only_webhook_id();
  auto w = database_->webhooks().get_webhook(id);
  ASSERT_TRUE(w.ok());
  EXPECT_TRUE(has(added, w->secret));
  EXPECT_EQ(w->events, (std::vector{WebhookEvent::commentary_published, WebhookEvent::week_completed}));
  // Later views never show it.
  Response page = get("/admin/webhooks/" + std::to_string(id) + "/", &admin);
  EXPECT_EQ(page.status, 200);
  EXPECT_FALSE(has(page, w->secret));
  EXPECT_TRUE(has(get("/admin/webhooks/", &admin), "https://hooks.example.org/in"));
  // Rotation: a new one, shown once.
  Response rotated = post("/admin/webhooks/" + std::to_string(id) + "/", &admin, "_csrf=" + admin.csrf + "&action=rotate");
  EXPECT_EQ(rotated.status, 200);
  auto after = database_->webhooks().get_webhook(id);
  EXPECT_NE(after->secret, w->secret);
  EXPECT_TRUE(has(rotated, after->secret));
  // Edit, then delete.
  EXPECT_EQ(post("/admin/webhooks/" + std::to_string(id) + "/", &admin,
                 "_csrf=" + admin.csrf + "&action=save&url=" + percent_encode("https://hooks.example.org/v2") +
                     "&events=digest.sent")
                .status,
            303);
  auto edited = database_->webhooks().get_webhook(id);
  EXPECT_EQ(edited->url, "https://hooks.example.org/v2");
  EXPECT_FALSE(edited->active);  // the box was not sent
  EXPECT_EQ(edited->events, std::vector{WebhookEvent::digest_sent});
  EXPECT_EQ(post("/admin/webhooks/" + std::to_string(id) + "/", &admin, "_csrf=" + admin.csrf + "&action=delete").status,
            303);
  EXPECT_TRUE(database_->webhooks().list_webhooks()->empty());
  std::vector<std::string> actions;
  for (const auto& line : audit("webhook.")) actions.push_back(line.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"webhook.delete", "webhook.update", "webhook.rotate_secret",
                                               "webhook.create"}));
}

TEST_P(WebhookPagesTest, MissingOrWrongCsrfChangesNothing) {
  Browser admin = sign_in("admin@x.org");
  ASSERT_EQ(post("/admin/webhooks/new", &admin, form(admin, "https://example.org/", "&events=digest.sent")).status, 200);
  const Id id = only_webhook_id();
  const std::string secret = database_->webhooks().get_webhook(id)->secret;
  for (const std::string& token : {std::string(), std::string(64, 'a')}) {
    const std::string prefix = token.empty() ? "" : "_csrf=" + token + "&";
    EXPECT_EQ(post("/admin/webhooks/new", &admin, prefix + "url=https%3A%2F%2Fx.example%2F&events=digest.sent").status,
              403);
    for (const char* action : {"rotate", "delete", "save"})
      EXPECT_EQ(post("/admin/webhooks/" + std::to_string(id) + "/", &admin,
                     prefix + "action=" + action + "&url=https%3A%2F%2Fx.example%2F&events=digest.sent")
                    .status,
                403);
  }
  auto w = database_->webhooks().get_webhook(id);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->secret, secret);
  EXPECT_EQ(w->url, "https://example.org/");
  EXPECT_EQ(database_->webhooks().list_webhooks()->size(), 1u);
}

TEST_P(WebhookPagesTest, BadUrlsAndEventsComeBackWithTheFormKept) {
  Browser admin = sign_in("admin@x.org");
  for (const std::string& url : {std::string("http://127.0.0.1/"), std::string("http://[::1]/"),
                                 std::string("http://169.254.169.254/"), std::string("file:///etc/passwd"),
                                 std::string("https://u:p@example.org/"), std::string("\"><script>alert(1)</script>"),
                                 std::string(3000, 'a')}) {
    Response r = post("/admin/webhooks/new", &admin, form(admin, url, "&events=digest.sent"));
    EXPECT_EQ(r.status, 422) << url;
    EXPECT_TRUE(has(r, "aria-invalid=\"true\"")) << url;
    EXPECT_FALSE(has(r, "<script>alert(1)")) << url;
  }
  Response none = post("/admin/webhooks/new", &admin, form(admin, "https://example.org/", ""));
  EXPECT_EQ(none.status, 422);
  EXPECT_TRUE(has(none, "id=\"events-error\""));
  EXPECT_EQ(post("/admin/webhooks/new", &admin, form(admin, "https://example.org/", "&events=%3Cb%3E")).status, 422);
  EXPECT_TRUE(database_->webhooks().list_webhooks()->empty());
  EXPECT_EQ(get("/admin/webhooks/999/", &admin).status, 404);
  EXPECT_EQ(get("/admin/webhooks/abc/", &admin).status, 404);
  EXPECT_EQ(post("/admin/webhooks/999/", &admin, "_csrf=" + admin.csrf + "&action=delete").status, 404);
}

TEST_P(WebhookPagesTest, DeliveriesShowAnEscapedResponseAndCanBeDeliveredAgain) {
  Browser admin = sign_in("admin@x.org");
  ASSERT_EQ(post("/admin/webhooks/new", &admin, form(admin, "https://example.org/", "&events=digest.sent")).status, 200);
  const Id id = only_webhook_id();
  WebhookStore& hooks = database_->webhooks();
  ASSERT_TRUE(hooks.enqueue(WebhookEvent::digest_sent, "e1", "{}", clock_.now()).ok());
  auto claimed = hooks.claim("w", clock_.now(), 30, 1);
  ASSERT_EQ(claimed->size(), 1u);
  WebhookOutcome o;
  o.delivery_id = claimed->front().id;
  o.kind = WebhookOutcome::Kind::failed;
  o.at = clock_.now();
  o.status = 500;
  o.response = "<script>alert('x')</script>" + std::string(600, 'z');
  o.error = "<img src=x onerror=alert(1)>";
  ASSERT_TRUE(hooks.record("w", o).ok());
  Response page = get("/admin/webhooks/" + std::to_string(id) + "/", &admin);
  ASSERT_EQ(page.status, 200);
  EXPECT_FALSE(has(page, "<script>alert('x')"));
  EXPECT_TRUE(has(page, "&lt;script&gt;"));
  EXPECT_FALSE(has(page, "<img src=x"));
  EXPECT_FALSE(has(page, std::string(300, 'z')));  // cut short
  EXPECT_TRUE(has(page, "500"));
  Response again = post("/admin/webhooks/" + std::to_string(id) + "/", &admin,
                        "_csrf=" + admin.csrf + "&action=redeliver&delivery=" + std::to_string(o.delivery_id));
  EXPECT_EQ(again.status, 303);
  auto row = hooks.get_delivery(o.delivery_id);
  EXPECT_EQ(row->state, WebhookDeliveryState::queued);
  EXPECT_EQ(row->attempts, 0);
  EXPECT_EQ(post("/admin/webhooks/" + std::to_string(id) + "/", &admin,
                 "_csrf=" + admin.csrf + "&action=redeliver&delivery=x")
                .status,
            400);
  EXPECT_EQ(audit("webhook.redeliver").size(), 1u);
}

}  // namespace
}  // namespace barometer::web::admin_test
