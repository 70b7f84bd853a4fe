// SqliteStore: the Store over a pool of SQLite connections. Internal to storage/ (app code gets
// it as a Store from open_sqlite_store); tests include it to inspect connections.
//
// Reads lease any pooled connection (WAL lets them run beside a writer). Writes, including
// transact(), are serialised in-process by a timed mutex (so writers queue instead of spinning
// in SQLite's busy handler) and across processes by BEGIN IMMEDIATE with busy_timeout.
// Inside transact(), write through `tx`, never through this store: a write through the outer
// store from inside the work returns `unavailable` at once rather than deadlocking.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

#include "storage/sqlite/connection_store.hpp"
#include "storage/sqlite/pool.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace barometer::sqlite {

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<SqliteStore>> open(const SqliteOptions& options);

  // Runs `fn` on a pooled connection, outside any transaction (tests, diagnostics).
  Status with_connection(const std::function<Status(Connection&)>& fn);

  Status transact(const std::function<Status(Store& tx)>& work) override;
  std::uint64_t content_version() override;

  Result<Site> load_site() override;
  Status save_site(const Site& site) override;
  Result<std::vector<Topic>> list_topics() override;
  Result<Topic> find_topic(std::string_view slug) override;
  Result<Id> add_topic(const Topic& topic) override;
  Status update_topic(const Topic& topic) override;
  Result<std::vector<Author>> list_authors() override;
  Result<Author> find_author(std::string_view slug) override;
  Result<Id> add_author(const Author& author) override;
  Status update_author(const Author& author) override;
  Result<std::vector<Page>> list_pages() override;
  Result<Page> find_page(const LangCode& lang, std::string_view slug) override;
  Result<Id> add_page(const Page& page) override;
  Status update_page(const Page& page) override;
  Result<Id> add_commentary(const Commentary& commentary) override;
  Status update_commentary(const Commentary& commentary) override;
  Result<Commentary> get_commentary(Id id) override;
  Result<Commentary> find_published(Id topic_id, const LangCode& lang, std::string_view slug) override;
  Result<std::vector<Commentary>> find_commentaries(const CommentaryFilter& filter) override;
  Result<int> count_commentaries(const CommentaryFilter& filter) override;
  Result<std::vector<Marker>> find_markers(const CommentaryFilter& filter) override;
  Result<std::optional<Period>> latest_published_period() override;
  Result<std::optional<Period>> adjacent_published_period(const Period& from, Direction dir) override;

 private:
  SqliteStore(const SqliteOptions& options, std::unique_ptr<Connection> watcher, std::int64_t data_version);
  template <class F>
  auto read(F&& f) -> decltype(f(std::declval<ConnectionStore&>()));
  template <class F>
  auto write(F&& f) -> decltype(f(std::declval<ConnectionStore&>()));
  std::function<std::uint64_t()> version_fn() {
    return [this] { return content_version(); };
  }

  const SqliteOptions options_;
  ConnectionPool pool_;
  std::timed_mutex write_mutex_;          // held for the whole of each write / transact
  std::atomic<std::uint64_t> version_{1};
  std::atomic<std::int64_t> next_check_ns_{0};  // steady clock; when data_version is next read
  std::mutex watch_mutex_;
  std::unique_ptr<Connection> watcher_;   // guarded by watch_mutex_; only runs PRAGMA data_version
  std::int64_t data_version_;             // guarded by watch_mutex_
};

}  // namespace barometer::sqlite
