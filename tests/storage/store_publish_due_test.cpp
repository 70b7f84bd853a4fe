// Store::publish_due: scheduled commentaries become published when their time has come, exactly
// once even when several stores (as several server processes would) race for them.
#include <algorithm>
#include <atomic>
#include <thread>

#include "support/store_fixture.hpp"

namespace barometer::testing {
namespace {

using namespace std::chrono_literals;

Commentary scheduled_at(Commentary c, Instant at) {
  c.status = CommentaryStatus::scheduled;
  c.published_at = at;
  return c;
}

TEST_P(StoreTest, PublishDueWaitsForTheScheduledTime) {
  Id topic = add_topic("security", 1);
  const Instant at = from_unix(1'700'000'000);
  Id id = add(scheduled_at(make_commentary(topic, "2022-W09", Assessment::worse, CommentaryStatus::scheduled), at));
  std::this_thread::sleep_for(250ms);  // past the polling interval: earlier writes are counted
  const auto idle_version = store_->content_version();
  auto early = store_->publish_due(at - 1s);
  ASSERT_TRUE(early.ok()) << early.error().message;
  EXPECT_TRUE(early->empty());
  // An idle pass is no write: the public page cache stays valid.
  std::this_thread::sleep_for(250ms);
  EXPECT_EQ(store_->content_version(), idle_version);
  EXPECT_EQ(store_->get_commentary(id)->status, CommentaryStatus::scheduled);
  EXPECT_TRUE(store_->find_commentaries({}).value().empty());  // readers do not see it yet

  const auto version = store_->content_version();
  auto due = store_->publish_due(at);
  ASSERT_TRUE(due.ok()) << due.error().message;
  EXPECT_EQ(*due, std::vector<Id>{id});
  EXPECT_NE(store_->content_version(), version);
  auto c = store_->get_commentary(id);
  EXPECT_EQ(c->status, CommentaryStatus::published);
  EXPECT_EQ(c->published_at, at);  // the scheduled time, not the moment the publisher ran
  EXPECT_EQ(c->updated_at, at);
  EXPECT_EQ(store_->find_commentaries({}).value().size(), 1u);
  // Nothing left: a second call publishes nothing.
  EXPECT_TRUE(store_->publish_due(at + 1h).value().empty());
}

TEST_P(StoreTest, PublishDueLeavesDraftsReviewsAndFutureSchedulesAlone) {
  Id topic = add_topic("security", 1);
  const Instant now = from_unix(1'700'000'000);
  Id draft = add(make_commentary(topic, "2022-W01", Assessment::worse, CommentaryStatus::draft));
  Id review = add(make_commentary(topic, "2022-W02", Assessment::worse, CommentaryStatus::review));
  Id later = add(scheduled_at(make_commentary(topic, "2022-W03", Assessment::worse), now + 1min));
  Id past = add(scheduled_at(make_commentary(topic, "2022-W04", Assessment::better), now - 24h));
  auto due = store_->publish_due(now);
  ASSERT_TRUE(due.ok()) << due.error().message;
  EXPECT_EQ(*due, std::vector<Id>{past});
  EXPECT_EQ(store_->get_commentary(draft)->status, CommentaryStatus::draft);
  EXPECT_EQ(store_->get_commentary(review)->status, CommentaryStatus::review);
  EXPECT_EQ(store_->get_commentary(later)->status, CommentaryStatus::scheduled);
  EXPECT_EQ(store_->get_commentary(past)->status, CommentaryStatus::published);
  // Parts survive the status change.
  EXPECT_EQ(store_->get_commentary(past)->translations.size(), 3u);
  EXPECT_EQ(store_->get_commentary(past)->evidence.size(), 1u);
}

TEST_P(StoreTest, RacingPublishersOnSeparateStoresPublishEachCommentaryOnce) {
  Id topic = add_topic("security", 1);
  const Instant at = from_unix(1'700'000'000);
  std::vector<Id> scheduled;
  for (int week = 1; week <= 8; ++week) {
    std::string id = "2022-W0" + std::to_string(week);
    scheduled.push_back(add(scheduled_at(make_commentary(topic, id, Assessment::worse), at)));
  }
  constexpr int kPublishers = 4;
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < kPublishers; ++i) stores.push_back(open_again());
  std::vector<std::vector<Id>> got(kPublishers);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kPublishers; ++i)
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      // Each publisher retries until it gets an answer: busy/locked is a valid outcome.
      for (int attempt = 0; attempt < 50; ++attempt) {
        auto r = stores[i]->publish_due(at);
        if (r) {
          got[i] = *r;
          return;
        }
        std::this_thread::sleep_for(20ms);
      }
      ADD_FAILURE() << "publisher " << i << " never got through";
    });
  go = true;
  for (auto& t : threads) t.join();
  std::vector<Id> all;
  for (const auto& ids : got) all.insert(all.end(), ids.begin(), ids.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, scheduled);  // every one, and none twice
  CommentaryFilter f;
  EXPECT_EQ(store_->count_commentaries(f).value(), 8);
}

}  // namespace
}  // namespace barometer::testing
