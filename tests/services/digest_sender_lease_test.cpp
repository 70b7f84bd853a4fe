// DigestSender and its lease (issue #4): a worker stops sending a batch once half of its lease has
// passed and gives the unsent rows back with the batch's record, so a slow relay never lets the
// lease expire while its rows are still being sent (another sender would take them over and send
// them again: duplicates beyond concurrency × batch_size). Also: stop() gives the rows in hand
// back, and run()'s group commit (record_and_claim) still sends every row exactly once.
// A real SQLite ledger, a FixedClock and a fake transport on which every message takes time.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>

#include "services/newsletter/digest_sender.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "support/temp_dir.hpp"

namespace barometer::newsletter {
namespace {

using testing::TempDir;
constexpr std::int64_t kT0 = 1'700'000'000;

// Accepts everything; each send moves the clock on by `seconds` (a slow relay) and then calls
// `after_send` (another sender acting in the meantime). Counts messages per recipient.
class SlowTransport final : public mail::MailTransport {
 public:
  SlowTransport(FixedClock& clock, int seconds) : clock_(clock), seconds_(seconds) {}
  mail::SendResult send(const mail::Envelope& e, const std::string&) override {
    std::lock_guard lock(mutex_);
    ++received[e.recipients.at(0)];
    if (seconds_ > 0) clock_.set(clock_.now() + std::chrono::seconds(seconds_));
    if (after_send) after_send();
    return {mail::Outcome::accepted, 250, "2.0.0 Ok"};
  }
  int total() const {
    int n = 0;
    for (const auto& [to, count] : received) n += count;
    return n;
  }
  std::map<std::string, int> received;
  std::function<void()> after_send;

