// DeliveryStore on both backends (migration 0006_delivery): digests, idempotent enqueue with
// stable Message-IDs, leases (two claimers never share a row; an expired lease is taken over),
// records only from the lease holder, retry/uncertain scheduling, bounce counting, the report.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include "support/store_fixture.hpp"

namespace barometer::testing {
namespace {

// Subscribers as the ledger reads them. The table belongs to migration 0005_newsletter; when it is
// not there (yet), the columns the ledger uses are created so these tests stand on their own.
constexpr const char* kSubscribersIfMissing =
    "CREATE TABLE IF NOT EXISTS subscribers (id BIGINT PRIMARY KEY, email TEXT NOT NULL UNIQUE, "
    "lang TEXT NOT NULL, status TEXT NOT NULL, created_at BIGINT NOT NULL, "
    "bounce_count INTEGER NOT NULL DEFAULT 0)";

constexpr std::int64_t kT0 = 1'700'000'000;
Instant at(std::int64_t offset) { return from_unix(kT0 + offset); }

class DeliveryStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    deliveries_ = &db_->deliveries();
    ASSERT_TRUE(exec(kSubscribersIfMissing).ok());
  }
  // Runs SQL on the test's database through a separate connection.
  Status exec(const std::string& sql) { return exec_sql(sql, sql); }
  // Subscribers id first..first+n-1, "sN@example.org", in `lang` with `status`.
  void add_subscribers(int first, int n, const std::string& lang, const std::string& status = "confirmed") {
    std::string sql = "BEGIN;";
    for (int i = first; i < first + n; ++i) {
      std::string id = std::to_string(i);
      sql += "INSERT INTO subscribers (id, email, lang, status, created_at) VALUES (" + id + ", 's" + id +
             "@example.org', '" + lang + "', '" + status + "', 1700000000);";
    }
    sql += "COMMIT;";
    auto s = exec(sql);
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
  Digest sending_digest(const std::string& lang = "en") {
    auto d = deliveries_->ensure_digest("2022-W09", lang, "tok" + lang, at(0));
    EXPECT_TRUE(d.ok());
    EXPECT_TRUE(deliveries_->set_digest_state(d->id, DigestState::sending, at(0)).ok());
    return *d;
  }
  DeliveryStore* deliveries_ = nullptr;  // db_->deliveries()
};

BAROMETER_ON_BACKENDS(DeliveryStoreTest);

TEST_P(DeliveryStoreTest, DigestIsUniquePerPeriodAndLanguage) {
  auto a = deliveries_->ensure_digest("2022-W09", "en", "first", at(0));
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->state, DigestState::draft);
  EXPECT_EQ(a->token, "first");
  auto again = deliveries_->ensure_digest("2022-W09", "en", "second", at(5));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, a->id);
  EXPECT_EQ(again->token, "first");  // the stored token wins: Message-IDs never change
  auto be = deliveries_->ensure_digest("2022-W09", "be", "third", at(5));
  ASSERT_TRUE(be.ok());
  EXPECT_NE(be->id, a->id);

  ASSERT_TRUE(deliveries_->mark_ready(a->id, at(10)).ok());
  auto ready = deliveries_->find_digest("2022-W09", "en");
  ASSERT_TRUE(ready.ok());
  EXPECT_EQ(ready->state, DigestState::ready);
  EXPECT_EQ(to_unix(*ready->ready_at), kT0 + 10);
  auto listed = deliveries_->list_digests(DigestState::ready);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, a->id);

  ASSERT_TRUE(deliveries_->set_digest_state(a->id, DigestState::done, at(20)).ok());
  EXPECT_EQ(to_unix(*deliveries_->get_digest(a->id)->finished_at), kT0 + 20);
  EXPECT_EQ(deliveries_->mark_ready(999, at(0)).code(), ErrorCode::not_found);
  EXPECT_EQ(deliveries_->set_digest_state(999, DigestState::done, at(0)).code(), ErrorCode::not_found);
  EXPECT_EQ(deliveries_->find_digest("2022-W10", "en").code(), ErrorCode::not_found);
}

