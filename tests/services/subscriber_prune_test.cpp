// Subscriptions::prune_unconfirmed (confirm_ttl + prune_grace after the last subscribe), the
// option ranges create() enforces, and OutboxSender's housekeeping hook that `serve` prunes with;
// over a real SQLite NewsletterStore.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "services/newsletter/outbox_sender.hpp"
#include "services/newsletter/subscriptions.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "support/temp_dir.hpp"

namespace barometer::newsletter {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

constexpr auto kDay = hours(24);

// A clock a test thread may move while a background loop reads it.
class SharedClock final : public Clock {
 public:
  explicit SharedClock(Instant t) : t_(to_unix(t)) {}
  Instant now() const override { return from_unix(t_.load()); }
  void set(Instant t) { t_ = to_unix(t); }

 private:
  std::atomic<std::int64_t> t_;
};

ConfirmationComposer recording(std::vector<ConfirmationMail>& mails) {
  return [&mails](const ConfirmationMail& m) -> Result<std::string> {
    mails.push_back(m);
    return std::string("To: ") + m.to + "\r\n\r\n" + m.confirm_url + "\r\n";
  };
}

class SubscriberPruneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = open_sqlite_database({.path = dir_.file("n.db")});
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    store_ = &db_->subscribers();
  }
  SubscriptionOptions options() {
    SubscriptionOptions o;
    o.base_url = "https://monitor.example";
    o.confirm_ttl = 7 * kDay;
    o.prune_grace = 3 * kDay;
    return o;
  }
  Result<std::unique_ptr<Subscriptions>> make(SubscriptionOptions o) {
    return Subscriptions::create(*store_, clock_, recording(mails_), std::move(o));
  }
  void subscribe(Subscriptions& s, const std::string& email, const std::string& ip) {
    auto r = s.subscribe({email, "be", {}, "form", ip});
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(*r, SubscribeOutcome::queued) << email;
  }
  static std::string token_after(const std::string& url) { return url.substr(url.rfind('/') + 1); }
  bool known(const std::string& email) { return store_->find_subscriber(email).ok(); }

  testing::TempDir dir_;
  const Instant t0_ = from_unix(1'750'000'000);
  SharedClock clock_{t0_};
  std::unique_ptr<Database> db_;
  NewsletterStore* store_ = nullptr;  // db_->subscribers()
  std::vector<ConfirmationMail> mails_;
};

TEST_F(SubscriberPruneTest, NeverConfirmedSubscribersGoAfterTheirLinkExpiredPlusTheGrace) {
  auto subs = make(options());
  ASSERT_TRUE(subs.ok()) << subs.error().message;
  subscribe(**subs, "lapsed@example.org", "192.0.2.1");
  subscribe(**subs, "reader@example.org", "192.0.2.2");
  subscribe(**subs, "renewed@example.org", "192.0.2.3");
  ASSERT_EQ(mails_.size(), 3u);
  ASSERT_TRUE((*subs)->confirm(token_after(mails_[1].confirm_url), "page", "192.0.2.2").ok());
  // Day 5: the third asks again; its new link works until day 12.
  clock_.set(t0_ + 5 * kDay);
  subscribe(**subs, "renewed@example.org", "192.0.2.3");

  // The link expires on day 7; three days' grace: nothing goes before day 10.
  clock_.set(t0_ + 10 * kDay - seconds(1));
  auto none = (*subs)->prune_unconfirmed();
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_EQ(*none, 0);
  EXPECT_TRUE(known("lapsed@example.org"));

  clock_.set(t0_ + 10 * kDay + seconds(1));
  auto pruned = (*subs)->prune_unconfirmed();
  ASSERT_TRUE(pruned.ok()) << pruned.error().message;
  EXPECT_EQ(*pruned, 1);
  EXPECT_FALSE(known("lapsed@example.org"));
  EXPECT_TRUE(known("reader@example.org"));  // confirmed: never pruned
  EXPECT_TRUE(known("renewed@example.org"));
  // Its old link leads nowhere now (and had expired anyway).
  EXPECT_FALSE((*subs)->check_confirm(token_after(mails_[0].confirm_url)).ok());

  clock_.set(t0_ + 15 * kDay + seconds(1));
  EXPECT_EQ(*(*subs)->prune_unconfirmed(), 1);
  EXPECT_FALSE(known("renewed@example.org"));
  EXPECT_EQ(*store_->pruned_subscriber_count(from_unix(0)), 2);
  // Whoever was pruned may subscribe again as a new subscriber.
  subscribe(**subs, "lapsed@example.org", "192.0.2.9");
  EXPECT_TRUE(known("lapsed@example.org"));
}