 private:
  std::mutex mutex_;
  FixedClock& clock_;
  int seconds_;
};

class DigestSenderLeaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = open_sqlite_database({.path = dir_.file("barometer.db"), .pool_size = 4});
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    store_ = &db_->deliveries();
  }
  Digest digest(int subscribers) {
    auto c = sqlite::Connection::open(dir_.file("barometer.db"), 5000);
    EXPECT_TRUE(c.ok());
    std::string sql =
        "CREATE TABLE IF NOT EXISTS subscribers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, "
        "lang TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL, bounce_count INTEGER NOT NULL DEFAULT 0);"
        "BEGIN;";
    for (int i = 1; i <= subscribers; ++i)
      sql += "INSERT INTO subscribers (id, email, lang, status, created_at) VALUES (" + std::to_string(i) + ", 'r" +
             std::to_string(i) + "@example.org', 'en', 'confirmed', 1);";
    EXPECT_TRUE((*c)->exec(sql + "COMMIT;").ok());
    auto d = store_->ensure_digest("2022-W09", "en", "tok", clock_.now());
    EXPECT_TRUE(store_->set_digest_state(d->id, DigestState::sending, clock_.now()).ok());
    EXPECT_TRUE(store_->enqueue(d->id, "example.org", clock_.now()).ok());
    return *d;
  }
  SenderOptions options(Id digest_id, int lease_seconds, int batch) {
    SenderOptions o;
    o.concurrency = 1;
    o.batch_size = batch;
    o.lease_seconds = lease_seconds;
    o.owner = "A";
    o.digest_id = digest_id;
    o.idle_wait = std::chrono::milliseconds(1);
    return o;
  }
  static MessageFactory messages() {
    return [](const Delivery& d) -> Result<std::string> { return "Message-ID: " + d.message_id + "\r\n\r\nhi"; };
  }
  DigestSender sender(const SenderOptions& o, int seconds_per_message) {
    return DigestSender(
        *store_, messages(),
        [this, seconds_per_message] { return std::make_unique<SlowTransport>(clock_, seconds_per_message); }, clock_,
        o);
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
  DeliveryStore* store_ = nullptr;  // db_->deliveries()
  FixedClock clock_{from_unix(kT0)};
};

TEST_F(DigestSenderLeaseTest, ABatchStopsAtHalfItsLeaseAndGivesTheRestBackUncounted) {
  Digest d = digest(10);
  auto s = sender(options(d.id, 10, 10), 2);
  SlowTransport relay(clock_, 2);  // 2 s a message: after 3 messages 6 s of the 10 s lease are gone
  auto b = s.send_batch(0, relay);
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(b->claimed, 10);
  EXPECT_EQ(b->sent, 3);      // sent at 0, 2 and 4 s; at 6 s more than half the lease had passed
  EXPECT_EQ(b->released, 7);
  EXPECT_EQ(b->lost_leases, 0);
  EXPECT_EQ(relay.total(), 3);
  auto r = store_->report(d.id);
  EXPECT_EQ(r->sent, 3);
  EXPECT_EQ(r->queued, 7);  // back, and due at once: no waiting for the lease
  EXPECT_EQ(r->sending, 0);
  auto fourth = store_->find_delivery(d.id, 4);
  EXPECT_EQ(fourth->state, DeliveryState::queued);
  EXPECT_EQ(fourth->attempts, 0);  // the claim that never sent it does not count
  auto again = store_->claim("B", clock_.now(), 10, 100, d.id);
  EXPECT_EQ(again->size(), 7u);
}

// Two senders on one slow relay, 5 s leases (the multi_send.sh case that broke the bound): the
// second one tries to take rows over whenever it can while the first is sending. Without the half-
// lease stop, the first sender's batch outlives its lease, the second claims the rest of it, and
// both send those rows. With it, nobody is sent twice and every row is sent once.
TEST_F(DigestSenderLeaseTest, ASlowRelayNeverLetsAnotherSenderTakeOverRowsStillBeingSent) {
  Digest d = digest(40);
  auto a = sender(options(d.id, 5, 10), 1);
  SenderOptions ob = options(d.id, 5, 10);
  ob.owner = "B";
  auto b = sender(ob, 1);
  SlowTransport relay(clock_, 1);
  int takeovers = 0;
  relay.after_send = [&] {
    // B, between two of A's messages: what it can claim now must not be anything A still holds.
    auto taken = store_->claim("B-probe", clock_.now(), 5, 100, d.id);
    ASSERT_TRUE(taken.ok());
    for (const auto& row : *taken) {
      if (row.attempts > 1) ++takeovers;  // a row someone claimed before: A's, taken over
    }
    // Give the probe's rows straight back, uncounted.
    std::vector<DeliveryOutcome> back;
    for (const auto& row : *taken) back.push_back({row.id, DeliveryOutcome::Kind::released, clock_.now(), {}, 0, ""});
    ASSERT_TRUE(store_->record("B-probe", back, 0).ok());
  };
  for (int round = 0; round < 40 && store_->report(d.id)->pending() > 0; ++round) {
    auto sa = a.send_batch(0, relay);
    ASSERT_TRUE(sa.ok()) << sa.error().message;
    EXPECT_EQ(sa->lost_leases, 0);
    auto sb = b.send_batch(0, relay);
    ASSERT_TRUE(sb.ok()) << sb.error().message;
    EXPECT_EQ(sb->lost_leases, 0);
  }
  EXPECT_EQ(takeovers, 0);
  EXPECT_EQ(store_->report(d.id)->sent, 40);
  EXPECT_EQ(relay.received.size(), 40u);
  for (const auto& [to, count] : relay.received) EXPECT_EQ(count, 1) << to;
}

TEST_F(DigestSenderLeaseTest, StopGivesTheBatchInHandBackUnsent) {
  Digest d = digest(5);
  auto s = sender(options(d.id, 60, 5), 0);
  SlowTransport relay(clock_, 0);
  s.stop();
  auto b = s.send_batch(0, relay);
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(b->claimed, 5);
  EXPECT_EQ(b->released, 5);
  EXPECT_EQ(relay.total(), 0);
  auto r = store_->report(d.id);
  EXPECT_EQ(r->queued, 5);
  EXPECT_EQ(store_->find_delivery(d.id, 1)->attempts, 0);
}

// run(): each worker records a batch and claims its next one in the same transaction; every row is
// still sent exactly once, and the report ends with nothing pending.
TEST_F(DigestSenderLeaseTest, RunWithGroupCommitSendsEveryRowOnce) {
  Digest d = digest(200);
  SenderOptions o = options(d.id, 60, 7);
  o.concurrency = 3;
  std::atomic<int> sends{0};
  DigestSender s(
      *store_, messages(),
      [&]() -> std::unique_ptr<mail::MailTransport> {
        auto t = std::make_unique<SlowTransport>(clock_, 0);
        t->after_send = [&sends] { ++sends; };
        return t;
      },
      clock_, o);
  auto r = s.run(true);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->sent, 200);
  EXPECT_EQ(r->pending(), 0);
  EXPECT_EQ(sends.load(), 200);
  for (Id i = 1; i <= 200; ++i) {
    auto row = store_->find_delivery(d.id, i);
    ASSERT_TRUE(row.ok());
    EXPECT_EQ(row->state, DeliveryState::sent);
    EXPECT_EQ(row->attempts, 1) << i;  // claimed once: nothing claimed twice, nothing sent twice
  }
}

}  // namespace
}  // namespace barometer::newsletter