TEST_P(DeliveryStoreTest, EnqueueTakesConfirmedSubscribersOfTheLanguageOnceWithStableMessageIds) {
  add_subscribers(1, 5, "en");
  add_subscribers(10, 2, "ru");
  add_subscribers(20, 1, "en", "pending");
  add_subscribers(21, 1, "en", "unsubscribed");
  Digest d = sending_digest();
  auto n = deliveries_->enqueue(d.id, "news.example.org", at(0));
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 5);
  auto one = deliveries_->find_delivery(d.id, 3);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->email, "s3@example.org");
  EXPECT_EQ(one->message_id, "<tok" + d.lang + ".3@news.example.org>");
  EXPECT_EQ(one->state, DeliveryState::queued);
  EXPECT_EQ(deliveries_->find_delivery(d.id, 10).code(), ErrorCode::not_found);  // ru
  EXPECT_EQ(deliveries_->find_delivery(d.id, 20).code(), ErrorCode::not_found);  // not confirmed

  // Re-running adds nothing; a newly confirmed subscriber is added; nothing else changes.
  EXPECT_EQ(*deliveries_->enqueue(d.id, "news.example.org", at(9)), 0);
  add_subscribers(6, 1, "en");
  EXPECT_EQ(*deliveries_->enqueue(d.id, "other.example.org", at(9)), 1);
  EXPECT_EQ(deliveries_->find_delivery(d.id, 3)->message_id, "<tok" + d.lang + ".3@news.example.org>");
  EXPECT_EQ(deliveries_->report(d.id)->queued, 6);
  EXPECT_EQ(deliveries_->enqueue(999, "x", at(0)).code(), ErrorCode::not_found);
}

TEST_P(DeliveryStoreTest, ClaimLeasesRowsAndOnlyTheLeaseHolderRecords) {
  add_subscribers(1, 4, "en");
  Digest d = sending_digest();
  ASSERT_TRUE(deliveries_->enqueue(d.id, "example.org", at(0)).ok());
  auto a = deliveries_->claim("A", at(1), 60, 3, d.id);
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_EQ(a->size(), 3u);
  EXPECT_EQ((*a)[0].attempts, 1);
  auto b = deliveries_->claim("B", at(2), 60, 10, d.id);
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->size(), 1u);  // only the row A did not take
  EXPECT_TRUE(deliveries_->claim("C", at(3), 60, 10, d.id)->empty());

  Id first = (*a)[0].id;
  EXPECT_EQ(deliveries_->mark_sent("B", first, at(4), 250, "ok").code(), ErrorCode::conflict);
  ASSERT_TRUE(deliveries_->mark_sent("A", first, at(4), 250, "2.0.0 Ok").ok());
  EXPECT_EQ(deliveries_->mark_sent("A", first, at(5), 250, "again").code(), ErrorCode::conflict);  // no longer sending

  // A dies; after its lease ends its two other rows go to C with the same Message-IDs.
  EXPECT_TRUE(deliveries_->claim("C", at(60), 60, 10, d.id)->empty());
  auto c = deliveries_->claim("C", at(61), 60, 10, d.id);
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->size(), 2u);
  EXPECT_EQ((*c)[0].id, (*a)[1].id);
  EXPECT_EQ((*c)[0].message_id, (*a)[1].message_id);
  EXPECT_EQ((*c)[0].attempts, 2);
  EXPECT_EQ(deliveries_->mark_sent("A", (*a)[1].id, at(62), 250, "late").code(), ErrorCode::conflict);

  auto r = deliveries_->report(d.id);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->sent, 1);
  EXPECT_EQ(r->sending, 3);
  EXPECT_EQ(r->pending(), 3);
  EXPECT_EQ(r->total(), 4);
}

