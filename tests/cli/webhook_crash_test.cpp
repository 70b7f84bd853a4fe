// Webhooks survive a crash (docs/decisions/0022-webhooks.md): `barometer serve` publishes a
// commentary that came due, its worker POSTs commentary.published to a receiver on loopback that
// holds the request, and the server is SIGKILLed right then. The event is in the ledger (it was
// enqueued with the publish); after a restart, once the dead worker's lease expires, the same
// delivery (same Barometer-Delivery id, a fresh signature) arrives again and is recorded
// delivered: at least once, receivers dedupe by the delivery id.
#include <gtest/gtest.h>

#include <chrono>

#include "storage/sqlite/sqlite_store.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/webhook_receiver.hpp"
#include "webhook/signature.hpp"

namespace barometer {
namespace {

TEST(WebhookCrash, SigkillMidDeliveryLosesNoEvent) {
  testing::TempDir dir;
  const std::string data = dir.file("site");
  // Loopback receivers need private addresses allowed; a short timeout makes a short lease.
  const std::vector<std::string> env = {"BAROMETER_ACCESS_LOG=off", "BAROMETER_WEBHOOKS_ALLOW_PRIVATE=true",
                                        "BAROMETER_WEBHOOK_TIMEOUT_SECONDS=2"};
  {
    testing::ServerProcess demo({"demo", "--data", data, "--first", "2023-W50", "--last", "2023-W52"}, 300, env);
    ASSERT_EQ(demo.terminate(), 0);
  }
  testing::WebhookReceiver receiver;
  receiver.hang(true);
  Webhook hook;
  {
    auto db = open_sqlite_database({.path = data + "/barometer.db"});
    ASSERT_TRUE(db.ok()) << db.error().message;
    hook.url = receiver.url("/in");
    hook.secret = "whsec_crash_test";
    hook.events = {WebhookEvent::commentary_published};
    auto added = (*db)->webhooks().add_webhook(hook, from_unix(1'700'000'000));
    ASSERT_TRUE(added.ok()) << added.error().message;
    hook = *added;
    // A commentary scheduled in the past: the scheduler publishes it as soon as serve starts.
    auto topics = (*db)->content().list_topics();
    ASSERT_TRUE(topics.ok() && !topics->empty());
    Commentary c;
    c.topic_id = topics->front().id;
    c.period = *Period::parse("2024-W10");
    c.assessment = Assessment::better;
    c.status = CommentaryStatus::scheduled;
    c.published_at = from_unix(1'700'000'000);
    c.updated_at = from_unix(1'700'000'000);
    c.translations["en"] = {"Crash-proof", "Lead.", "Body.", "crash-proof"};
    auto id = (*db)->content().add_commentary(c);
    ASSERT_TRUE(id.ok()) << id.error().message;
  }

  std::string delivery_id;
  {
    testing::ServerProcess server({"serve", "--data", data}, 120, env);
    ASSERT_TRUE(receiver.wait_for(1, std::chrono::seconds(60))) << server.output();
    server.kill();  // while the receiver holds the POST
    const auto first = receiver.requests().front();
    delivery_id = first.headers.at("barometer-delivery");
    EXPECT_EQ(first.headers.at("barometer-event"), "commentary.published");
  }
  {
    auto db = open_sqlite_database({.path = data + "/barometer.db"});
    ASSERT_TRUE(db.ok());
    auto row = (*db)->webhooks().get_delivery(std::stoll(delivery_id));
    ASSERT_TRUE(row.ok());
    EXPECT_EQ(row->state, WebhookDeliveryState::sending) << "the dead worker's lease";
  }
  receiver.hang(false);
  testing::ServerProcess again({"serve", "--data", data}, 120, env);
  // The lease (timeout 2 s + margin) runs out, then the restarted worker delivers it again.
  ASSERT_TRUE(receiver.wait_for(2, std::chrono::seconds(60))) << again.output();
  const auto second = receiver.requests().at(1);
  EXPECT_EQ(second.headers.at("barometer-delivery"), delivery_id);
  EXPECT_EQ(second.headers.at("barometer-event"), "commentary.published");
  EXPECT_TRUE(webhook::verify_signature(hook.secret, second.headers.at("barometer-signature"), second.body));
  EXPECT_NE(second.body.find("/crash-proof/"), std::string::npos) << second.body;  // its URL
  EXPECT_EQ(again.terminate(), 0);
  auto db = open_sqlite_database({.path = data + "/barometer.db"});
  ASSERT_TRUE(db.ok());
  auto row = (*db)->webhooks().get_delivery(std::stoll(delivery_id));
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->state, WebhookDeliveryState::delivered);
  EXPECT_EQ(row->attempts, 2);
  EXPECT_EQ(row->last_status, 200);
}

}  // namespace
}  // namespace barometer
