// The Store's SQL for PostgreSQL, bound to one connection. PostgresStore leases a pooled connection
// per call and delegates here; inside `transact` the same object is the `tx` handed to the work.
// It mirrors storage/sqlite/connection_store.* query for query (same semantics and messages);
// the differences are RETURNING id, affected rows from the statement, and arrays for id lists.
//
// Every write runs in its own transaction, or in a SAVEPOINT when a transaction is already open,
// so it is atomic even inside a larger transact(). Multi-query reads use a read transaction so
// they see one snapshot. Not thread-safe (neither is the connection).
#pragma once

#include <functional>

#include "storage/postgres/connection.hpp"
#include "storage/validate.hpp"
#include "storage/store.hpp"

namespace barometer::postgres {

class ConnectionStore final : public Store {
 public:
  // `version` answers content_version() (the owning store's counter).
  ConnectionStore(Connection& connection, std::function<std::uint64_t()> version)
      : c_(connection), version_(std::move(version)) {}

  Status transact(const std::function<Status(Store& tx)>& work) override;
  std::uint64_t content_version() override { return version_(); }

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
  Result<storage::KnownLanguages> known_languages();
  Status write_topic_texts(Id id, const Topic& topic);
  Status write_author_texts(Id id, const Author& author);
  Status write_page_texts(Id id, const Page& page);
  Result<std::vector<Topic>> select_topics(std::string_view where, std::string_view key);
  Result<std::vector<Author>> select_authors(std::string_view where, std::string_view key);
  Result<std::vector<Page>> select_pages(std::string_view where, Id key);
  Status check_commentary_refs(const Commentary& c);
  Status write_commentary_parts(Id id, const Commentary& c);
  Result<std::vector<Commentary>> load_commentaries(Statement& rows);

  Connection& c_;
  std::function<std::uint64_t()> version_;
};

}  // namespace barometer::postgres
