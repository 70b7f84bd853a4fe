// WebhookStore on both backends (migration 0011_webhooks): webhooks, enqueue per event and active
// webhook, enqueue inside Database::transact (a rollback leaves no row), leases (two claimers
// never share a row; an expired lease is taken over; outcomes only from the lease holder), retry
// scheduling, deliver again, the report.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "support/store_fixture.hpp"

namespace barometer::testing {
namespace {

constexpr std::int64_t kT0 = 1'700'000'000;
Instant at(std::int64_t offset) { return from_unix(kT0 + offset); }

WebhookOutcome outcome(Id id, WebhookOutcome::Kind kind, Instant when) {
  WebhookOutcome o;
  o.delivery_id = id;
  o.kind = kind;
  o.at = when;
  return o;
}

class WebhookStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    hooks_ = &db_->webhooks();
  }
  Webhook add(const std::string& url, std::vector<WebhookEvent> events, bool active = true) {
    Webhook w;
    w.url = url;
    w.secret = "whsec_test";
    w.events = std::move(events);
    w.active = active;
    auto added = hooks_->add_webhook(w, at(0));
    EXPECT_TRUE(added.ok()) << added.error().message;
    return added.ok() ? *added : w;
  }
  WebhookStore* hooks_ = nullptr;
};

BAROMETER_ON_BACKENDS(WebhookStoreTest);

TEST_P(WebhookStoreTest, WebhooksAreStoredEditedAndDeleted) {
  Webhook a = add("https://hooks.example.org/a", {WebhookEvent::commentary_published, WebhookEvent::digest_sent});
  auto got = hooks_->get_webhook(a.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->url, "https://hooks.example.org/a");
  EXPECT_EQ(got->secret, "whsec_test");
  EXPECT_EQ(got->events, (std::vector{WebhookEvent::commentary_published, WebhookEvent::digest_sent}));
  EXPECT_TRUE(got->active);

  got->events = {WebhookEvent::week_completed};
  got->active = false;
  got->url = "https://hooks.example.org/b";
  ASSERT_TRUE(hooks_->update_webhook(*got, at(5)).ok());
  ASSERT_TRUE(hooks_->set_webhook_secret(a.id, "whsec_new", at(6)).ok());
  auto edited = hooks_->get_webhook(a.id);
  ASSERT_TRUE(edited.ok());
  EXPECT_EQ(edited->events, std::vector{WebhookEvent::week_completed});
  EXPECT_FALSE(edited->active);
  EXPECT_EQ(edited->secret, "whsec_new");
  EXPECT_EQ(edited->url, "https://hooks.example.org/b");

  ASSERT_TRUE(hooks_->enqueue(WebhookEvent::week_completed, "e1", "{}", at(7)).ok());
  ASSERT_TRUE(hooks_->delete_webhook(a.id).ok());
  EXPECT_EQ(hooks_->get_webhook(a.id).code(), ErrorCode::not_found);
  EXPECT_EQ(hooks_->delete_webhook(a.id).code(), ErrorCode::not_found);
  auto list = hooks_->list_webhooks();
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
}

TEST_P(WebhookStoreTest, EnqueueReachesActiveWebhooksThatWantTheEventOnce) {
  Webhook published = add("https://a.example/", {WebhookEvent::commentary_published});
  Webhook both = add("https://b.example/", {WebhookEvent::commentary_published, WebhookEvent::week_completed});
  add("https://c.example/", {WebhookEvent::commentary_published}, /*active=*/false);
  // "digest.sent" must not match a list holding only a longer or shorter neighbour.
  add("https://d.example/", {WebhookEvent::commentary_unpublished});

  auto n = hooks_->enqueue(WebhookEvent::commentary_published, "ev1", R"({"a":1})", at(0));
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 2);
  // The same event again (a retried transaction): nothing added.
  EXPECT_EQ(*hooks_->enqueue(WebhookEvent::commentary_published, "ev1", R"({"a":1})", at(0)), 0);
  EXPECT_EQ(*hooks_->enqueue(WebhookEvent::week_completed, "ev2", "{}", at(0)), 1);
  EXPECT_EQ(*hooks_->enqueue(WebhookEvent::digest_sent, "ev3", "{}", at(0)), 0);

  auto rows = hooks_->recent_deliveries(both.id, 10);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].event, "week.completed");  // newest first
  EXPECT_EQ((*rows)[1].event, "commentary.published");
  EXPECT_EQ((*rows)[1].payload, R"({"a":1})");
  EXPECT_EQ((*rows)[1].state, WebhookDeliveryState::queued);
  EXPECT_EQ(hooks_->recent_deliveries(published.id, 10)->size(), 1u);
  auto report = hooks_->report();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->queued, 3);
}

