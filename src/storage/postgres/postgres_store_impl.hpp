// PostgresStore: the Store over a pool of libpq connections. Internal to storage/ (app code gets
// it as a Store from open_postgres_store); tests include it to inspect connections.
//
// Every call leases a pooled connection; PostgreSQL's MVCC lets reads and writes run side by side
// and its constraints and row locks keep concurrent writers (in this process or on other nodes)
// consistent, so unlike the SQLite backend there is no in-process write lock.
// Inside transact(), write through `tx`, never through this store: a write through the outer
// store from the work's thread returns `unavailable` at once (as on SQLite), because on another
// connection it could wait forever for a row lock the transaction itself holds.
//
// content_version(): a local counter, bumped at once by this store's own writes and, for writes
// by anyone else, when a NOTIFY on kContentChannel arrives on a dedicated listening connection
// (checked without blocking at most every version_check_interval_ms).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

#include "storage/postgres/connection_store.hpp"
#include "storage/postgres/pool.hpp"
#include "storage/postgres/postgres_store.hpp"

namespace barometer::postgres {

class PostgresStore final : public Store {
 public:
  static Result<std::unique_ptr<PostgresStore>> open(const PostgresOptions& options);

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
  explicit PostgresStore(const PostgresOptions& options);
  template <class F>
  auto read(F&& f) -> decltype(f(std::declval<ConnectionStore&>()));
  template <class F>
  auto write(F&& f) -> decltype(f(std::declval<ConnectionStore&>()));
  std::function<std::uint64_t()> version_fn() {
    return [this] { return content_version(); };
  }
  // (Re)connects the listening connection and LISTENs. Caller holds watch_mutex_.
  Status listen();
  // Drains pending notifications; true if any arrived or the link had to be re-established.
  bool poll_notifications();

  const PostgresOptions options_;
  ConnectionPool pool_;
  std::atomic<std::uint64_t> version_{1};
  std::atomic<std::int64_t> next_check_ns_{0};  // steady clock; when notifications are next read
  std::mutex watch_mutex_;
  std::unique_ptr<Connection> listener_;        // guarded by watch_mutex_; only LISTENs
};

}  // namespace barometer::postgres
