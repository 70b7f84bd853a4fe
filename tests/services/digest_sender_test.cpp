// DigestSender over a real SQLite ledger and a scripted fake transport: outcome mapping (4xx then
// 250, 5xx and bounces, lost replies re-sent with the same Message-ID, attempts exhausted),
// the in-flight bound after a sender dies, the rate limiter counted in tokens, and run() until done.
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <set>
#include <mutex>

#include "services/newsletter/digest_sender.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "support/temp_dir.hpp"

namespace barometer::newsletter {
namespace {

using testing::TempDir;
constexpr std::int64_t kT0 = 1'700'000'000;

// Every send is logged; replies are scripted per recipient (then 250 for ever).
struct Script {
  std::mutex mutex;
  std::map<std::string, std::deque<mail::SendResult>> replies;
  std::vector<std::pair<std::string, std::string>> log;  // (recipient, message)
  std::vector<std::string> envelope_from;
};

class FakeTransport final : public mail::MailTransport {
 public:
  explicit FakeTransport(Script& s) : s_(s) {}
  mail::SendResult send(const mail::Envelope& e, const std::string& message) override {
    std::lock_guard lock(s_.mutex);
    s_.log.emplace_back(e.recipients.at(0), message);
    s_.envelope_from.push_back(e.from);
    auto& q = s_.replies[e.recipients.at(0)];
    if (q.empty()) return {mail::Outcome::accepted, 250, "2.0.0 Ok: queued"};
    auto r = q.front();
    q.pop_front();
    return r;
  }

 private:
  Script& s_;
};

class DigestSenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = open_sqlite_database({.path = dir_.file("barometer.db"), .pool_size = 4});
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    store_ = &db_->deliveries();
  }
  void add_subscribers(int n) {
    auto c = sqlite::Connection::open(dir_.file("barometer.db"), 5000);
    ASSERT_TRUE(c.ok());
    // The columns the ledger reads, in case migration 0005_newsletter is not in this tree.
    std::string sql =
        "CREATE TABLE IF NOT EXISTS subscribers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, "
        "lang TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL, bounce_count INTEGER NOT NULL DEFAULT 0);"
        "BEGIN;";
    for (int i = 1; i <= n; ++i)
      sql += "INSERT INTO subscribers (id, email, lang, status, created_at) VALUES (" + std::to_string(i) +
             ", 'r" + std::to_string(i) + "@example.org', 'en', 'confirmed', 1);";
    ASSERT_TRUE((*c)->exec(sql + "COMMIT;").ok());
  }
  int bounce_count_and_status(Id id, std::string& status) {
    auto c = sqlite::Connection::open(dir_.file("barometer.db"), 5000);
    auto st = (*c)->prepare("SELECT bounce_count, status FROM subscribers WHERE id = ?");
    st->bind(1, id);
    EXPECT_TRUE(*st->step());
    status = st->text(1);
    return st->int32(0);
  }
  Digest digest() {
    auto d = store_->ensure_digest("2022-W09", "en", "tok", clock_.now());
    EXPECT_TRUE(store_->set_digest_state(d->id, DigestState::sending, clock_.now()).ok());
    EXPECT_TRUE(store_->enqueue(d->id, "example.org", clock_.now()).ok());
    return *d;
  }
  SenderOptions options(Id digest_id) {
    SenderOptions o;
    o.concurrency = 1;
    o.batch_size = 10;
    o.lease_seconds = 60;
    o.max_attempts = 3;
    o.backoff_base = std::chrono::seconds(10);
    o.backoff_cap = std::chrono::seconds(25);
    o.bounce_limit = 2;
    o.owner = "test";
    o.digest_id = digest_id;
    o.envelope_from = "bounces@example.org";
    o.idle_wait = std::chrono::milliseconds(5);
    return o;
  }
  // The message is just its Message-ID, so the log shows which id went out.
  static MessageFactory messages() {
    return [](const Delivery& d) -> Result<std::string> { return "Message-ID: " + d.message_id + "\r\n\r\nhi"; };
  }
  DigestSender sender(const SenderOptions& o) {
    return DigestSender(*store_, messages(), [this] { return std::make_unique<FakeTransport>(script_); }, clock_, o);
  }
  void advance(int seconds) { clock_.set(clock_.now() + std::chrono::seconds(seconds)); }

  TempDir dir_;
  std::unique_ptr<Database> db_;
  DeliveryStore* store_ = nullptr;  // db_->deliveries()
  FixedClock clock_{from_unix(kT0)};
  Script script_;
};

