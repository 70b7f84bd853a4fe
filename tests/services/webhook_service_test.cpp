// Webhooks end to end below the HTTP layer, on both backends: a publish enqueues its events in
// its own transaction (a failed publish leaves none), week.completed once per week made complete,
// the admin service's SSRF refusals and audit lines, and the sender against real receivers on
// loopback — HMAC verified, a 500 and a hanging receiver retried with backoff while a publish
// completes at once.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "service_fixture.hpp"
#include "services/editorial/commentary_service.hpp"
#include "services/webhooks/webhook_admin.hpp"
#include "services/webhooks/webhook_sender.hpp"
#include "support/webhook_receiver.hpp"
#include "webhook/signature.hpp"

namespace barometer::webhooks {
namespace {

using editorial::CommentaryAction;
using editorial::CommentaryService;

class WebhookServiceTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure()) return;
    for (auto [slug, pos] : {std::pair{"security", 1}, std::pair{"society", 2}}) {
      auto topic = db_->content().add_topic({0, slug, pos, {{"en", {slug, ""}}}});
      ASSERT_TRUE(topic.ok());
      topics_.push_back(*topic);
    }
    admin_ = add_user("admin@x.org", Role::admin);
    editor_ = add_user("editor@x.org", Role::editor);
  }
  Commentary draft(Id topic, const std::string& week, const std::string& slug) const {
    Commentary c;
    c.topic_id = topic;
    c.period = *Period::parse(week);
    c.assessment = Assessment::worse;
    c.translations["en"] = {"Title " + slug, "Lead.", "Body.", slug};
    return c;
  }
  Webhook hook(const std::string& url, std::vector<std::string> events, bool allow_private = true) {
    WebhookAdmin admin(*db_, clock_, allow_private);
    auto added = admin.add(admin_, {url, std::move(events), true});
    EXPECT_TRUE(added.ok()) << added.error().message;
    return added.ok() ? *added : Webhook{};
  }
  std::vector<WebhookDelivery> rows_of(const Webhook& w) {
    auto rows = db_->webhooks().recent_deliveries(w.id, 100);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? *rows : std::vector<WebhookDelivery>{};
  }
  std::vector<Id> topics_;
  StaffUser admin_, editor_;
};

BAROMETER_ON_BACKENDS(WebhookServiceTest);

TEST_P(WebhookServiceTest, APublishEnqueuesItsEventsInItsOwnTransaction) {
  Webhook all = hook("https://hooks.example.org/in",
                     {"commentary.published", "commentary.unpublished", "week.completed"}, false);
  CommentaryService service(*db_, clock_);
  auto first = service.save(editor_, draft(topics_[0], "2022-W09", "a"), CommentaryAction::publish);
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto rows = rows_of(all);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].event, "commentary.published");
  auto body = nlohmann::json::parse(rows[0].payload);
  EXPECT_EQ(body["event"], "commentary.published");
  EXPECT_EQ(body["id"], rows[0].event_id);
  EXPECT_EQ(body["commentary"]["topic"], "security");
  EXPECT_EQ(body["commentary"]["period"], "2022-W09");
  EXPECT_EQ(body["commentary"]["assessment"], "worse");
  const std::string base = db_->content().load_site()->base_url;
  EXPECT_EQ(body["commentary"]["translations"]["en"]["url"], base + "/en/topics/security/a/");
  EXPECT_EQ(body["period"]["urls"]["en"], base + "/en/2022-W09/");

  // The second topic of the week completes it: its publish and week.completed.
  ASSERT_TRUE(service.save(editor_, draft(topics_[1], "2022-W09", "b"), CommentaryAction::publish).ok());
  rows = rows_of(all);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].event, "week.completed");
  auto week = nlohmann::json::parse(rows[0].payload);
  EXPECT_EQ(week["period"]["id"], "2022-W09");
  EXPECT_EQ(week["commentaries"].size(), 2u);
  // Publishing an already published one again: a new commentary.published, no second week.completed.
  Commentary again = db_->content().get_commentary(first->commentary.id).value();
  ASSERT_TRUE(service.save(editor_, again, CommentaryAction::publish).ok());
  rows = rows_of(all);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].event, "commentary.published");
  // Unpublish: commentary.unpublished without a public URL.
  ASSERT_TRUE(service.save(editor_, again, CommentaryAction::unpublish).ok());
  rows = rows_of(all);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].event, "commentary.unpublished");
  EXPECT_FALSE(nlohmann::json::parse(rows[0].payload)["commentary"]["translations"]["en"].contains("url"));

  // A publish that fails at its last write leaves no event behind.
  fail_audit_lines();
  EXPECT_FALSE(service.save(editor_, draft(topics_[0], "2022-W10", "c"), CommentaryAction::publish).ok());
  allow_audit_lines();
  EXPECT_EQ(rows_of(all).size(), 5u);
}