TEST_P(WebhookStoreTest, EnqueueInsideATransactionCommitsWithItAndRollsBackWithIt) {
  add("https://a.example/", {WebhookEvent::commentary_published});
  auto failed = db_->transact([&](Facets& tx) -> Status {
    if (auto n = tx.webhooks.enqueue(WebhookEvent::commentary_published, "rolled-back", "{}", at(0)); !n)
      return n.error();
    return conflict("the publish failed after the enqueue");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(hooks_->report()->queued, 0);

  auto ok = db_->transact([&](Facets& tx) -> Status {
    auto n = tx.webhooks.enqueue(WebhookEvent::commentary_published, "kept", "{}", at(0));
    if (!n) return n.error();
    return {};
  });
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(hooks_->report()->queued, 1);
}

TEST_P(WebhookStoreTest, ALeaseKeepsARowWithOneWorkerUntilItExpires) {
  Webhook w = add("https://a.example/", {WebhookEvent::digest_sent});
  ASSERT_TRUE(hooks_->enqueue(WebhookEvent::digest_sent, "e", "{}", at(0)).ok());

  auto first = hooks_->claim("node-a", at(1), 30, 5);
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ(first->front().url, "https://a.example/");
  EXPECT_EQ(first->front().secret, "whsec_test");
  EXPECT_EQ(first->front().attempts, 1);
  EXPECT_EQ(first->front().webhook_id, w.id);
  // Held: nobody else gets it before the lease ends.
  EXPECT_TRUE(hooks_->claim("node-b", at(30), 30, 5)->empty());
  // node-a died; at the lease's end node-b takes it over.
  auto taken = hooks_->claim("node-b", at(31), 30, 5);
  ASSERT_EQ(taken->size(), 1u);
  EXPECT_EQ(taken->front().attempts, 2);
  // node-a's late outcome is refused; node-b's counts.
  WebhookOutcome late = outcome(taken->front().id, WebhookOutcome::Kind::delivered, at(40));
  EXPECT_EQ(hooks_->record("node-a", late).code(), ErrorCode::conflict);
  WebhookOutcome ok = outcome(taken->front().id, WebhookOutcome::Kind::delivered, at(41));
  ok.status = 204;
  ok.response = "fine";
  ASSERT_TRUE(hooks_->record("node-b", ok).ok());
  auto row = hooks_->get_delivery(taken->front().id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->state, WebhookDeliveryState::delivered);
  EXPECT_EQ(row->last_status, 204);
  EXPECT_EQ(row->last_response, "fine");
  ASSERT_TRUE(row->delivered_at.has_value());
  EXPECT_EQ(to_unix(*row->delivered_at), kT0 + 41);
  EXPECT_TRUE(hooks_->claim("node-c", at(10000), 30, 5)->empty());  // delivered is final
}

TEST_P(WebhookStoreTest, ConcurrentClaimersNeverShareARow) {
  add("https://a.example/", {WebhookEvent::commentary_published});
  for (int i = 0; i < 40; ++i)
    ASSERT_TRUE(hooks_->enqueue(WebhookEvent::commentary_published, "e" + std::to_string(i), "{}", at(0)).ok());
  std::vector<std::vector<Id>> got(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        auto rows = hooks_->claim("w" + std::to_string(t), at(1), 60, 1);
        if (rows.ok())
          for (const auto& r : *rows) got[t].push_back(r.id);
      }
    });
  for (auto& t : threads) t.join();
  std::set<Id> all;
  std::size_t total = 0;
  for (const auto& ids : got) {
    total += ids.size();
    all.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(total, all.size()) << "a row was claimed twice";
  EXPECT_EQ(all.size(), 40u);
}

TEST_P(WebhookStoreTest, ARetryWaitsForItsTimeAndARedeliveryStartsAgain) {
  Webhook w = add("https://a.example/", {WebhookEvent::commentary_published});
  ASSERT_TRUE(hooks_->enqueue(WebhookEvent::commentary_published, "e", "{}", at(0)).ok());
  auto c = hooks_->claim("n", at(0), 30, 1);
  ASSERT_EQ(c->size(), 1u);
  const Id id = c->front().id;
  WebhookOutcome retry = outcome(id, WebhookOutcome::Kind::retry, at(1));
  retry.next_attempt = at(61);
  retry.status = 500;
  retry.response = std::string(5000, 'x');
  ASSERT_TRUE(hooks_->record("n", retry).ok());
  auto row = hooks_->get_delivery(id);
  EXPECT_EQ(row->state, WebhookDeliveryState::queued);
  EXPECT_EQ(to_unix(*row->next_attempt_at), kT0 + 61);
  EXPECT_EQ(row->last_status, 500);
  EXPECT_EQ(row->last_response.size(), 1000u);  // kept short
  EXPECT_TRUE(hooks_->claim("n", at(60), 30, 1)->empty());
  auto again = hooks_->claim("n", at(61), 30, 1);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ(again->front().attempts, 2);
  // Being sent: "deliver again" is refused.
  EXPECT_EQ(hooks_->redeliver(id, at(62)).code(), ErrorCode::conflict);
  WebhookOutcome failed = outcome(id, WebhookOutcome::Kind::failed, at(63));
  failed.error = "timeout";
  ASSERT_TRUE(hooks_->record("n", failed).ok());
  EXPECT_EQ(hooks_->get_delivery(id)->state, WebhookDeliveryState::failed);
  EXPECT_FALSE(hooks_->get_delivery(id)->next_attempt_at.has_value());
  EXPECT_TRUE(hooks_->claim("n", at(100000), 30, 1)->empty());
  // Deliver again: queued, due now, attempts from zero.
  ASSERT_TRUE(hooks_->redeliver(id, at(200)).ok());
  auto third = hooks_->claim("n", at(200), 30, 1);
  ASSERT_EQ(third->size(), 1u);
  EXPECT_EQ(third->front().attempts, 1);
  EXPECT_EQ(hooks_->redeliver(987654, at(200)).code(), ErrorCode::not_found);
  // Released (a stopping worker): queued at once, the attempt not counted.
  WebhookOutcome released = outcome(id, WebhookOutcome::Kind::released, at(201));
  ASSERT_TRUE(hooks_->record("n", released).ok());
  EXPECT_EQ(hooks_->get_delivery(id)->attempts, 0);
  (void)w;
}

TEST_P(WebhookStoreTest, InactiveWebhooksRowsWaitAndTheReportCountsStates) {
  Webhook w = add("https://a.example/", {WebhookEvent::commentary_published});
  ASSERT_TRUE(hooks_->enqueue(WebhookEvent::commentary_published, "e1", "{}", at(0)).ok());
  ASSERT_TRUE(hooks_->enqueue(WebhookEvent::commentary_published, "e2", "{}", at(0)).ok());
  w.active = false;
  ASSERT_TRUE(hooks_->update_webhook(w, at(1)).ok());
  EXPECT_TRUE(hooks_->claim("n", at(2), 30, 5)->empty());
  w.active = true;
  ASSERT_TRUE(hooks_->update_webhook(w, at(3)).ok());
  auto rows = hooks_->claim("n", at(4), 30, 1);
  ASSERT_EQ(rows->size(), 1u);
  auto report = hooks_->report();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->queued, 1);
  EXPECT_EQ(report->sending, 1);
  EXPECT_EQ(report->delivered, 0);
  EXPECT_EQ(report->failed, 0);
}

}  // namespace
}  // namespace barometer::testing
