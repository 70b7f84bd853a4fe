// NewsletterStore::prune_unconfirmed_subscribers / pruned_subscriber_count on both backends
// (migration 0007_subscriber_prunes): only never-confirmed pending subscribers that asked nothing
// since the cutoff go, with their consent rows; an anonymous count is kept.
#include <gtest/gtest.h>

#include "support/store_fixture.hpp"

namespace barometer::testing {
namespace {

constexpr std::int64_t kCutoff = 1'700'000'000;

class SubscriberPruneTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    subscribers_ = &db_->subscribers();
  }
  // A subscriber created at `created` (unix seconds) with one subscribe consent event then.
  Id add(const std::string& email, SubscriberStatus status, std::int64_t created, bool confirmed_once = false) {
    Subscriber s;
    s.email = email;
    s.lang = "ru";
    s.status = status;
    s.created_at = from_unix(created);
    if (confirmed_once) s.confirmed_at = from_unix(created + 60);
    s.confirm_nonce = status == SubscriberStatus::pending ? "nonce" : "";
    auto id = subscribers_->add_subscriber(s);
    EXPECT_TRUE(id.ok()) << id.error().message;
    if (!id.ok()) return 0;
    consent(*id, created);
    return *id;
  }
  void consent(Id id, std::int64_t at) {
    ASSERT_TRUE(subscribers_->add_consent({0, id, from_unix(at), ConsentAction::subscribe, "form", "hash"}).ok());
  }
  bool exists(Id id) { return subscribers_->get_subscriber(id).ok(); }

  NewsletterStore* subscribers_ = nullptr;  // db_->subscribers()
};

BAROMETER_ON_BACKENDS(SubscriberPruneTest);

TEST_P(SubscriberPruneTest, DeletesOnlyLapsedNeverConfirmedSubscribersAndKeepsACount) {
  const Id lapsed = add("lapsed@example.org", SubscriberStatus::pending, kCutoff - 10);
  const Id lapsed_too = add("lapsed2@example.org", SubscriberStatus::pending, kCutoff - 86400);
  const Id fresh = add("fresh@example.org", SubscriberStatus::pending, kCutoff);  // at the cutoff: kept
  // Created long ago but asked again recently: its newest link still works.
  const Id renewed = add("renewed@example.org", SubscriberStatus::pending, kCutoff - 86400);
  consent(renewed, kCutoff + 5);
  const Id confirmed = add("reader@example.org", SubscriberStatus::confirmed, kCutoff - 86400, true);
  const Id left = add("left@example.org", SubscriberStatus::unsubscribed, kCutoff - 86400, true);
  // A former subscriber who asked to come back and never confirmed: the record of the earlier
  // subscription stays (decision 0011).
  const Id returning = add("back@example.org", SubscriberStatus::pending, kCutoff - 86400, true);

  const Instant now = from_unix(kCutoff + 1000);
  auto pruned = subscribers_->prune_unconfirmed_subscribers(from_unix(kCutoff), now);
  ASSERT_TRUE(pruned.ok()) << pruned.error().message;
  EXPECT_EQ(*pruned, 2);
  EXPECT_FALSE(exists(lapsed));
  EXPECT_FALSE(exists(lapsed_too));
  EXPECT_EQ(subscribers_->find_subscriber("lapsed@example.org").code(), ErrorCode::not_found);
  for (Id kept : {fresh, renewed, confirmed, left, returning}) EXPECT_TRUE(exists(kept)) << kept;
  // Their consent trail went with them; the others' is untouched.
  auto trail = subscribers_->consent_events(lapsed);
  ASSERT_TRUE(trail.ok()) << trail.error().message;
  EXPECT_TRUE(trail->empty());
  EXPECT_EQ(subscribers_->consent_events(renewed)->size(), 2u);
  // Only the count is left, and it adds up over runs; a run that deletes nothing adds nothing.
  EXPECT_EQ(*subscribers_->pruned_subscriber_count(from_unix(0)), 2);
  EXPECT_EQ(*subscribers_->prune_unconfirmed_subscribers(from_unix(kCutoff), now), 0);
  EXPECT_EQ(*subscribers_->prune_unconfirmed_subscribers(from_unix(kCutoff + 10), now + std::chrono::seconds(60)), 2);
  EXPECT_FALSE(exists(fresh));
  EXPECT_FALSE(exists(renewed));
  EXPECT_EQ(*subscribers_->pruned_subscriber_count(from_unix(0)), 4);
  EXPECT_EQ(*subscribers_->pruned_subscriber_count(now + std::chrono::seconds(1)), 2);  // only the later run
  // The address can subscribe again from scratch.
  Subscriber again;
  again.email = "lapsed@example.org";
  again.lang = "en";
  again.created_at = now;
  EXPECT_TRUE(subscribers_->add_subscriber(again).ok());
}

TEST_P(SubscriberPruneTest, NothingToPruneIsZeroAndCountsNothing) {
  auto pruned = subscribers_->prune_unconfirmed_subscribers(from_unix(kCutoff), from_unix(kCutoff));
  ASSERT_TRUE(pruned.ok()) << pruned.error().message;
  EXPECT_EQ(*pruned, 0);
  EXPECT_EQ(*subscribers_->pruned_subscriber_count(from_unix(0)), 0);
}

}  // namespace
}  // namespace barometer::testing
