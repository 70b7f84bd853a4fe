// content_version() and concurrent use from several threads.
#include <atomic>
#include <chrono>
#include <thread>

#include "support/store_fixture.hpp"

namespace barometer::testing {
namespace {

using namespace std::chrono_literals;

// Polls for up to two seconds: cross-process changes may be noticed with a short delay.
bool version_changes(Store& store, std::uint64_t from) {
  auto deadline = std::chrono::steady_clock::now() + 2s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (store.content_version() != from) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

TEST_P(StoreTest, ContentVersionChangesAfterOwnWriteImmediately) {
  auto before = store_->content_version();
  EXPECT_NE(add_topic("security", 1), 0);
  EXPECT_NE(store_->content_version(), before);
  auto after_add = store_->content_version();
  (void)store_->transact([&](Store& tx) -> Status { return tx.update_topic(*tx.find_topic("security")); });
  EXPECT_NE(store_->content_version(), after_add);
}

TEST_P(StoreTest, ContentVersionIsStableWithoutWrites) {
  (void)store_->content_version();
  std::this_thread::sleep_for(250ms);  // past any polling interval
  auto v = store_->content_version();
  (void)store_->list_topics();
  std::this_thread::sleep_for(250ms);
  EXPECT_EQ(store_->content_version(), v);
}

TEST_P(StoreTest, ContentVersionChangesAfterWriteBySecondStore) {
  auto other = open_again();
  ASSERT_NE(other, nullptr);
  (void)store_->content_version();
  std::this_thread::sleep_for(250ms);
  auto before = store_->content_version();
  ASSERT_TRUE(other->add_topic(Topic{0, "security", 1, {}}).ok());
  EXPECT_TRUE(version_changes(*store_, before));
  EXPECT_TRUE(store_->find_topic("security").ok());  // and the data is visible
}

TEST_P(StoreTest, ConcurrentReadersDuringWritesSeeNoErrors) {
  Id topic = add_topic("security", 1);
  std::atomic<bool> stop{false};
  std::atomic<int> errors{0}, reads{0}, regressions{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&] {
      int last = 0;
      while (!stop.load()) {
        CommentaryFilter f;
        f.limit = 10;
        auto list = store_->find_commentaries(f);
        auto n = store_->count_commentaries(f);
        auto latest = store_->latest_published_period();
        (void)store_->content_version();
        if (!list.ok() || !n.ok() || !latest.ok()) {
          ++errors;
          continue;
        }
        if (*n < last) ++regressions;  // committed data never disappears
        last = *n;
        ++reads;
      }
    });
  }
  Period p = week("2020-W01");
  for (int i = 0; i < 150; ++i, p = p.next()) {
    auto id = store_->add_commentary(make_commentary(topic, p.id(), Assessment::better));
    ASSERT_TRUE(id.ok()) << id.error().message;
  }
  // A second writer store on the same database, interleaved.
  auto other = open_again();
  ASSERT_NE(other, nullptr);
  for (int i = 0; i < 20; ++i, p = p.next())
    ASSERT_TRUE(other->add_commentary(make_commentary(topic, p.id(), Assessment::better)).ok());
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(regressions.load(), 0);
  EXPECT_GT(reads.load(), 0);
  CommentaryFilter all;
  EXPECT_EQ(*store_->count_commentaries(all), 170);
}

TEST_P(StoreTest, ConcurrentWritersAreSerialised) {
  Id topic = add_topic("security", 1);
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      Period p = week("2010-W01");
      for (int i = 0; i < 200 * w; ++i) p = p.next();  // disjoint week ranges
      for (int i = 0; i < 25; ++i, p = p.next()) {
        auto s = store_->transact([&](Store& tx) -> Status {
          auto id = tx.add_commentary(make_commentary(topic, p.id(), Assessment::worse));
          return id ? Status{} : Status{id.error()};
        });
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(*store_->count_commentaries(CommentaryFilter{}), 100);
}

}  // namespace
}  // namespace barometer::testing
