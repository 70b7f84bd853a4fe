#include "web/page_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "web/etag.hpp"
#include "web/gzip.hpp"

namespace barometer::web {
namespace {

Response page(std::string body, std::string type = "text/html; charset=utf-8") {
  Response r;
  r.set_header("Content-Type", std::move(type));
  r.set_body(std::move(body));
  return r;
}

std::string text(std::size_t n, char seed = 'a') {
  std::string s;
  while (s.size() < n) s += std::string("commentary ") + seed + " week " + std::to_string(s.size() % 97) + "\n";
  s.resize(n);
  return s;
}

TEST(PageCache, MissThenHitSharesBodyAndAddsEtagAndGzip) {
  PageCache cache;
  EXPECT_FALSE(cache.lookup("en/", 1));
  std::string body = text(20000);
  ASSERT_TRUE(cache.store("en/", 1, page(body)));
  auto hit = cache.lookup("en/", 1);
  ASSERT_TRUE(hit);
  EXPECT_EQ(*hit->body, body);
  EXPECT_EQ(hit->header("ETag"), make_etag(body));
  ASSERT_TRUE(hit->gzip_body);
  EXPECT_EQ(gzip_decompress(*hit->gzip_body).value_or(""), body);
  auto again = cache.lookup("en/", 1);
  EXPECT_EQ(again->body.get(), hit->body.get());  // shared, not copied
  EXPECT_EQ(again->gzip_body.get(), hit->gzip_body.get());

  auto s = cache.stats();
  EXPECT_EQ(s.hits, 2u);
  EXPECT_EQ(s.misses, 1u);
  EXPECT_EQ(s.entries, 1u);
  EXPECT_GT(s.bytes, body.size());
}

TEST(PageCache, KeepsHandlersEtagAndSkipsGzipForSmallOrBinary) {
  PageCache cache;
  Response r = page(text(100));
  r.set_header("ETag", "\"mine\"");
  ASSERT_TRUE(cache.store("small", 1, r));
  auto small = cache.lookup("small", 1);
  EXPECT_EQ(small->header("ETag"), "\"mine\"");
  EXPECT_FALSE(small->gzip_body);
  ASSERT_TRUE(cache.store("png", 1, page(text(5000), "image/png")));
  EXPECT_FALSE(cache.lookup("png", 1)->gzip_body);
}

TEST(PageCache, VersionChangeMissesAndStoreReplaces) {
  PageCache cache;
  ASSERT_TRUE(cache.store("be/topics/", 7, page("old")));
  EXPECT_TRUE(cache.lookup("be/topics/", 7));
  EXPECT_FALSE(cache.lookup("be/topics/", 8));
  EXPECT_FALSE(cache.lookup("be/topics", 7));  // keys are exact
  ASSERT_TRUE(cache.store("be/topics/", 8, page("new")));
  EXPECT_EQ(*cache.lookup("be/topics/", 8)->body, "new");
  EXPECT_FALSE(cache.lookup("be/topics/", 7));
  EXPECT_EQ(cache.stats().entries, 1u);
  cache.clear();
  EXPECT_FALSE(cache.lookup("be/topics/", 8));
  EXPECT_EQ(cache.stats().entries, 0u);
  EXPECT_EQ(cache.stats().bytes, 0u);
}

TEST(PageCache, EvictsLeastRecentlyUsedToStayUnderBytes) {
  PageCacheOptions o;
  o.max_bytes = 10000;
  o.shards = 1;
  PageCache cache(o);
  const std::string body(2000, 'x');  // ~2.3 KB per entry with overhead; four fit
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(cache.store("k" + std::to_string(i), 1, page(body, "image/png")));
  EXPECT_EQ(cache.stats().entries, 4u);
  ASSERT_TRUE(cache.lookup("k0", 1));  // k0 becomes the most recent; k1 is now the oldest
  ASSERT_TRUE(cache.store("k4", 1, page(body, "image/png")));
  auto s = cache.stats();
  EXPECT_LE(s.bytes, o.max_bytes);
  EXPECT_GE(s.evictions, 1u);
  EXPECT_TRUE(cache.lookup("k0", 1));
  EXPECT_TRUE(cache.lookup("k4", 1));
  EXPECT_FALSE(cache.lookup("k1", 1));
  // Larger than the whole budget: refused, nothing else disturbed.
  EXPECT_FALSE(cache.store("huge", 1, page(std::string(20000, 'y'), "image/png")));
  EXPECT_FALSE(cache.lookup("huge", 1));
  EXPECT_TRUE(cache.lookup("k4", 1));
}

TEST(PageCache, ConcurrentReadersAndWriters) {
  PageCacheOptions o;
  o.max_bytes = 200000;
  o.shards = 4;
  PageCache cache(o);
  constexpr int kKeys = 50;
  constexpr int kThreads = 6;
  constexpr int kRounds = 2000;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        int k = (i * 7 + t) % kKeys;
        std::string key = "k" + std::to_string(k);
        std::uint64_t version = static_cast<std::uint64_t>(i / 500);
        if (auto hit = cache.lookup(key, version)) {
          // Every body names its key and version: a hit must be exactly what was stored.
          if (*hit->body != text(1500, static_cast<char>('a' + k % 26)) + key + "@" + std::to_string(version)) ++wrong;
        } else {
          cache.store(key, version, page(text(1500, static_cast<char>('a' + k % 26)) + key + "@" + std::to_string(version)));
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  auto s = cache.stats();
  EXPECT_EQ(s.hits + s.misses, static_cast<std::uint64_t>(kThreads * kRounds));
  EXPECT_GT(s.hits, 0u);
  EXPECT_LE(s.bytes, o.max_bytes);
}

}  // namespace
}  // namespace barometer::web