TEST_F(SubscriberPruneTest, CreateRefusesLimitsOutsideTheirRanges) {
  auto expect_invalid = [&](auto change, const char* what) {
    SubscriptionOptions o = options();
    change(o);
    auto made = make(o);
    ASSERT_FALSE(made.ok()) << what;
    EXPECT_EQ(made.code(), ErrorCode::invalid) << what;
  };
  expect_invalid([](auto& o) { o.max_subscribes_per_ip = 0; }, "per ip 0");
  expect_invalid([](auto& o) { o.max_subscribes_per_ip = 10001; }, "per ip huge");
  expect_invalid([](auto& o) { o.ip_window = seconds(59); }, "ip window under a minute");
  expect_invalid([](auto& o) { o.ip_window = 8 * kDay; }, "ip window over a week");
  expect_invalid([](auto& o) { o.max_confirmations_per_address = 101; }, "mails per address");
  expect_invalid([](auto& o) { o.address_window = seconds(0); }, "address window 0");
  expect_invalid([](auto& o) { o.confirm_ttl = seconds(3599); }, "ttl under an hour");
  expect_invalid([](auto& o) { o.confirm_ttl = 91 * kDay; }, "ttl over 90 days");
  expect_invalid([](auto& o) { o.max_queued = 0; }, "max queued 0");
  expect_invalid([](auto& o) { o.prune_grace = seconds(-1); }, "negative grace");
  expect_invalid([](auto& o) { o.prune_grace = 366 * kDay; }, "grace over a year");
  // The edges themselves are fine.
  SubscriptionOptions edges = options();
  edges.max_subscribes_per_ip = 10000;
  edges.ip_window = seconds(60);
  edges.address_window = 30 * kDay;
  edges.confirm_ttl = hours(1);
  edges.max_queued = 1000000;
  edges.prune_grace = seconds(0);
  auto made = make(edges);
  EXPECT_TRUE(made.ok()) << made.error().message;
}

class RecordingTransport final : public mail::MailTransport {
 public:
  mail::SendResult send(const mail::Envelope&, const std::string&) override {
    return {mail::Outcome::accepted, 250, "ok"};
  }
};

TEST_F(SubscriberPruneTest, OutboxLoopRunsHousekeepingAtStartThenEveryInterval) {
  RecordingTransport transport;
  std::atomic<int> runs{0};
  OutboxSenderOptions o;
  o.envelope_from = "bounces@monitor.example";
  o.poll_interval = std::chrono::milliseconds(5);
  o.housekeeping_interval = hours(1);
  o.housekeeping = [&]() -> Status {
    ++runs;
    return runs == 1 ? Status(unavailable("database busy")) : Status();
  };
  std::atomic<int> errors{0};
  OutboxSender sender(*store_, transport, clock_, o);
  sender.start([&](const Error& e) {
    if (e.message == "database busy") ++errors;
  });
  auto wait_for = [](auto done) {
    for (int i = 0; i < 400 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  };
  wait_for([&] { return runs >= 1 && errors >= 1; });
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(errors.load(), 1);  // a failed run is reported, and the loop goes on
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // many passes, the clock stood still
  EXPECT_EQ(runs.load(), 1);
  clock_.set(t0_ + hours(1));
  wait_for([&] { return runs >= 2; });
  EXPECT_EQ(runs.load(), 2);
  sender.stop();
}

}  // namespace
}  // namespace barometer::newsletter
