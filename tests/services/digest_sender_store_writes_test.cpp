// DigestSender's workers take turns at the ledger's write calls (claim, record): on SQLite,
// overlapping writers poll the busy handler, which sleeps up to 100 ms a try (issue #4: most of the
// send time went there). A store wrapper counts how many writes overlap while four workers send.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "services/newsletter/digest_sender.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "support/temp_dir.hpp"

namespace barometer::newsletter {
namespace {

using testing::TempDir;

// Forwards to a real store; claim() and record() linger a little so that overlaps would show.
class OverlapCountingStore final : public DeliveryStore {
 public:
  explicit OverlapCountingStore(DeliveryStore& inner) : inner_(inner) {}
  Result<Digest> ensure_digest(const std::string& p, const std::string& l, const std::string& t, Instant n) override {
    return inner_.ensure_digest(p, l, t, n);
  }
  Result<Digest> get_digest(Id id) override { return inner_.get_digest(id); }
  Result<Digest> find_digest(const std::string& p, const std::string& l) override { return inner_.find_digest(p, l); }
  Result<std::vector<Digest>> list_digests(std::optional<DigestState> s) override { return inner_.list_digests(s); }
  Status mark_ready(Id id, Instant n) override { return inner_.mark_ready(id, n); }
  Status set_digest_state(Id id, DigestState s, Instant n) override { return inner_.set_digest_state(id, s, n); }
  Result<std::int64_t> enqueue(Id id, const std::string& d, Instant n) override { return inner_.enqueue(id, d, n); }
  Result<std::vector<Delivery>> claim(const std::string& owner, Instant now, int lease, int limit, Id digest) override {
    Writing w(*this);
    return inner_.claim(owner, now, lease, limit, digest);
  }
  Result<int> record(const std::string& owner, const std::vector<DeliveryOutcome>& o, int bounce_limit) override {
    Writing w(*this);
    return inner_.record(owner, o, bounce_limit);
  }
  Result<DeliveryReport> report(Id id) override { return inner_.report(id); }
  Result<Delivery> find_delivery(Id d, Id s) override { return inner_.find_delivery(d, s); }

  int most_at_once() const { return most_.load(); }
  int writes() const { return writes_.load(); }

 private:
  struct Writing {
    explicit Writing(OverlapCountingStore& s) : s_(s) {
      int now = ++s_.active_;
      for (int m = s_.most_.load(); now > m && !s_.most_.compare_exchange_weak(m, now);) {
      }
      ++s_.writes_;
      std::this_thread::sleep_for(std::chrono::milliseconds(3));
    }
    ~Writing() { --s_.active_; }
    OverlapCountingStore& s_;
  };
  DeliveryStore& inner_;
  std::atomic<int> active_{0}, most_{0}, writes_{0};
};

class AcceptAll final : public mail::MailTransport {
 public:
  mail::SendResult send(const mail::Envelope&, const std::string&) override {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    return {mail::Outcome::accepted, 250, "ok"};
  }
};

TEST(DigestSenderStoreWritesTest, WorkersNeverOverlapTheirClaimsAndRecordsAndEveryRowIsSent) {
  TempDir dir;
  auto db = open_sqlite_database({.path = dir.file("barometer.db"), .pool_size = 6});
  ASSERT_TRUE(db.ok()) << db.error().message;
  DeliveryStore& ledger = (*db)->deliveries();
  auto c = sqlite::Connection::open(dir.file("barometer.db"), 5000);
  ASSERT_TRUE(c.ok());
  std::string sql = "BEGIN;";
  for (int i = 1; i <= 200; ++i)
    sql += "INSERT INTO subscribers (id, email, lang, status, created_at) VALUES (" + std::to_string(i) + ", 'r" +
           std::to_string(i) + "@example.org', 'en', 'confirmed', 1);";
  ASSERT_TRUE((*c)->exec(sql + "COMMIT;").ok());
  FixedClock clock{from_unix(1'700'000'000)};
  auto d = ledger.ensure_digest("2022-W09", "en", "tok", clock.now());
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(ledger.set_digest_state(d->id, DigestState::sending, clock.now()).ok());
  ASSERT_TRUE(ledger.enqueue(d->id, "example.org", clock.now()).ok());

  OverlapCountingStore store(ledger);
  SenderOptions o;
  o.concurrency = 4;
  o.batch_size = 5;
  o.owner = "t";
  o.digest_id = d->id;
  o.idle_wait = std::chrono::milliseconds(5);
  DigestSender sender(
      store, [](const Delivery& row) -> Result<std::string> { return "Message-ID: " + row.message_id + "\r\n\r\nx"; },
      [] { return std::make_unique<AcceptAll>(); }, clock, o);
  auto r = sender.run(true);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->sent, 200);
  EXPECT_GE(store.writes(), 80);  // 40 claims + 40 records at least: there were chances to overlap
  EXPECT_EQ(store.most_at_once(), 1);
}

}  // namespace
}  // namespace barometer::newsletter