TEST_P(WebhookServiceTest, TheAdminServiceRefusesUnsafeUrlsAndNonAdmins) {
  WebhookAdmin admin(*db_, clock_, /*allow_private=*/false);
  for (const char* url : {"http://127.0.0.1/", "http://[::1]/", "http://10.0.0.1/", "http://192.168.1.10/",
                          "http://169.254.169.254/latest/meta-data/", "http://[fd00::1]/",
                          "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "ftp://example.org/",
                          "file:///etc/passwd", "https://user:pass@example.org/", "javascript:alert(1)"}) {
    auto added = admin.add(admin_, {url, {"commentary.published"}, true});
    ASSERT_FALSE(added.ok()) << url;
    EXPECT_EQ(added.code(), ErrorCode::invalid) << url;
    EXPECT_EQ(added.error().field, "url") << url;
  }
  EXPECT_EQ(admin.add(admin_, {"https://example.org/", {}, true}).error().field, "events");
  EXPECT_EQ(admin.add(admin_, {"https://example.org/", {"nope"}, true}).error().field, "events");
  EXPECT_EQ(admin.add(editor_, {"https://example.org/", {"digest.sent"}, true}).code(), ErrorCode::forbidden);
  EXPECT_TRUE(db_->webhooks().list_webhooks()->empty());

  auto added = admin.add(admin_, {"https://example.org/in", {"digest.sent", "commentary.published"}, true});
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added->secret.rfind("whsec_", 0), 0u);
  EXPECT_EQ(added->secret.size(), 6u + 64u);
  auto rotated = admin.rotate_secret(admin_, added->id);
  ASSERT_TRUE(rotated.ok());
  EXPECT_NE(*rotated, added->secret);
  EXPECT_EQ(db_->webhooks().get_webhook(added->id)->secret, *rotated);
  EXPECT_TRUE(admin.update(admin_, added->id, {"https://example.org/v2", {"week.completed"}, false}).ok());
  EXPECT_TRUE(admin.remove(admin_, added->id).ok());
  AuditFilter filter;
  filter.subject = "webhook:" + std::to_string(added->id);
  auto lines = db_->history().list_audit(filter);
  ASSERT_TRUE(lines.ok());
  ASSERT_EQ(lines->size(), 4u);
  std::vector<std::string> actions;
  for (const auto& l : *lines) {
    actions.push_back(l.action);
    EXPECT_EQ(l.detail.find("whsec_"), std::string::npos) << "a secret in the audit log";
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"webhook.delete", "webhook.update", "webhook.rotate_secret",
                                               "webhook.create"}));
}

TEST_P(WebhookServiceTest, TheSenderSignsDeliveriesAReceiverCanVerify) {
  testing::WebhookReceiver receiver;
  Webhook w = hook(receiver.url("/in"), {"commentary.published"});
  CommentaryService service(*db_, clock_);
  ASSERT_TRUE(service.save(editor_, draft(topics_[0], "2022-W09", "a"), CommentaryAction::publish).ok());
  WebhookSenderOptions options;
  options.allow_private = true;
  WebhookSender sender(db_->webhooks(), clock_, options);
  auto did = sender.run_once("t");
  ASSERT_TRUE(did.ok()) << did.error().message;
  EXPECT_TRUE(*did);
  const auto got = receiver.requests();
  ASSERT_EQ(got.size(), 1u);
  const auto& h = got[0].headers;
  EXPECT_EQ(h.at("content-type"), "application/json");
  EXPECT_EQ(h.at("barometer-event"), "commentary.published");
  const auto rows = rows_of(w);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(h.at("barometer-delivery"), std::to_string(rows[0].id));
  EXPECT_EQ(got[0].body, rows[0].payload);
  EXPECT_TRUE(webhook::verify_signature(w.secret, h.at("barometer-signature"), got[0].body));
  EXPECT_FALSE(webhook::verify_signature("whsec_wrong", h.at("barometer-signature"), got[0].body));
  EXPECT_EQ(h.at("barometer-signature").rfind("t=" + std::to_string(to_unix(kNow)) + ",v1=", 0), 0u);
  EXPECT_EQ(rows[0].state, WebhookDeliveryState::delivered);
  EXPECT_EQ(rows[0].last_status, 200);
  EXPECT_FALSE(*sender.run_once("t"));  // nothing left
}

