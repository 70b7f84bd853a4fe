// Where a facet's SQL gets its connection. The facet templates (staff_sql.hpp, history_sql.hpp,
// newsletter_sql.hpp, delivery_sql.hpp) lease one per call from a Source:
//   PoolSource<Pool>      (the pool of the content store: the facets of one Database),
//   FixedSource<Conn>     (one connection inside Database::transact: every call joins its
//                          transaction).
// A Source has `Lease` (dereferences to the connection) and `Result<Lease> acquire()`.
#pragma once

#include <utility>

#include "domain/result.hpp"

namespace barometer::sql {

// The Database whose transact() is running on this thread (null: none). Its pooled facets refuse
// calls from inside it: on another connection they could wait for the transaction's own locks.
inline thread_local const void* tls_transacting_database = nullptr;

// Sets a thread-local mark (which store or database is writing on this thread) for its lifetime
// and restores the outer one, also when the work throws.
class ThreadMark {
 public:
  ThreadMark(const void*& mark, const void* self) : mark_(mark), outer_(mark) { mark_ = self; }
  ~ThreadMark() { mark_ = outer_; }
  ThreadMark(const ThreadMark&) = delete;
  ThreadMark& operator=(const ThreadMark&) = delete;

 private:
  const void*& mark_;
  const void* outer_;
};

// Leases from a pool owned elsewhere (by the Database), on behalf of `owner`.
template <class Pool>
class PoolSource {
 public:
  using Lease = typename Pool::Lease;
  PoolSource(Pool& pool, const void* owner) : pool_(&pool), owner_(owner) {}
  Result<Lease> acquire() {
    if (tls_transacting_database == owner_)
      return unavailable("a call through the database inside its own transact(); use the `tx` facets");
    return pool_->acquire();
  }

 private:
  Pool* pool_;
  const void* owner_;
};

// The one connection of a running transaction; every "lease" is that connection.
template <class Connection>
class FixedSource {
 public:
  class Lease {
   public:
    explicit Lease(Connection* c) : c_(c) {}
    Connection& operator*() const { return *c_; }
    Connection* operator->() const { return c_; }

   private:
    Connection* c_;
  };
  explicit FixedSource(Connection& connection) : c_(&connection) {}
  Result<Lease> acquire() { return Lease(c_); }

 private:
  Connection* c_;
};

// What every facet's `with(f)` does: lease a connection from `source`, run `f` on it.
template <class Source, class F>
auto with_connection(Source& source, F&& f) -> decltype(f(*std::declval<typename Source::Lease&>())) {
  auto lease = source.acquire();
  if (!lease) return lease.error();
  return f(**lease);
}

}  // namespace barometer::sql
