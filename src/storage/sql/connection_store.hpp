// The Store's SQL, written once for both backends and bound to one connection. Internal to
// storage/. Each backend's store leases a pooled connection per call and delegates here; inside
// `transact` the same object is the `tx` handed to the caller's work.
//
// `D` is the backend's dialect: its Connection / Statement / Transaction types (the SQLite and
// libpq wrappers share the shape used here: prepare with `?` placeholders, bind, step, run,
// int64, text, Transaction::begin(connection, Mode)) plus the few points where the SQL or the
// API differs:
//   static constexpr const char* kCollateC;    // appended to ORDER BY on text: byte order
//   static constexpr const char* kNoLimit;     // LIMIT value meaning "all rows"
//   static constexpr const char* kReturningId; // appended to an INSERT so run_insert sees the id
//   static constexpr const char* kInList;      // "<column>" + kInList: column is in the list bound to ?
//   static constexpr const char* kNotInList;   // the negation of kInList
//   static std::string list(const std::vector<std::string>& items);  // literal for kInList's ?
//   static Result<Id> run_insert(Connection&, Statement&);           // executes, gives the new id
//   static std::int64_t affected(Connection&, Statement&);           // rows the last run() changed
// Each backend instantiates the template once (explicitly, in its connection_store.cpp).
//
// Every write runs in its own transaction, or in a SAVEPOINT when a transaction is already open,
// so it is atomic even inside a larger transact(); it is begun in Mode::content, so the commit
// that ends it moves the content version (caches refresh), which nothing else moves. Multi-query reads use a read transaction so
// they see one snapshot. Not thread-safe (neither is the connection).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/store.hpp"
#include "storage/validate.hpp"

namespace barometer::sql {

// The first of `found`, or not_found(`missing`) when it is empty: the find_* that select a list.
template <class T>
Result<T> first_of(Result<std::vector<T>> found, const std::string& missing) {
  if (!found) return found.error();
  if (found->empty()) return not_found(missing);
  return std::move(found->front());
}

template <class D>
class ConnectionStore final : public Store {
 public:
  using Connection = typename D::Connection;
  using Statement = typename D::Statement;
  using Transaction = typename D::Transaction;

  // `version` answers content_version() (the owning store's counter).
  ConnectionStore(Connection& connection, std::function<std::uint64_t()> version)
      : c_(connection), version_(std::move(version)) {}

  Status transact(const std::function<Status(Store& tx)>& work) override;
  std::uint64_t content_version() override { return version_(); }
  Connection& connection() { return c_; }

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
  Result<std::vector<Id>> publish_due(Instant now) override;
  Result<bool> has_due(Instant now) override;

  Result<std::optional<Period>> latest_published_period() override;
  Result<std::optional<Period>> adjacent_published_period(const Period& from, Direction dir) override;

 private:
  static constexpr auto kRead = Transaction::Mode::read;
  // Every write of the Store changes content: its transaction's COMMIT moves the content version.
  static constexpr auto kWrite = Transaction::Mode::content;

  // `validate(entity, known languages)`, against the languages stored now.
  template <class T>
  Status validated(Status (*validate)(const T&, const storage::KnownLanguages&), const T& entity);
  // Runs an INSERT (its SQL ends in D::kReturningId): the new id; a conflict becomes `on_conflict`.
  Result<Id> insert(Statement& st, const std::string& on_conflict);
  // Runs an UPDATE of one row: a conflict becomes `on_conflict`, no row changed becomes `missing`.
  Status update(Statement& st, const std::string& on_conflict, const std::string& missing);
  // Rows of `head_sql` made into T by `make`, then every row of `texts_sql` (first column: the
  // owner's id) attached to its owner by `attach`. With `keyed`, both bind `key` to their `?`.
  template <class T, class Key, class Make, class Attach>
  Result<std::vector<T>> select_with_texts(const std::string& head_sql, const std::string& texts_sql, bool keyed,
                                           const Key& key, Make make, Attach attach);
  // What add_/update_ topic, author and page share: validate `entity`, then in one transaction run
  // `row_sql` with the parameters `bind` sets and replace the entity's texts with `write_texts`.
  // Without `missing` the statement is an INSERT and the new id is returned; with it, an UPDATE
  // of entity.id, and no row changed becomes not_found(*missing). A conflict becomes `taken`.
  template <class T, class Bind>
  Result<Id> save_with_texts(Status (*validate)(const T&, const storage::KnownLanguages&), const T& entity,
                             const std::string& row_sql, Bind bind, const std::string& taken,
                             Status (ConnectionStore::*write_texts)(Id, const T&),
                             const std::optional<std::string>& missing = std::nullopt);
  // Deletes the texts owned by `id` (`delete_sql`), then prepares `insert_sql` once per entry of
  // `texts` and lets `write(statement, lang, text)` bind and run it.
  template <class Texts, class Write>
  Status replace_texts(const char* delete_sql, const char* insert_sql, Id id, const Texts& texts, Write write);

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

}  // namespace barometer::sql