TEST_F(DigestSenderTest, TransientIsRetriedWithBackoffThenSent) {
  add_subscribers(2);
  Digest d = digest();
  script_.replies["r1@example.org"] = {{mail::Outcome::transient, 451, "4.7.1 greylisted"}};
  auto s = sender(options(d.id));
  FakeTransport t(script_);
  auto b = s.send_batch(0, t);
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(b->claimed, 2);
  EXPECT_EQ(b->sent, 1);
  EXPECT_EQ(b->retried, 1);
  EXPECT_EQ(script_.envelope_from.at(0), "bounces@example.org");
  EXPECT_EQ(store_->report(d.id)->queued, 1);
  advance(9);  // backoff after the first attempt is the base, 10 s
  EXPECT_EQ(s.send_batch(0, t)->claimed, 0);
  advance(1);
  auto again = s.send_batch(0, t);
  EXPECT_EQ(again->sent, 1);
  auto r = store_->report(d.id);
  EXPECT_EQ(r->sent, 2);
  EXPECT_EQ(r->pending(), 0);
  EXPECT_EQ(store_->find_delivery(d.id, 1)->attempts, 2);
}

TEST_F(DigestSenderTest, BackoffDoublesUpToTheCap) {
  auto s = sender(options(0));
  EXPECT_EQ(s.backoff(1).count(), 10);
  EXPECT_EQ(s.backoff(2).count(), 20);
  EXPECT_EQ(s.backoff(3).count(), 25);
  EXPECT_EQ(s.backoff(40).count(), 25);
}

TEST_F(DigestSenderTest, TransientUntilAttemptsRunOutFails) {
  add_subscribers(1);
  Digest d = digest();
  for (int i = 0; i < 3; ++i) script_.replies["r1@example.org"].push_back({mail::Outcome::transient, 421, "busy"});
  auto s = sender(options(d.id));
  FakeTransport t(script_);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(s.send_batch(0, t)->claimed, 1) << "attempt " << i + 1;
    advance(100);
  }
  auto r = store_->report(d.id);
  EXPECT_EQ(r->failed, 1);
  EXPECT_EQ(r->sent, 0);
  EXPECT_EQ(r->pending(), 0);
  std::string status;
  EXPECT_EQ(bounce_count_and_status(1, status), 0);  // a 4xx is no bounce
}

TEST_F(DigestSenderTest, PermanentFailsAtOnceAndBouncesAtTheLimit) {
  add_subscribers(1);
  script_.replies["r1@example.org"] = {{mail::Outcome::permanent, 550, "5.1.1 no such user"},
                                       {mail::Outcome::permanent, 550, "5.1.1 no such user"}};
  for (const char* week : {"2022-W09", "2022-W10"}) {
    auto d = store_->ensure_digest(week, "en", std::string("t") + week, clock_.now());
    ASSERT_TRUE(store_->set_digest_state(d->id, DigestState::sending, clock_.now()).ok());
    ASSERT_EQ(*store_->enqueue(d->id, "example.org", clock_.now()), 1);
    auto s = sender(options(d->id));
    FakeTransport t(script_);
    auto b = s.send_batch(0, t);
    EXPECT_EQ(b->failed, 1);
    EXPECT_EQ(store_->report(d->id)->failed, 1);
  }
  std::string status;
  EXPECT_EQ(bounce_count_and_status(1, status), 2);
  EXPECT_EQ(status, "bounced");
}

TEST_F(DigestSenderTest, LostReplyIsRetriedWithTheSameMessageIdAndNeverCountedSent) {
  add_subscribers(1);
  Digest d = digest();
  script_.replies["r1@example.org"] = {{mail::Outcome::uncertain, 0, "connection lost after DATA"}};
  auto s = sender(options(d.id));
  FakeTransport t(script_);
  ASSERT_EQ(s.send_batch(0, t)->uncertain, 1);
  auto r = store_->report(d.id);
  EXPECT_EQ(r->sent, 0);
  EXPECT_EQ(r->uncertain, 1);
  EXPECT_EQ(r->pending(), 1);
  advance(10);
  ASSERT_EQ(s.send_batch(0, t)->sent, 1);
  ASSERT_EQ(script_.log.size(), 2u);
  EXPECT_EQ(script_.log[0].second, script_.log[1].second);  // same bytes, same Message-ID
  EXPECT_NE(script_.log[0].second.find("<tok.1@example.org>"), std::string::npos);
  EXPECT_EQ(store_->report(d.id)->sent, 1);
}

TEST_F(DigestSenderTest, UncertainAfterTheLastAttemptStaysUncertainAndIsReported) {
  add_subscribers(1);
  Digest d = digest();
  for (int i = 0; i < 3; ++i)
    script_.replies["r1@example.org"].push_back({mail::Outcome::uncertain, 0, "timeout after DATA"});
  auto s = sender(options(d.id));
  FakeTransport t(script_);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(s.send_batch(0, t)->uncertain, 1);
    advance(100);
  }
  EXPECT_EQ(s.send_batch(0, t)->claimed, 0);
  auto r = store_->report(d.id);
  EXPECT_EQ(r->uncertain, 1);
  EXPECT_EQ(r->uncertain_final, 1);
  EXPECT_EQ(r->pending(), 0);
  EXPECT_EQ(r->sent, 0);
}