TEST_P(WebhookServiceTest, A500IsRetriedWithGrowingBackoffUntilFailed) {
  testing::WebhookReceiver receiver;
  receiver.answer(500, "<b>down</b>");
  Webhook w = hook(receiver.url(), {"commentary.published"});
  CommentaryService service(*db_, clock_);
  ASSERT_TRUE(service.save(editor_, draft(topics_[0], "2022-W09", "a"), CommentaryAction::publish).ok());
  WebhookSenderOptions options;
  options.allow_private = true;
  options.max_attempts = 3;
  options.backoff_base = std::chrono::seconds(30);
  WebhookSender sender(db_->webhooks(), clock_, options);
  std::vector<std::int64_t> waits;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    ASSERT_TRUE(*sender.run_once("t")) << attempt;
    auto row = rows_of(w).at(0);
    EXPECT_EQ(row.attempts, attempt);
    EXPECT_EQ(row.last_status, 500);
    EXPECT_EQ(row.last_response, "<b>down</b>");
    if (attempt < 3) {
      ASSERT_EQ(row.state, WebhookDeliveryState::queued);
      const std::int64_t wait = to_unix(*row.next_attempt_at) - to_unix(clock_.now());
      // base · 2^(attempt−1), jittered to between half and all of it.
      const std::int64_t full = 30 << (attempt - 1);
      EXPECT_GE(wait, full / 2);
      EXPECT_LE(wait, full);
      waits.push_back(wait);
      EXPECT_FALSE(*sender.run_once("t")) << "claimed before its retry time";
      clock_.set(*row.next_attempt_at);
    } else {
      EXPECT_EQ(row.state, WebhookDeliveryState::failed);
    }
  }
  EXPECT_EQ(receiver.requests().size(), 3u);
  EXPECT_EQ(backoff_delay(1, std::chrono::seconds(30), std::chrono::seconds(3600)).count(), 30);
  EXPECT_EQ(backoff_delay(4, std::chrono::seconds(30), std::chrono::seconds(3600)).count(), 240);
  EXPECT_EQ(backoff_delay(30, std::chrono::seconds(30), std::chrono::seconds(3600)).count(), 3600);
}

TEST_P(WebhookServiceTest, AHangingReceiverNeverDelaysAPublishAndIsRetried) {
  testing::WebhookReceiver receiver;
  receiver.hang(true);
  Webhook w = hook(receiver.url(), {"commentary.published"});
  CommentaryService service(*db_, clock_);
  ASSERT_TRUE(service.save(editor_, draft(topics_[0], "2022-W09", "a"), CommentaryAction::publish).ok());
  WebhookSenderOptions options;
  options.allow_private = true;
  options.workers = 1;
  options.interval = std::chrono::milliseconds(20);
  options.total_timeout = std::chrono::milliseconds(1500);
  WebhookSender sender(db_->webhooks(), clock_, options);
  sender.start();
  ASSERT_TRUE(receiver.wait_for(1, std::chrono::seconds(10)));
  // The receiver holds the POST; a publish meanwhile only inserts rows.
  const auto start = std::chrono::steady_clock::now();
  auto second = service.save(editor_, draft(topics_[1], "2022-W09", "b"), CommentaryAction::publish);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_LT(took, std::chrono::milliseconds(1000));
  // The timeout ends the attempt: queued again with backoff, the error kept.
  for (int i = 0; i < 200 && rows_of(w).back().state != WebhookDeliveryState::queued; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  sender.stop();
  receiver.hang(false);
  const auto first = rows_of(w).back();  // oldest
  EXPECT_EQ(first.state, WebhookDeliveryState::queued);
  EXPECT_EQ(first.attempts, 1);
  EXPECT_FALSE(first.last_status.has_value());
  EXPECT_FALSE(first.last_error.empty());
  EXPECT_GT(to_unix(*first.next_attempt_at), to_unix(clock_.now()));
}

TEST_P(WebhookServiceTest, ALoopbackReceiverIsRefusedAtDeliveryWhenPrivateAddressesAreNot) {
  testing::WebhookReceiver receiver;
  // Registered while allowed (or by name: "localhost" resolves to loopback), delivered while not.
  Webhook w = hook("http://localhost:" + std::to_string(receiver.port()) + "/", {"commentary.published"});
  CommentaryService service(*db_, clock_);
  ASSERT_TRUE(service.save(editor_, draft(topics_[0], "2022-W09", "a"), CommentaryAction::publish).ok());
  WebhookSender sender(db_->webhooks(), clock_, {});
  ASSERT_TRUE(*sender.run_once("t"));
  auto row = rows_of(w).at(0);
  EXPECT_EQ(row.state, WebhookDeliveryState::failed);  // retrying cannot help
  EXPECT_NE(row.last_error.find("loopback"), std::string::npos) << row.last_error;
  EXPECT_TRUE(receiver.requests().empty());
}

}  // namespace
}  // namespace barometer::webhooks
