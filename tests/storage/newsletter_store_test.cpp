// NewsletterStore on both backends: subscribers, single-use confirmation, consent trail, rate
// events, the site secret, and the bounded outbox with leased claims (migration 0005_newsletter).
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "support/store_fixture.hpp"

namespace barometer::testing {
namespace {

class NewsletterStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    subscribers_ = &db_->subscribers();
  }
  static Subscriber subscriber(const std::string& email) {
    Subscriber s;
    s.email = email;
    s.lang = "be";
    s.topic_ids = {3, 1};
    s.created_at = from_unix(1'700'000'000);
    s.consent_source = "form:/be/";
    s.ip_hash = "iphash";
    s.confirm_nonce = "c-nonce";
    s.manage_nonce = "m-nonce";
    return s;
  }
  static OutboxMail mail(const std::string& to, std::int64_t at = 1'700'000'000) {
    OutboxMail m;
    m.recipient = to;
    m.message = "Subject: hi\r\n\r\nbody for " + to + "\r\n";
    m.created_at = from_unix(at);
    m.next_attempt_at = from_unix(at);
    return m;
  }
  NewsletterStore* subscribers_ = nullptr;  // db_->subscribers()
};

BAROMETER_ON_BACKENDS(NewsletterStoreTest);

TEST_P(NewsletterStoreTest, SubscribersRoundTripAndEmailsAreUnique) {
  auto id = subscribers_->add_subscriber(subscriber("a@example.org"));
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto dup = subscribers_->add_subscriber(subscriber("a@example.org"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.code(), ErrorCode::conflict);

  auto got = subscribers_->find_subscriber("a@example.org");
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->id, *id);
  EXPECT_EQ(got->lang, "be");
  EXPECT_EQ(got->topic_ids, (std::vector<Id>{3, 1}));
  EXPECT_EQ(got->status, SubscriberStatus::pending);
  EXPECT_FALSE(got->confirmed_at.has_value());
  EXPECT_EQ(got->manage_nonce, "m-nonce");

  got->status = SubscriberStatus::unsubscribed;
  got->unsubscribed_at = from_unix(1'700'000'100);
  got->topic_ids.clear();
  got->bounce_count = 2;
  ASSERT_TRUE(subscribers_->update_subscriber(*got).ok());
  auto again = subscribers_->get_subscriber(*id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->status, SubscriberStatus::unsubscribed);
  EXPECT_EQ(again->unsubscribed_at, from_unix(1'700'000'100));
  EXPECT_TRUE(again->topic_ids.empty());
  EXPECT_EQ(again->bounce_count, 2);

  EXPECT_EQ(subscribers_->find_subscriber("nobody@example.org").code(), ErrorCode::not_found);
  Subscriber ghost = subscriber("ghost@example.org");
  ghost.id = 9999;
  EXPECT_EQ(subscribers_->update_subscriber(ghost).code(), ErrorCode::not_found);
}

TEST_P(NewsletterStoreTest, ConfirmationNonceIsSingleUse) {
  auto id = subscribers_->add_subscriber(subscriber("a@example.org"));
  ASSERT_TRUE(id.ok());
  auto wrong = subscribers_->confirm_subscriber(*id, "other", from_unix(1'700'000'050));
  ASSERT_TRUE(wrong.ok());
  EXPECT_FALSE(*wrong);
  auto first = subscribers_->confirm_subscriber(*id, "c-nonce", from_unix(1'700'000'050));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(*first);
  auto second = subscribers_->confirm_subscriber(*id, "c-nonce", from_unix(1'700'000'060));
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(*second);
  EXPECT_FALSE(*subscribers_->confirm_subscriber(*id, "", from_unix(1'700'000'060)));
  auto s = subscribers_->get_subscriber(*id);
  EXPECT_EQ(s->status, SubscriberStatus::confirmed);
  EXPECT_EQ(s->confirmed_at, from_unix(1'700'000'050));
  EXPECT_EQ(s->confirm_nonce, "");
  auto confirmed = subscribers_->list_subscribers(SubscriberStatus::confirmed);
  ASSERT_TRUE(confirmed.ok());
  ASSERT_EQ(confirmed->size(), 1u);
  EXPECT_EQ(confirmed->front().email, "a@example.org");
  EXPECT_TRUE(subscribers_->list_subscribers(SubscriberStatus::pending)->empty());
}

TEST_P(NewsletterStoreTest, ConsentTrailKeepsEveryEventInOrder) {
  auto id = subscribers_->add_subscriber(subscriber("a@example.org"));
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(subscribers_->add_consent({0, *id, from_unix(10), ConsentAction::subscribe, "form:/en/", "h1"}).ok());
  ASSERT_TRUE(subscribers_->add_consent({0, *id, from_unix(20), ConsentAction::confirm, "page", "h2"}).ok());
  ASSERT_TRUE(subscribers_->add_consent({0, *id, from_unix(30), ConsentAction::unsubscribe, "one-click", ""}).ok());
  auto events = subscribers_->consent_events(*id);
  ASSERT_TRUE(events.ok()) << events.error().message;
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[0].action, ConsentAction::subscribe);
  EXPECT_EQ((*events)[1].ip_hash, "h2");
  EXPECT_EQ((*events)[2].source, "one-click");
  EXPECT_EQ((*events)[2].at, from_unix(30));
  EXPECT_EQ(subscribers_->add_consent({0, 4242, from_unix(1), ConsentAction::confirm, "", ""}).code(), ErrorCode::conflict);
}

TEST_P(NewsletterStoreTest, RateEventsAreCountedPerKeyAndWindowAndPruned) {
  for (int t : {100, 200, 300}) ASSERT_TRUE(subscribers_->record_rate_event("ip:x", from_unix(t)).ok());
  ASSERT_TRUE(subscribers_->record_rate_event("ip:y", from_unix(300)).ok());
  EXPECT_EQ(*subscribers_->count_rate_events("ip:x", from_unix(0)), 3);
  EXPECT_EQ(*subscribers_->count_rate_events("ip:x", from_unix(200)), 2);
  EXPECT_EQ(*subscribers_->count_rate_events("ip:z", from_unix(0)), 0);
  EXPECT_EQ(*subscribers_->prune_rate_events(from_unix(250)), 2);
  EXPECT_EQ(*subscribers_->count_rate_events("ip:x", from_unix(0)), 1);
}

TEST_P(NewsletterStoreTest, SiteSecretIsStoredOnceAndSharedByEveryOpener) {
  auto first = subscribers_->site_secret("first-candidate");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, "first-candidate");
  auto other = open_database();
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(*(*other)->subscribers().site_secret("second-candidate"), "first-candidate");
}

TEST_P(NewsletterStoreTest, OutboxRefusesToGrowBeyondItsBound) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(subscribers_->enqueue_mail(mail("m" + std::to_string(i) + "@example.org"), 3).ok());
  auto full = subscribers_->enqueue_mail(mail("x@example.org"), 3);
  ASSERT_TRUE(full.ok()) << full.error().message;
  EXPECT_FALSE(full->has_value());
  EXPECT_EQ(subscribers_->list_mail(OutboxState::queued)->size(), 3u);
  // Sent mail no longer counts.
  auto claimed = subscribers_->claim_mail(from_unix(1'700'000'000), from_unix(1'700'000'060), 1);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  ASSERT_TRUE(subscribers_->mark_mail_sent(claimed->front().id).ok());
  EXPECT_TRUE(subscribers_->enqueue_mail(mail("x@example.org"), 3)->has_value());
}

TEST_P(NewsletterStoreTest, ClaimLeasesRetriesAndFails) {
  auto queued_a = subscribers_->enqueue_mail(mail("a@example.org"), 100);
  auto queued_b = subscribers_->enqueue_mail(mail("b@example.org", 1'700'000'500), 100);  // not due yet
  ASSERT_TRUE(queued_a.ok() && queued_b.ok());
  ASSERT_TRUE(queued_a->has_value() && queued_b->has_value());
  const std::optional<Id> a = *queued_a, b = *queued_b;
  const Instant now = from_unix(1'700'000'000);
  auto claimed = subscribers_->claim_mail(now, now + std::chrono::seconds(60), 10);
  ASSERT_TRUE(claimed.ok()) << claimed.error().message;
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ(claimed->front().id, *a);
  EXPECT_EQ(claimed->front().state, OutboxState::sending);
  EXPECT_EQ(claimed->front().attempts, 1);
  EXPECT_EQ(claimed->front().message, "Subject: hi\r\n\r\nbody for a@example.org\r\n");
  // Leased: nobody else gets it until the lease expires.
  EXPECT_TRUE(subscribers_->claim_mail(now + std::chrono::seconds(30), now + std::chrono::seconds(90), 10)->empty());
  auto reclaimed = subscribers_->claim_mail(now + std::chrono::seconds(61), now + std::chrono::seconds(120), 10);
  ASSERT_EQ(reclaimed->size(), 1u);
  EXPECT_EQ(reclaimed->front().attempts, 2);
  ASSERT_TRUE(subscribers_->retry_mail(*a, now + std::chrono::seconds(600), "421 try later").ok());
  auto m = subscribers_->get_mail(*a);
  EXPECT_EQ(m->state, OutboxState::queued);
  EXPECT_EQ(m->last_error, "421 try later");
  EXPECT_FALSE(m->lease_until.has_value());
  ASSERT_TRUE(subscribers_->mark_mail_failed(*a, "550 no such user").ok());
  EXPECT_EQ(subscribers_->get_mail(*a)->state, OutboxState::failed);
  EXPECT_EQ(*subscribers_->prune_mail(from_unix(1'700'000'001)), 1);
  EXPECT_EQ(subscribers_->get_mail(*a).code(), ErrorCode::not_found);
  EXPECT_TRUE(subscribers_->get_mail(*b).ok());
}

TEST_P(NewsletterStoreTest, ConcurrentClaimersNeverShareAMail) {
  constexpr int kMails = 60;
  for (int i = 0; i < kMails; ++i) ASSERT_TRUE(subscribers_->enqueue_mail(mail("m" + std::to_string(i) + "@example.org"), 1000).ok());
  auto second = open_database();  // a second node
  ASSERT_TRUE(second.ok());
  std::mutex mutex;
  std::multiset<Id> seen;
  std::atomic<int> errors{0};
  auto worker = [&](NewsletterStore* s) {
    for (int round = 0; round < 40; ++round) {
      auto got = s->claim_mail(from_unix(1'700'000'000), from_unix(1'700'003'600), 3);
      if (!got) {
        if (got.code() != ErrorCode::unavailable) ++errors;
        continue;
      }
      std::lock_guard lock(mutex);
      for (const auto& m : *got) seen.insert(m.id);
    }
  };
  std::thread t1(worker, subscribers_), t2(worker, &(*second)->subscribers()), t3(worker, subscribers_);
  t1.join();
  t2.join();
  t3.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(seen.size(), std::set<Id>(seen.begin(), seen.end()).size()) << "a mail was claimed twice";
  EXPECT_EQ(seen.size(), std::size_t(kMails));
}

}  // namespace
}  // namespace barometer::testing
