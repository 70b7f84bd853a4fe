// Database: the one handle on everything barometer keeps. One pool of connections, one migration
// pass, and five facets named from the glossary:
//   content()      commentaries, topics, authors, pages, the site (Store; what readers see)
//   staff()        staff accounts, sessions, sign-in throttling, commentary owners (StaffStore)
//   history()      revisions and the audit log (HistoryStore)
//   subscribers()  subscribers, consent, rate events, the confirmation outbox (NewsletterStore)
//   deliveries()   digests and the per-recipient ledger (DeliveryStore)
//   search()       full-text search over the published translations (SearchStore; kept in step
//                  by the content store's own writes)
//   webhooks()     the webhooks admins registered and their delivery ledger (WebhookStore)
//   imports()      what imports brought in and the old addresses that still answer (ImportStore,
//                  docs/decisions/0023-wordpress-import.md)
// and transact(), one transaction across them: a publish writes the commentary, its owner, its
// revision and its audit line, and either all of it is committed or none of it.
//
// Only transactions that wrote content move content_version() (the page caches' tag); the other
// facets' writes never empty a cache.
//
// Backends: open_sqlite_database (storage/sqlite/sqlite_store.hpp) and open_postgres_database
// (storage/postgres/postgres_store.hpp); app/ alone names them (app/database.hpp).
//
// Contract: thread-safe, as every facet is; expected failures are returned as each facet
// documents. The facets live as long as the Database.
#pragma once

#include <cstdint>
#include <functional>

#include "storage/delivery_store.hpp"
#include "storage/history_store.hpp"
#include "storage/import_store.hpp"
#include "storage/newsletter_store.hpp"
#include "storage/pool_stats.hpp"
#include "storage/search_store.hpp"
#include "storage/staff_store.hpp"
#include "storage/store.hpp"
#include "storage/table_rows.hpp"
#include "storage/webhook_store.hpp"

namespace barometer {

// The facets of one running transaction (Database::transact): every call through them reads and
// writes inside it. Valid only inside the work they were handed to.
struct Facets {
  Store& content;
  StaffStore& staff;
  HistoryStore& history;
  NewsletterStore& subscribers;
  DeliveryStore& deliveries;
  WebhookStore& webhooks;  // events enqueued with the change that caused them
  ImportStore& imports;
};

class Database {
 public:
  virtual ~Database() = default;

  virtual Store& content() = 0;
  virtual StaffStore& staff() = 0;
  virtual HistoryStore& history() = 0;
  virtual NewsletterStore& subscribers() = 0;
  virtual DeliveryStore& deliveries() = 0;
  virtual SearchStore& search() = 0;
  virtual WebhookStore& webhooks() = 0;
  virtual ImportStore& imports() = 0;

  // Runs `work` in one transaction on one connection: committed if it returns ok, rolled back
  // otherwise (also if it throws); the commit's error if that fails. Inside, use only `tx`: a
  // call through this database's own facets from the same thread returns `unavailable` at once
  // (on another connection it could wait for locks the transaction itself holds).
  virtual Status transact(const std::function<Status(Facets& tx)>& work) = 0;

  // The backup archive's two ways in (services/backup/, docs/decisions/0024-backup-archive.md).
  // snapshot: `work` reads every facet and whole tables inside one read transaction, so all it
  // reads is one instant (PostgreSQL: REPEATABLE READ READ ONLY; SQLite: one WAL read
  // transaction) while other connections keep writing. Reads only: a write through `tx` fails
  // (PostgreSQL) or is not serialised with this process's writers (SQLite).
  // transact_tables: transact() with whole tables too, in one content transaction (the commit
  // moves content_version, so every node's page cache refreshes).
  // Both: errors of `work`, of the backend, or unavailable when called inside this database's
  // own transact().
  virtual Status snapshot(const std::function<Status(Facets& tx, TableRows& tables)>& work) = 0;
  virtual Status transact_tables(const std::function<Status(Facets& tx, TableRows& tables)>& work) = 0;

  // content().content_version(): moves with every committed change of content, by this process
  // or any other sharing the database, and with nothing else.
  std::uint64_t content_version() { return content().content_version(); }

  // The connection pool's figures for /metrics; all zero for a database without a pool.
  virtual storage::PoolStats pool_stats() const { return {}; }
};

}  // namespace barometer