TEST_P(DeliveryStoreTest, RetryAndUncertainComeBackWhenDueFailedDoesNot) {
  add_subscribers(1, 3, "en");
  Digest d = sending_digest();
  ASSERT_TRUE(deliveries_->enqueue(d.id, "example.org", at(0)).ok());
  auto rows = deliveries_->claim("A", at(0), 60, 10, d.id);
  ASSERT_EQ(rows->size(), 3u);
  ASSERT_TRUE(deliveries_->mark_retry("A", (*rows)[0].id, at(1), at(100), 451, "try later").ok());
  ASSERT_TRUE(deliveries_->mark_uncertain("A", (*rows)[1].id, at(1), at(200), "connection lost after DATA").ok());
  ASSERT_TRUE(deliveries_->mark_failed("A", (*rows)[2].id, at(1), 550, "no such user", 0).ok());

  auto r = deliveries_->report(d.id);
  EXPECT_EQ(r->queued, 1);
  EXPECT_EQ(r->uncertain, 1);
  EXPECT_EQ(r->failed, 1);
  EXPECT_EQ(r->pending(), 2);
  EXPECT_TRUE(deliveries_->claim("B", at(99), 60, 10, d.id)->empty());
  auto retry = deliveries_->claim("B", at(100), 1000, 10, d.id);
  ASSERT_EQ(retry->size(), 1u);
  EXPECT_EQ((*retry)[0].id, (*rows)[0].id);
  auto again = deliveries_->claim("B", at(500), 60, 10, d.id);
  ASSERT_EQ(again->size(), 1u);  // the uncertain one, same Message-ID; the failed one never
  EXPECT_EQ((*again)[0].message_id, (*rows)[1].message_id);
  ASSERT_TRUE(deliveries_->mark_uncertain("B", (*again)[0].id, at(501), std::nullopt, "lost again").ok());
  ASSERT_TRUE(deliveries_->mark_sent("B", (*retry)[0].id, at(501), 250, "ok").ok());
  r = deliveries_->report(d.id);
  EXPECT_EQ(r->uncertain_final, 1);
  EXPECT_EQ(r->sent, 1);
  EXPECT_EQ(r->pending(), 0);
  EXPECT_TRUE(deliveries_->claim("B", at(100000), 60, 10, d.id)->empty());
}

TEST_P(DeliveryStoreTest, PermanentFailuresMarkTheSubscriberBouncedAtTheLimit) {
  add_subscribers(1, 1, "en");
  for (int week = 1; week <= 2; ++week) {
    auto d = deliveries_->ensure_digest("2022-W0" + std::to_string(week), "en", "t" + std::to_string(week), at(0));
    ASSERT_TRUE(deliveries_->set_digest_state(d->id, DigestState::sending, at(0)).ok());
    ASSERT_EQ(*deliveries_->enqueue(d->id, "example.org", at(0)), 1) << "week " << week;
    auto rows = deliveries_->claim("A", at(0), 60, 10, d->id);
    ASSERT_EQ(rows->size(), 1u);
    ASSERT_TRUE(deliveries_->mark_failed("A", (*rows)[0].id, at(1), 550, "mailbox unavailable", 2).ok());
  }
  // Bounced after the second permanent failure: the next digest does not go to it.
  auto d3 = deliveries_->ensure_digest("2022-W03", "en", "t3", at(0));
  EXPECT_EQ(*deliveries_->enqueue(d3->id, "example.org", at(0)), 0);
}

TEST_P(DeliveryStoreTest, ClaimWithoutDigestTakesOnlyDigestsBeingSent) {
  add_subscribers(1, 2, "en");
  add_subscribers(5, 2, "be");
  Digest en = sending_digest("en");
  auto be = deliveries_->ensure_digest("2022-W09", "be", "tokbe", at(0));
  ASSERT_TRUE(deliveries_->enqueue(en.id, "example.org", at(0)).ok());
  ASSERT_TRUE(deliveries_->enqueue(be->id, "example.org", at(0)).ok());  // still a draft
  auto rows = deliveries_->claim("A", at(0), 60, 10, 0);
  ASSERT_EQ(rows->size(), 2u);
  for (const auto& r : *rows) EXPECT_EQ(r.digest_id, en.id);
}

