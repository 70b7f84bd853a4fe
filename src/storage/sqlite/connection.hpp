// RAII wrappers over the SQLite C API: a connection that owns its cached prepared statements,
// a borrowed statement with typed bind/column helpers, and a transaction guard.
//
// Thread-safety: a Connection is used by one thread at a time (the pool hands it out); nothing
// here locks. Errors are returned as barometer::Error values mapped by `sqlite_error`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace barometer::sqlite {

// Maps an SQLite result code (extended codes understood) to an Error:
// UNIQUE/PRIMARYKEY/FOREIGNKEY constraint -> conflict, CHECK/NOTNULL -> invalid,
// BUSY/LOCKED -> unavailable, anything else -> io. `what` prefixes the message.
Error sqlite_error(int extended_code, std::string_view what, std::string_view detail);

class Connection;

// A prepared statement borrowed from a Connection's cache. On destruction it is reset and its
// bindings cleared, ready for the next borrower. Indexes are 1-based for bind, 0-based for columns.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const char* value) { return bind(index, std::string_view{value}); }
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view{value}); }
  Statement& bind_null(int index);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // Advances: true when a row is available, false when done, or the mapped error.
  Result<bool> step();
  // Steps to completion, for statements that return no rows.
  Status run();

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  int int32(int column) const { return static_cast<int>(int64(column)); }
  double real(int column) const;
  std::string text(int column) const;

 private:
  friend class Connection;
  Statement(Connection& connection, sqlite3_stmt* stmt, bool owned);
  void note_bind(int rc);

  Connection* connection_;
  sqlite3_stmt* stmt_;
  bool owned_;      // not from the cache (cache entry was busy): finalized on destruction
  int bind_rc_ = 0; // first failed bind, reported by step()
};

class Connection {
 public:
  // Opens (creating if absent) `path` and applies the per-connection settings: WAL,
  // synchronous=FULL, foreign_keys=ON and the busy timeout.
  static Result<std::unique_ptr<Connection>> open(const std::string& path, int busy_timeout_ms);
  // Opens an existing file read-only, without changing any setting (for inspection).
  static Result<std::unique_ptr<Connection>> open_read_only(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A statement for `sql`, prepared once per connection and cached by its text. If the cached
  // one is still borrowed (a nested use), a private one is prepared instead.
  Result<Statement> prepare(std::string_view sql);
  // Runs one or more statements without results (DDL, PRAGMA, BEGIN ...).
  Status exec(const std::string& sql);

  std::int64_t last_insert_id() const;
  int changes() const;  // rows changed by the last completed INSERT/UPDATE/DELETE
  bool in_transaction() const;
  std::string error_message() const;
  int extended_error_code() const;
  sqlite3* handle() { return db_; }

  // Savepoint nesting depth, maintained by Transaction.
  int savepoint_depth = 0;
  // Maintained by Transaction: whether the open transaction changed content (a part of it was
  // begun in Mode::content), and the content version the last outermost COMMIT wrote (0: that
  // commit changed no content). Read by the store after a write to learn its own version.
  bool content_changed = false;
  std::int64_t committed_content_version = 0;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  friend class Statement;
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool borrowed = false;
  };
  sqlite3* db_;
  std::unordered_map<std::string, Cached> cache_;
};

// A transaction guard. `begin` starts a real transaction when the connection has none (DEFERRED
// for reads, IMMEDIATE for writes so the write lock is taken up front), or a SAVEPOINT when one
// is already open, so nested work commits or rolls back as a unit. The destructor rolls back
// unless commit() succeeded.
// Mode::content is a write that changes content (the Store's writes): the outermost COMMIT of a
// transaction any part of which was begun so bumps the content_version row first (migration
// 0008), so caches move with content and not with every commit (subscribes, sign-ins, sends).
class Transaction {
 public:
  enum class Mode { read, write, content };
  static Result<Transaction> begin(Connection& connection, Mode mode);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status commit();

 private:
  Transaction(Connection& connection, std::string savepoint)
      : connection_(&connection), savepoint_(std::move(savepoint)) {}
  void rollback();
  Connection* connection_;   // null once finished or moved from
  std::string savepoint_;    // empty for an outermost transaction
};

}  // namespace barometer::sqlite
