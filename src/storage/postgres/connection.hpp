// RAII wrappers over libpq: a connection that prepares each distinct statement once (named,
// server-side), a statement with typed bind/column helpers shaped like the SQLite backend's,
// and a transaction guard that nests as SAVEPOINTs.
//
// SQL is written with `?` placeholders, as in the SQLite backend; prepare() numbers them $1, $2 ...
// (outside quoted literals). Parameters and results travel as text, so PostgreSQL infers the
// parameter types from the statement (casts like `?::bigint[]` where it cannot).
//
// Thread-safety: a Connection is used by one thread at a time (the pool hands it out); nothing
// here locks. Errors are returned as barometer::Error values mapped by `pg_error`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/result.hpp"

struct pg_conn;
struct pg_result;

namespace barometer::postgres {

struct ResultDeleter {
  void operator()(pg_result* r) const;
};
using ResultPtr = std::unique_ptr<pg_result, ResultDeleter>;

struct ConnDeleter {
  void operator()(pg_conn* c) const;
};
using ConnPtr = std::unique_ptr<pg_conn, ConnDeleter>;

// Maps a failed result (by SQLSTATE) or a broken connection to an Error:
// 23505 unique / 23503 foreign key -> conflict; 23514 check, 23502 not null, 22xxx data -> invalid;
// 08xxx connection, 57P0x shutdown, 53xxx resources, 40001/40P01 serialization/deadlock,
// 55P03 lock timeout, 57014 statement timeout, or a dead connection -> unavailable; else io.
Error pg_error(pg_conn* conn, const pg_result* result, std::string_view what);

// Opens a connection to `url` (postgresql://... or a libpq key=value string) with a connect
// timeout; unavailable if the server cannot be reached, invalid if the URL cannot be parsed.
Result<ConnPtr> connect(const std::string& url, int connect_timeout_s);

class Connection;

// One execution of a prepared statement. Bind 1-based parameters, then step() (executes on the
// first call and walks the rows) or run() (executes, ignores rows). Columns are 0-based.
class Statement {
 public:
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;

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
  // Executes, for statements whose rows are not wanted.
  Status run();
  // Rows inserted/updated/deleted by the execution.
  std::int64_t affected() const;

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  int int32(int column) const { return static_cast<int>(int64(column)); }
  double real(int column) const;  // 0 for NULL or text that is not a number
  std::string text(int column) const;

 private:
  friend class Connection;
  Statement(Connection& connection, std::string name, int param_count)
      : connection_(&connection), name_(std::move(name)), params_(param_count) {}
  Status execute();

  Connection* connection_;
  std::string name_;                               // server-side prepared statement name
  std::vector<std::optional<std::string>> params_; // text values; nullopt = NULL
  std::optional<Error> bind_error_;                // first bad bind, reported on execution
  ResultPtr result_;
  int row_ = -1;                                   // current row; -1 before the first step
};

class Connection {
 public:
  explicit Connection(ConnPtr conn) : conn_(std::move(conn)) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A statement for `sql`, prepared on the server once per connection and cached by its text.
  Result<Statement> prepare(std::string_view sql);
  // Runs one or more statements without parameters or wanted results (DDL, BEGIN, ...).
  Status exec(const std::string& sql);

  bool healthy() const;         // the connection is open
  bool in_transaction() const;  // a transaction (possibly failed) is open
  pg_conn* handle() { return conn_.get(); }

  // Transaction nesting depth, maintained by Transaction.
  int depth = 0;
  // Maintained by Transaction: whether the open transaction changed content (a part of it was
  // begun in Mode::content), and the content version the last outermost COMMIT wrote (0: that
  // commit changed no content). Read by the store after a write to learn its own version.
  bool content_changed = false;
  std::int64_t committed_content_version = 0;

 private:
  friend class Statement;
  ConnPtr conn_;
  std::unordered_map<std::string, std::pair<std::string, int>> prepared_;  // sql -> (name, params)
};

// A transaction guard. `begin` starts a real transaction when the connection has none (a
// REPEATABLE READ READ ONLY one for reads, so multi-query reads see one snapshot; READ COMMITTED
// for writes, where the constraints keep the data consistent), or a SAVEPOINT when one is open,
// so nested work commits or rolls back as a unit and a failed statement does not poison the
// outer transaction. Mode::content is a write that changes content (the Store's writes): the
// outermost COMMIT of a transaction any part of which was begun so first bumps the
// content_version row (migration 0008) and sends its new number as the payload of NOTIFY on
// `kContentChannel`, so every node sharing the database sees its content version move, and only
// with content (subscribes, sign-ins and delivery batches send nothing).
// The destructor rolls back unless commit() succeeded.
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

// The LISTEN/NOTIFY channel that carries "content changed" between stores.
inline constexpr const char* kContentChannel = "barometer_content";

}  // namespace barometer::postgres