TEST_F(DigestSenderTest, AMessageThatCannotBeBuiltFailsWithoutSending) {
  add_subscribers(2);
  Digest d = digest();
  DigestSender s(*store_,
                 [](const Delivery& del) -> Result<std::string> {
                   if (del.subscriber_id == 2) return invalid("to: not an address");
                   return std::string("x");
                 },
                 [this] { return std::make_unique<FakeTransport>(script_); }, clock_, options(d.id));
  FakeTransport t(script_);
  auto b = s.send_batch(0, t);
  EXPECT_EQ(b->sent, 1);
  EXPECT_EQ(b->failed, 1);
  EXPECT_EQ(script_.log.size(), 1u);
  EXPECT_EQ(store_->find_delivery(d.id, 2)->state, DeliveryState::failed);
}

TEST_F(DigestSenderTest, ADeadSendersBatchIsResentAfterItsLeaseAndNothingElse) {
  add_subscribers(25);
  Digest d = digest();
  // A sender claims a batch and "dies" (never records): those rows are the in-flight set.
  auto dead = store_->claim("dead:0", clock_.now(), 60, 10, d.id);
  ASSERT_EQ(dead->size(), 10u);
  auto s = sender(options(d.id));
  FakeTransport t(script_);
  while (s.send_batch(0, t)->claimed > 0) {
  }
  EXPECT_EQ(script_.log.size(), 15u);  // the others, once each
  advance(60);
  while (s.send_batch(0, t)->claimed > 0) {
  }
  EXPECT_EQ(script_.log.size(), 25u);
  std::set<std::string> recipients;
  for (const auto& [to, m] : script_.log) recipients.insert(to);
  EXPECT_EQ(recipients.size(), 25u);
  EXPECT_EQ(store_->report(d.id)->sent, 25);
}

TEST_F(DigestSenderTest, RunSendsEverythingWithSeveralWorkersAndTakesOneTokenPerMessage) {
  add_subscribers(120);
  Digest d = digest();
  SenderOptions o = options(d.id);
  o.concurrency = 4;
  o.batch_size = 7;
  o.rate = 1e6;  // limited, but not slow
  auto s = sender(o);
  int progress_calls = 0;
  auto r = s.run(true, [&](const DeliveryReport&) { ++progress_calls; });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->sent, 120);
  EXPECT_EQ(r->pending(), 0);
  EXPECT_EQ(script_.log.size(), 120u);
  EXPECT_EQ(s.limiter().taken(), 120);
  EXPECT_GE(progress_calls, 1);
}

TEST_F(DigestSenderTest, OptionsOutOfRangeAreRefused) {
  SenderOptions o;
  o.concurrency = 0;
  EXPECT_EQ(DigestSender::check(o).code(), ErrorCode::invalid);
  o = {};
  o.batch_size = 0;
  EXPECT_EQ(DigestSender::check(o).code(), ErrorCode::invalid);
  o = {};
  o.rate = -1;
  EXPECT_EQ(DigestSender::check(o).code(), ErrorCode::invalid);
  EXPECT_TRUE(DigestSender::check(SenderOptions{}).ok());
  auto s = sender(options(0));
  EXPECT_EQ(s.run(true).code(), ErrorCode::invalid);  // until done needs a digest
}

TEST(TokenBucketTest, GivesTheBurstThenOneTokenPerIntervalCountedNotTimed) {
  using namespace std::chrono;
  auto t0 = TokenBucket::Clock::time_point{} + hours(1);
  TokenBucket b(10.0, 2.0, t0);  // 10/s, burst 2
  EXPECT_EQ(b.reserve(t0).count(), 0);
  EXPECT_EQ(b.reserve(t0).count(), 0);
  EXPECT_EQ(duration_cast<milliseconds>(b.reserve(t0)).count(), 100);  // third waits 1/rate
  EXPECT_EQ(duration_cast<milliseconds>(b.reserve(t0)).count(), 200);  // fourth queues behind it
  // After 1 s the debt (2 tokens) is paid and 8 are back, capped at the burst: 2 free again.
  auto t1 = t0 + seconds(1);
  EXPECT_EQ(b.reserve(t1).count(), 0);
  EXPECT_EQ(b.reserve(t1).count(), 0);
  EXPECT_GT(b.reserve(t1).count(), 0);
  EXPECT_EQ(b.taken(), 7);
  // A caller that waits as told sends 1000 messages at 100/s in (1000 - burst) / 100 seconds.
  TokenBucket c(100.0, 1.0, t0);
  auto t = t0;
  for (int i = 0; i < 1000; ++i) t += c.reserve(t);
  EXPECT_NEAR(duration<double>(t - t0).count(), 9.99, 0.001);
  TokenBucket unlimited(0, 1, t0);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(unlimited.reserve(t0).count(), 0);
}

}  // namespace
}  // namespace barometer::newsletter
