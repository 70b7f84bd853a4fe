#include "web/page_cache.hpp"

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "web/etag.hpp"
#include "web/gzip.hpp"

namespace barometer::web {
namespace {

// Rough fixed cost of an entry beyond its strings (map node, control blocks, vectors).
constexpr std::size_t kEntryOverhead = 256;

struct KeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

std::size_t entry_bytes(const std::string& key, const Response& r) {
  std::size_t n = kEntryOverhead + key.size() + r.body->size() + (r.gzip_body ? r.gzip_body->size() : 0);
  for (const auto& h : r.headers) n += h.name.size() + h.value.size() + sizeof(Header);
  return n;
}

}  // namespace

struct PageCache::Shard {
  struct Entry {
    std::uint64_t version = 0;
    Response response;
    std::size_t bytes = 0;
    bool gzip_pending = false;  // worth a gzip_body that no lookup has wanted yet; guarded by mutex
    std::atomic<std::uint64_t> last_used{0};  // written under the shared lock, hence atomic
  };

  mutable std::shared_mutex mutex;
  std::unordered_map<std::string, std::unique_ptr<Entry>, KeyHash, std::equal_to<>> entries;  // guarded by mutex
  std::size_t bytes = 0;                                                                       // guarded by mutex
  std::uint64_t stores = 0;                                                                    // guarded by mutex
  std::uint64_t evictions = 0;                                                                 // guarded by mutex
  // Touched by readers; on their own cache line so hits do not bounce the lock's line.
  alignas(64) std::atomic<std::uint64_t> clock{0};
  std::atomic<std::uint64_t> hits{0};
  std::atomic<std::uint64_t> misses{0};

  // Drops least recently used entries, never `keep`, until bytes <= target. Caller holds the
  // unique lock.
  void evict_to(std::size_t target, const std::string& keep) {
    std::vector<std::pair<std::uint64_t, const std::string*>> order;
    order.reserve(entries.size());
    for (const auto& [key, entry] : entries) order.emplace_back(entry->last_used.load(std::memory_order_relaxed), &key);
    std::sort(order.begin(), order.end());
    for (const auto& [stamp, key] : order) {
      if (bytes <= target) break;
      if (*key == keep) continue;
      auto it = entries.find(*key);
      bytes -= it->second->bytes;
      entries.erase(it);
      ++evictions;
    }
  }
};

PageCache::PageCache(PageCacheOptions options) : options_(options) {
  if (options_.shards == 0) options_.shards = 1;
  shard_budget_ = options_.max_bytes / options_.shards;
  shards_.reserve(options_.shards);
  for (std::size_t i = 0; i < options_.shards; ++i) shards_.push_back(std::make_unique<Shard>());
}

PageCache::~PageCache() = default;

PageCache::Shard& PageCache::shard_for(std::string_view key) {
  // Mix the hash again: the map inside the shard uses the same hash's low bits.
  std::size_t h = KeyHash{}(key);
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 32;
  return *shards_[h % shards_.size()];
}

std::optional<Response> PageCache::lookup(std::string_view key, std::uint64_t version, bool gzip) {
  Shard& shard = shard_for(key);
  std::optional<Response> found;
  bool make_gzip = false;
  {
    std::shared_lock lock(shard.mutex);
    auto it = shard.entries.find(key);
    if (it != shard.entries.end() && it->second->version == version) {
      Shard::Entry& entry = *it->second;
      entry.last_used.store(shard.clock.fetch_add(1, std::memory_order_relaxed), std::memory_order_relaxed);
      shard.hits.fetch_add(1, std::memory_order_relaxed);
      found = entry.response;
      make_gzip = gzip && entry.gzip_pending;
    }
  }
  if (!found) {
    shard.misses.fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
  }
  if (!make_gzip) return found;
  // The first lookup that wants gzip compresses, outside the lock; should two race, both
  // compress and the first to come back keeps its body.
  auto gz = gzip_compress(*found->body, kGzipLevelBest);
  std::shared_ptr<const std::string> body;
  if (gz && gz->size() < found->body->size()) body = std::make_shared<const std::string>(std::move(*gz));
  std::unique_lock lock(shard.mutex);
  auto it = shard.entries.find(key);
  if (it == shard.entries.end() || it->second->response.body != found->body) return found;  // replaced meanwhile
  Shard::Entry& entry = *it->second;
  if (entry.gzip_pending) {
    entry.gzip_pending = false;
    if (body) {
      entry.response.gzip_body = std::move(body);
      const std::size_t grown = entry_bytes(it->first, entry.response);
      shard.bytes += grown - entry.bytes;
      entry.bytes = grown;
      if (shard.bytes > shard_budget_) {
        const std::string keep = it->first;
        shard.evict_to(shard_budget_ - shard_budget_ / 8, keep);
      }
    }
  }
  // The entry may just have been evicted for room; `found` shares its body either way.
  auto again = shard.entries.find(key);
  if (again != shard.entries.end()) found->gzip_body = again->second->response.gzip_body;
  return found;
}

bool PageCache::store(std::string key, std::uint64_t version, Response response) {
  // The hash happens once per entry and outside the lock; the compression on first want (lookup).
  if (response.status == 200 && response.header("ETag").empty()) response.set_header("ETag", make_etag(*response.body));
  auto entry = std::make_unique<Shard::Entry>();
  entry->gzip_pending = !response.gzip_body && response.body->size() >= options_.min_gzip_size &&
                        response.header("Content-Encoding").empty() &&
                        is_compressible_type(response.header("Content-Type"));
  entry->version = version;
  entry->bytes = entry_bytes(key, response);
  entry->response = std::move(response);
  if (entry->bytes > shard_budget_) return false;

  Shard& shard = shard_for(key);
  std::unique_lock lock(shard.mutex);
  entry->last_used.store(shard.clock.fetch_add(1, std::memory_order_relaxed), std::memory_order_relaxed);
  auto [it, inserted] = shard.entries.try_emplace(std::move(key));
  if (!inserted) shard.bytes -= it->second->bytes;
  shard.bytes += entry->bytes;
  it->second = std::move(entry);
  ++shard.stores;
  // Evict down to 7/8 of the budget so that a full cache does not sort on every store.
  if (shard.bytes > shard_budget_) shard.evict_to(shard_budget_ - shard_budget_ / 8, it->first);
  return true;
}

void PageCache::clear() {
  for (auto& shard : shards_) {
    std::unique_lock lock(shard->mutex);
    shard->entries.clear();
    shard->bytes = 0;
  }
}

PageCacheStats PageCache::stats() const {
  PageCacheStats s;
  for (const auto& shard : shards_) {
    std::shared_lock lock(shard->mutex);
    s.hits += shard->hits.load(std::memory_order_relaxed);
    s.misses += shard->misses.load(std::memory_order_relaxed);
    s.stores += shard->stores;
    s.evictions += shard->evictions;
    s.entries += shard->entries.size();
    s.bytes += shard->bytes;
  }
  return s;
}

}  // namespace barometer::web
