// PooledStore<D>: the Store over a pool of one backend's connections, written once for both
// backends. Internal to storage/: SqliteStore and PostgresStore derive from it and supply how a
// connection is leased (and, for writes, whatever serialises writers on that backend) and how
// changes made by others are noticed. Every call leases a connection and runs the SQL of
// ConnectionStore<D> on it.
//
// Inside transact(), write through `tx`, never through this store: a write through the outer
// store from the work's thread returns `unavailable` at once rather than deadlocking (on SQLite it
// would wait for the write lock its own caller holds, on PostgreSQL for a row lock).
//
// content_version(): a counter bumped by every write of content made through this store and, at
// most once per `version_check_interval_ms`, when the backend's poll_changes() reports a change of
// content by anyone else. Both follow the database's content_version row (migration 0008), which
// only transactions that changed content move: writes of the other facets (subscribers, staff,
// history, deliveries) leave cached pages alone. The highest row value known here (committed by
// this store, or seen by the poll) is kept, so this store's own commits, when the poll or a
// notification reports them later, are not counted twice.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <utility>

#include "storage/sql/connection_store.hpp"
#include "storage/sql/sources.hpp"

namespace barometer::sql {

// The store whose write is running on this thread (see transact() above).
inline thread_local const void* tls_writing_store = nullptr;

template <class D>
class PooledStore : public Store {
 public:
  using Connection = typename D::Connection;
  using Bound = ConnectionStore<D>;

  Status transact(const std::function<Status(Store& tx)>& work) override {
    return write([&](Bound& s) { return s.transact(work); });
  }

  // transact() with the transaction's connection too, so that a Database's other facets can
  // join the same transaction (storage/sql/pooled_database.hpp).
  Status transact_on(const std::function<Status(Connection& c, Store& tx)>& work) {
    return write([&](Bound& s) { return s.transact([&](Store& tx) { return work(s.connection(), tx); }); });
  }

  std::uint64_t content_version() override {
    // At most one thread polls, at most once per interval; everyone else just reads the counter.
    std::int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::steady_clock::now().time_since_epoch()).count();
    std::int64_t next = next_check_ns_.load(std::memory_order_relaxed);
    if (now >= next && next_check_ns_.compare_exchange_strong(
                           next, now + std::int64_t{version_check_interval_ms_} * 1'000'000)) {
      std::unique_lock lock(watch_mutex_, std::try_to_lock);
      if (lock && poll_changes()) version_.fetch_add(1, std::memory_order_acq_rel);
    }
    return version_.load(std::memory_order_acquire);
  }

  Result<Site> load_site() override { return read([&](Bound& s) { return s.load_site(); }); }
  Status save_site(const Site& site) override { return write([&](Bound& s) { return s.save_site(site); }); }

  Result<std::vector<Topic>> list_topics() override { return read([&](Bound& s) { return s.list_topics(); }); }
  Result<Topic> find_topic(std::string_view slug) override {
    return read([&](Bound& s) { return s.find_topic(slug); });
  }
  Result<Id> add_topic(const Topic& t) override { return write([&](Bound& s) { return s.add_topic(t); }); }
  Status update_topic(const Topic& t) override { return write([&](Bound& s) { return s.update_topic(t); }); }

  Result<std::vector<Author>> list_authors() override { return read([&](Bound& s) { return s.list_authors(); }); }
  Result<Author> find_author(std::string_view slug) override {
    return read([&](Bound& s) { return s.find_author(slug); });
  }
  Result<Id> add_author(const Author& a) override { return write([&](Bound& s) { return s.add_author(a); }); }
  Status update_author(const Author& a) override { return write([&](Bound& s) { return s.update_author(a); }); }

  Result<std::vector<Page>> list_pages() override { return read([&](Bound& s) { return s.list_pages(); }); }
  Result<Page> find_page(const LangCode& lang, std::string_view slug) override {
    return read([&](Bound& s) { return s.find_page(lang, slug); });
  }
  Result<Id> add_page(const Page& p) override { return write([&](Bound& s) { return s.add_page(p); }); }
  Status update_page(const Page& p) override { return write([&](Bound& s) { return s.update_page(p); }); }

