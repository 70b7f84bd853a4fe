// PageCache: rendered responses kept in memory, keyed by a string the caller builds (the app
// uses language + path + query), each tagged with the content version it was rendered from.
//
// Contract:
//  - lookup(key, version) hits only when an entry exists for `key` with exactly `version`;
//    an entry from another version is a miss (the content changed since it was rendered).
//  - store() keeps a copy of the response (body shared, not copied) and adds a strong ETag
//    (unless the response has one). The best-level gzip body of compressible content of at least
//    `min_gzip_size` bytes is made once per entry, by the first lookup that wants it (a reader
//    whose client accepts gzip), and kept: later hits need no hashing or compression, and a page
//    rendered for a client without gzip (a crawler, a static build, the benchmark) does not pay
//    for compression it does not use.
//  - Memory is bounded by `max_bytes` (body + gzip + key + headers, approximately); when a shard
//    is over its share, the least recently used entries go first. A response larger than a
//    shard's share is not stored.
//  - Thread-safe. Lookups take a shared lock on one of `shards` shards and copy a few pointers
//    and headers; recency is an atomic stamp, so readers never contend on a write lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/http.hpp"

namespace barometer::web {

struct PageCacheOptions {
  // Upper bound on cached bytes across all shards. Default 64 MiB.
  std::size_t max_bytes = 64u << 20;
  // Independent lock domains; keys are spread by hash. Default 16 (1 in tests that count bytes).
  std::size_t shards = 16;
  // Responses with compressible bodies at least this long (bytes) get a gzip_body (on the first
  // lookup that wants it). Default 1 KiB.
  std::size_t min_gzip_size = 1024;
};

struct PageCacheStats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;     // includes lookups that found an entry of another version
  std::uint64_t stores = 0;
  std::uint64_t evictions = 0;  // entries dropped to stay under max_bytes
  std::size_t entries = 0;
  std::size_t bytes = 0;
};

class PageCache {
 public:
  explicit PageCache(PageCacheOptions options = {});
  ~PageCache();
  PageCache(const PageCache&) = delete;
  PageCache& operator=(const PageCache&) = delete;

  // The cached response for `key` rendered at `version`, or nullopt. With `gzip`, the response
  // carries its gzip_body when it is worth one (made now if it is this entry's first such lookup).
  std::optional<Response> lookup(std::string_view key, std::uint64_t version, bool gzip = true);

  // Caches `response` for `key` at `version`, replacing any previous entry for the key.
  // Returns false when the response is too large to cache.
  bool store(std::string key, std::uint64_t version, Response response);

  // Drops every entry (counters are kept).
  void clear();

  PageCacheStats stats() const;

 private:
  struct Shard;
  Shard& shard_for(std::string_view key);

  PageCacheOptions options_;
  std::size_t shard_budget_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace barometer::web
