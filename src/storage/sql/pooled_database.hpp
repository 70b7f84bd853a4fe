// PooledDatabase<Backend>: the Database over one backend's content store and its pool, written once
// for both backends. Internal to storage/: each backend's .cpp instantiates it with its store
// (sqlite::SqliteStore, postgres::PostgresStore) and its dialect.
//
// The content facet is the backend store itself (its pool, write serialisation and content
// version); the other facets are the SQL templates leasing from the same pool (PoolSource), and
// inside transact() the same templates bound to the transaction's connection (FixedSource).
#pragma once

#include <memory>

#include "storage/database.hpp"
#include "storage/sql/connection_store.hpp"
#include "storage/sql/delivery_sql.hpp"
#include "storage/sql/history_sql.hpp"
#include "storage/sql/import_sql.hpp"
#include "storage/sql/newsletter_sql.hpp"
#include "storage/sql/search_sql.hpp"
#include "storage/sql/sources.hpp"
#include "storage/sql/staff_sql.hpp"
#include "storage/sql/table_sql.hpp"
#include "storage/sql/webhook_sql.hpp"

namespace barometer::sql {

template <class Backend, class D>
class PooledDatabase final : public Database {
 public:
  using Connection = typename D::Connection;
  using Pool = std::remove_reference_t<decltype(std::declval<Backend&>().pool())>;

  explicit PooledDatabase(std::unique_ptr<Backend> content)
      : content_(std::move(content)),
        staff_(PoolSource<Pool>(content_->pool(), this)),
        history_(PoolSource<Pool>(content_->pool(), this)),
        subscribers_(PoolSource<Pool>(content_->pool(), this)),
        deliveries_(PoolSource<Pool>(content_->pool(), this)),
        search_(PoolSource<Pool>(content_->pool(), this)),
        webhooks_(PoolSource<Pool>(content_->pool(), this)),
        imports_(PoolSource<Pool>(content_->pool(), this)) {}

  Store& content() override { return *content_; }
  StaffStore& staff() override { return staff_; }
  HistoryStore& history() override { return history_; }
  NewsletterStore& subscribers() override { return subscribers_; }
  DeliveryStore& deliveries() override { return deliveries_; }
  SearchStore& search() override { return search_; }
  WebhookStore& webhooks() override { return webhooks_; }
  ImportStore& imports() override { return imports_; }

  storage::PoolStats pool_stats() const override { return content_->pool().stats(); }

  Status transact(const std::function<Status(Facets& tx)>& work) override {
    return content_->transact_on([&](Connection& c, Store& content_tx) -> Status {
      return with_facets(c, content_tx, [&](Facets& tx, TableRows&) { return work(tx); });
    });
  }

  Status transact_tables(const std::function<Status(Facets& tx, TableRows& tables)>& work) override {
    return content_->transact_on([&](Connection& c, Store& content_tx) -> Status {
      // Whole tables are content: a savepoint in content mode makes the commit move the version.
      auto content = D::Transaction::begin(c, D::Transaction::Mode::content);
      if (!content) return content.error();
      if (auto s = with_facets(c, content_tx, work); !s) return s;
      return content->commit();
    });
  }

  Status snapshot(const std::function<Status(Facets& tx, TableRows& tables)>& work) override {
    if (tls_transacting_database == this)
      return unavailable("a snapshot inside the database's own transact(); use the `tx` facets");
    auto lease = content_->pool().acquire();
    if (!lease) return lease.error();
    Connection& c = **lease;
    auto tx = D::Transaction::begin(c, D::Transaction::Mode::read);
    if (!tx) return tx.error();
    ConnectionStore<D> content_tx(c, [this] { return content_->content_version(); });
    if (auto s = with_facets(c, content_tx, work); !s) return s;
    return tx->commit();
  }

 private:
  // The facets (and whole tables) of one transaction running on `c`.
  Status with_facets(Connection& c, Store& content_tx,
                     const std::function<Status(Facets& tx, TableRows& tables)>& work) {
    ThreadMark mark(tls_transacting_database, this);
    storage::StaffSql<FixedSource<Connection>> staff(FixedSource<Connection>{c});
    storage::HistorySql<FixedSource<Connection>> history(FixedSource<Connection>{c});
    storage::NewsletterSql<FixedSource<Connection>, D> subscribers(FixedSource<Connection>{c});
    storage::DeliverySql<FixedSource<Connection>, D> deliveries(FixedSource<Connection>{c});
    storage::WebhookSql<FixedSource<Connection>, D> webhooks(FixedSource<Connection>{c});
    storage::ImportSql<FixedSource<Connection>> imports(FixedSource<Connection>{c});
    storage::TableSql<FixedSource<Connection>, D> tables(FixedSource<Connection>{c});
    Facets tx{content_tx, staff, history, subscribers, deliveries, webhooks, imports};
    return work(tx, tables);
  }

  std::unique_ptr<Backend> content_;
  storage::StaffSql<PoolSource<Pool>> staff_;
  storage::HistorySql<PoolSource<Pool>> history_;
  storage::NewsletterSql<PoolSource<Pool>, D> subscribers_;
  storage::DeliverySql<PoolSource<Pool>, D> deliveries_;
  storage::SearchSql<PoolSource<Pool>, D> search_;
  storage::WebhookSql<PoolSource<Pool>, D> webhooks_;
  storage::ImportSql<PoolSource<Pool>> imports_;
};

}  // namespace barometer::sql