TEST_P(DeliveryStoreTest, ConcurrentClaimersNeverShareARow) {
  constexpr int kRows = 400;
  add_subscribers(1, kRows, "en");
  Digest d = sending_digest();
  ASSERT_EQ(*deliveries_->enqueue(d.id, "example.org", at(0)), kRows);
  auto second = open_database();  // a second node
  ASSERT_TRUE(second.ok());
  std::vector<std::vector<Id>> got(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    DeliveryStore* s = t % 2 == 0 ? deliveries_ : &(*second)->deliveries();
    threads.emplace_back([&, s, t] {
      std::string owner = "w" + std::to_string(t);
      while (true) {
        auto rows = s->claim(owner, at(1), 60, 7, d.id);
        if (!rows.ok()) continue;  // busy: try again
        if (rows->empty()) break;
        for (const auto& r : *rows) got[t].push_back(r.id);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<Id> all;
  std::size_t total = 0;
  for (const auto& g : got) {
    total += g.size();
    all.insert(g.begin(), g.end());
  }
  EXPECT_EQ(total, static_cast<std::size_t>(kRows));
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kRows));
}

}  // namespace
}  // namespace barometer::testing

namespace barometer::testing {
namespace {

// record_and_claim (the sender's group commit): the outcomes are applied and the next rows
// claimed together; a `released` row goes back to queued, due at once, its attempt not counted;
// only the lease holder can release.
TEST_P(DeliveryStoreTest, RecordAndClaimAppliesOutcomesThenClaimsAndReleasedRowsComeBackUncounted) {
  add_subscribers(1, 6, "en");
  Digest d = sending_digest();
  ASSERT_TRUE(deliveries_->enqueue(d.id, "example.org", at(0)).ok());
  auto first = deliveries_->claim("A", at(1), 60, 3, d.id);
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_EQ(first->size(), 3u);
  // An earlier reply on the third row, so that release is seen to keep it.
  // Due again at at(0), as early as the never-claimed rows, so the next claim (by id) takes it.
  ASSERT_TRUE(deliveries_->mark_retry("A", (*first)[2].id, at(2), at(0), 451, "busy").ok());
  auto again = deliveries_->claim("A", at(3), 60, 1, d.id);
  ASSERT_EQ(again->size(), 1u);
  ASSERT_EQ((*again)[0].id, (*first)[2].id);
  ASSERT_EQ((*again)[0].attempts, 2);

  std::vector<DeliveryOutcome> outcomes = {
      {(*first)[0].id, DeliveryOutcome::Kind::sent, at(4), std::nullopt, 250, "ok"},
      {(*first)[1].id, DeliveryOutcome::Kind::released, at(4), std::nullopt, 0, ""},
      {(*first)[2].id, DeliveryOutcome::Kind::released, at(4), std::nullopt, 0, ""},
  };
  EXPECT_EQ(deliveries_->record_and_claim("B", outcomes, 0, at(4), 60, 0, d.id)->first, 0);  // not B's rows
  auto r = deliveries_->report(d.id);
  EXPECT_EQ(r->sent, 0);
  EXPECT_EQ(r->sending, 3);

  auto both = deliveries_->record_and_claim("A", outcomes, 0, at(5), 60, 10, d.id);
  ASSERT_TRUE(both.ok()) << both.error().message;
  EXPECT_EQ(both->first, 3);
  // The three never-claimed rows and the two released ones (due at once), each released row's
  // attempt uncounted: 1 -> 0 -> 1 and 2 -> 1 -> 2.
  ASSERT_EQ(both->second.size(), 5u);
  std::map<Id, int> attempts;
  for (const auto& row : both->second) attempts[row.id] = row.attempts;
  EXPECT_EQ(attempts.at((*first)[1].id), 1);
  EXPECT_EQ(attempts.at((*first)[2].id), 2);
  EXPECT_EQ(attempts.count((*first)[0].id), 0u);
  EXPECT_EQ(deliveries_->find_delivery(d.id, (*first)[0].subscriber_id)->state, DeliveryState::sent);

  r = deliveries_->report(d.id);
  EXPECT_EQ(r->sent, 1);
  EXPECT_EQ(r->sending, 5);
  EXPECT_EQ(r->total(), 6);
}

TEST_P(DeliveryStoreTest, ClaimPrefersExpiredLeasesThenUncertainThenQueuedAndSkipsSentRows) {
  add_subscribers(1, 30, "en");
  Digest d = sending_digest();
  ASSERT_TRUE(deliveries_->enqueue(d.id, "example.org", at(0)).ok());
  auto rows = deliveries_->claim("A", at(0), 60, 20, d.id);
  ASSERT_EQ(rows->size(), 20u);
  std::vector<DeliveryOutcome> outcomes;
  for (int i = 0; i < 18; ++i)
    outcomes.push_back({(*rows)[i].id, DeliveryOutcome::Kind::sent, at(1), std::nullopt, 250, "ok"});
  outcomes.push_back({(*rows)[18].id, DeliveryOutcome::Kind::uncertain, at(1), at(10), 0, "lost"});
  ASSERT_EQ(*deliveries_->record("A", outcomes, 0), 19);  // row 19 stays A's, sending until at(60)
  auto next = deliveries_->claim("B", at(61), 60, 3, d.id);
  ASSERT_TRUE(next.ok()) << next.error().message;
  ASSERT_EQ(next->size(), 3u);
  std::set<Id> ids;
  for (const auto& r : *next) ids.insert(r.id);
  EXPECT_TRUE(ids.count((*rows)[19].id));  // the expired lease
  EXPECT_TRUE(ids.count((*rows)[18].id));  // the uncertain row due again
  EXPECT_EQ(ids.size(), 3u);
  for (const auto& r : *next) EXPECT_NE(deliveries_->find_delivery(d.id, r.subscriber_id)->state, DeliveryState::sent);
  auto rest = deliveries_->claim("C", at(62), 60, 100, d.id);
  EXPECT_EQ(rest->size(), 9u);  // 30 - 18 sent - 3
}

// report(0): the whole ledger, every digest together (the /metrics gauges).
TEST_P(DeliveryStoreTest, TheWholeLedgerReportAddsUpEveryDigest) {
  auto empty = deliveries_->report(0);
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  EXPECT_EQ(empty->total(), 0);
  add_subscribers(1, 2, "en");
  add_subscribers(3, 1, "be");
  Digest en = sending_digest("en");
  Digest be = sending_digest("be");
  ASSERT_TRUE(deliveries_->enqueue(en.id, "example.org", at(0)).ok());
  ASSERT_TRUE(deliveries_->enqueue(be.id, "example.org", at(0)).ok());
  auto rows = deliveries_->claim("A", at(0), 60, 1, en.id);
  ASSERT_EQ(rows->size(), 1u);
  ASSERT_TRUE(deliveries_->mark_sent("A", (*rows)[0].id, at(1), 250, "ok").ok());
  auto all = deliveries_->report(0);
  ASSERT_TRUE(all.ok()) << all.error().message;
  EXPECT_EQ(all->sent, 1);
  EXPECT_EQ(all->queued, 2);
  EXPECT_EQ(all->total(), 3);
  EXPECT_EQ(deliveries_->report(be.id)->total(), 1);
  EXPECT_EQ(deliveries_->report(999999).code(), ErrorCode::not_found);
}

}  // namespace
}  // namespace barometer::testing