  Result<Id> add_commentary(const Commentary& c) override {
    return write([&](Bound& s) { return s.add_commentary(c); });
  }
  Status update_commentary(const Commentary& c) override {
    return write([&](Bound& s) { return s.update_commentary(c); });
  }
  Result<Commentary> get_commentary(Id id) override { return read([&](Bound& s) { return s.get_commentary(id); }); }
  Result<Commentary> find_published(Id topic_id, const LangCode& lang, std::string_view slug) override {
    return read([&](Bound& s) { return s.find_published(topic_id, lang, slug); });
  }
  Result<std::vector<Commentary>> find_commentaries(const CommentaryFilter& f) override {
    return read([&](Bound& s) { return s.find_commentaries(f); });
  }
  Result<int> count_commentaries(const CommentaryFilter& f) override {
    return read([&](Bound& s) { return s.count_commentaries(f); });
  }
  Result<std::vector<Marker>> find_markers(const CommentaryFilter& f) override {
    return read([&](Bound& s) { return s.find_markers(f); });
  }
  Result<std::vector<Id>> publish_due(Instant now) override {
    // Nearly every pass finds nothing due: answer that with a read, and write only when needed.
    auto due = read([&](Bound& s) { return s.has_due(now); });
    if (!due) return due.error();
    if (!*due) return std::vector<Id>{};
    return write([&](Bound& s) { return s.publish_due(now); });
  }
  Result<bool> has_due(Instant now) override { return read([&](Bound& s) { return s.has_due(now); }); }
  Result<std::optional<Period>> latest_published_period() override {
    return read([&](Bound& s) { return s.latest_published_period(); });
  }
  Result<std::optional<Period>> adjacent_published_period(const Period& from, Direction dir) override {
    return read([&](Bound& s) { return s.adjacent_published_period(from, dir); });
  }

 protected:
  enum class Access { read, write };

  explicit PooledStore(int version_check_interval_ms) : version_check_interval_ms_(version_check_interval_ms) {}

  // Leases a connection (for a write, after whatever serialises writers on this backend) and
  // runs `fn` on it; the error when none could be had in time, without running `fn`.
  virtual Status on_connection(Access access, const std::function<void(Connection&)>& fn) = 0;
  // Whether the content changed since the last call by a means this store did not see (another
  // store or process). Called by content_version() with watch_mutex_ held. Backends report the
  // content_version row values they learn through observe().
  virtual bool poll_changes() = 0;

  // Notes that the database's content version is `v`; true when that is newer than any known.
  bool observe(std::int64_t v) {
    std::int64_t known = known_version_.load(std::memory_order_acquire);
    while (v > known)
      if (known_version_.compare_exchange_weak(known, v, std::memory_order_acq_rel)) return true;
    return false;
  }

  std::mutex watch_mutex_;  // guards what poll_changes() uses

 private:
  template <class F>
  auto read(F&& f) -> decltype(f(std::declval<Bound&>())) {
    std::optional<decltype(f(std::declval<Bound&>()))> out;
    auto s = on_connection(Access::read, [&](Connection& c) {
      Bound store(c, version_fn());
      out.emplace(f(store));
    });
    if (!s) return s.error();
    return std::move(*out);
  }

  template <class F>
  auto write(F&& f) -> decltype(f(std::declval<Bound&>())) {
    if (tls_writing_store == this)
      return unavailable("write through the store inside its own transact(); use the `tx` argument");
    std::optional<decltype(f(std::declval<Bound&>()))> out;
    auto s = on_connection(Access::write, [&](Connection& c) {
      ThreadMark mark(tls_writing_store, this);
      c.content_changed = false;  // set by the transactions that change content
      c.committed_content_version = 0;
      Bound store(c, version_fn());
      out.emplace(f(store));
      if (c.content_changed) {
        // Counted even on failure: cheap, and a failed commit may still have taken effect.
        version_.fetch_add(1, std::memory_order_acq_rel);
        if (c.committed_content_version > 0) observe(c.committed_content_version);
      }
    });
    if (!s) return s.error();
    return std::move(*out);
  }

  std::function<std::uint64_t()> version_fn() {
    return [this] { return content_version(); };
  }

  const int version_check_interval_ms_;
  std::atomic<std::uint64_t> version_{1};
  std::atomic<std::int64_t> next_check_ns_{0};  // steady clock; when poll_changes() is next called
  std::atomic<std::int64_t> known_version_{0};  // the highest content_version row value known
};

}  // namespace barometer::sql
