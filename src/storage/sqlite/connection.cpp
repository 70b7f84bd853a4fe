#include "storage/sqlite/connection.hpp"

#include <sqlite3.h>

#include "storage/sqlite/search_tokenizer.hpp"

#include <string>
#include <utility>

namespace barometer::sqlite {

Error sqlite_error(int code, std::string_view what, std::string_view detail) {
  std::string message{what};
  if (!detail.empty()) message.append(": ").append(detail);
  switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return conflict(std::move(message));
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT:
    case SQLITE_TOOBIG:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      return invalid(std::move(message));
    default:
      break;
  }
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return unavailable(std::move(message));
    default:
      return io_error(std::move(message));
  }
}

// --- Statement

Statement::Statement(Connection& connection, sqlite3_stmt* stmt, bool owned)
    : connection_(&connection), stmt_(stmt), owned_(owned) {}

Statement::Statement(Statement&& other) noexcept
    : connection_(other.connection_), stmt_(std::exchange(other.stmt_, nullptr)), owned_(other.owned_),
      bind_rc_(other.bind_rc_) {}

Statement::~Statement() {
  if (!stmt_) return;
  if (owned_) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  auto it = connection_->cache_.find(sqlite3_sql(stmt_));
  if (it != connection_->cache_.end()) it->second.borrowed = false;
}

void Statement::note_bind(int rc) {
  if (rc != SQLITE_OK && bind_rc_ == 0) bind_rc_ = rc;
}

Statement& Statement::bind(int index, std::int64_t value) {
  note_bind(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  // SQLITE_TRANSIENT: SQLite copies, so callers may bind temporaries.
  note_bind(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Statement& Statement::bind_null(int index) {
  note_bind(sqlite3_bind_null(stmt_, index));
  return *this;
}

Result<bool> Statement::step() {
  if (bind_rc_ != 0) return sqlite_error(bind_rc_, "binding a parameter failed", sqlite3_errstr(bind_rc_));
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  int extended = sqlite3_extended_errcode(connection_->db_);
  return sqlite_error(extended, sqlite3_errmsg(connection_->db_), "");
}

Status Statement::run() {
  for (;;) {
    auto r = step();
    if (!r) return r.error();
    if (!*r) return {};
  }
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Statement::text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (!p) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

// --- Connection

// Page cache per connection, in KiB (SQLite's default is 2,000). A broad search reads the index,
// the document and the commentary of every match (for "week" on the ten-year demo, a third of
// all documents): with the default cache each such query read its pages from the OS again, a
// fifth of its time in pread (docs/benchmarks.md, search). Memory is taken only as pages are
// read, so a small database never uses it all.
constexpr int kPageCacheKiB = 16 * 1024;

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, int busy_timeout_ms) {
  sqlite3* db = nullptr;
  // NOMUTEX: the pool guarantees one thread per connection at a time.
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return io_error("cannot open database " + path + ": " + detail);
  }
  std::unique_ptr<Connection> connection{new Connection(db)};
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  // The search index's tokenizer, before anything touches search_fts (migration 0010).
  if (int trc = register_search_tokenizer(db); trc != SQLITE_OK)
    return sqlite_error(trc, "cannot register the search tokenizer", sqlite3_errstr(trc));
  // journal_mode is stored in the file; the other two are per connection.
  auto wal = connection->prepare("PRAGMA journal_mode=WAL");
  if (!wal) return wal.error();
  auto row = wal->step();
  if (!row) return Error{row.error().code, "cannot open database " + path + ": " + row.error().message};
  if (!*row || wal->text(0) != "wal") return io_error("cannot switch " + path + " to WAL mode");
  if (auto s = connection->exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=" +
                                 std::to_string(-kPageCacheKiB) + ";");
      !s)
    return s.error();
  return connection;
}

Result<std::unique_ptr<Connection>> Connection::open_read_only(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return io_error("cannot open database " + path + ": " + detail);
  }
  std::unique_ptr<Connection> connection{new Connection(db)};
  sqlite3_extended_result_codes(db, 1);
  if (int trc = register_search_tokenizer(db); trc != SQLITE_OK)
    return sqlite_error(trc, "cannot register the search tokenizer", sqlite3_errstr(trc));
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  sqlite3_close(db_);
}

Result<Statement> Connection::prepare(std::string_view sql) {
  auto it = cache_.find(std::string{sql});
  if (it != cache_.end() && !it->second.borrowed) {
    it->second.borrowed = true;
    return Statement{*this, it->second.stmt, false};
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              it == cache_.end() ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return sqlite_error(sqlite3_extended_errcode(db_), "cannot prepare statement", sqlite3_errmsg(db_));
  }
  if (it != cache_.end()) return Statement{*this, stmt, true};
  // Keyed by SQLite's copy of the text so the Statement destructor can find it again.
  cache_.emplace(sqlite3_sql(stmt), Cached{stmt, true});
  return Statement{*this, stmt, false};
}

Status Connection::exec(const std::string& sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return {};
  std::string detail = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return sqlite_error(sqlite3_extended_errcode(db_), detail, "");
}

std::int64_t Connection::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int Connection::changes() const { return sqlite3_changes(db_); }
bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
std::string Connection::error_message() const { return sqlite3_errmsg(db_); }
int Connection::extended_error_code() const { return sqlite3_extended_errcode(db_); }

// --- Transaction

Result<Transaction> Transaction::begin(Connection& connection, Mode mode) {
  if (!connection.in_transaction()) {
    auto s = connection.exec(mode == Mode::read ? "BEGIN" : "BEGIN IMMEDIATE");
    if (!s) return s.error();
    connection.content_changed = mode == Mode::content;
    connection.committed_content_version = 0;
    return Transaction{connection, ""};
  }
  std::string name = "sp" + std::to_string(++connection.savepoint_depth);
  if (auto s = connection.exec("SAVEPOINT " + name); !s) {
    --connection.savepoint_depth;
    return s.error();
  }
  // Sticky even if this savepoint rolls back: one needless cache refresh at worst.
  if (mode == Mode::content) connection.content_changed = true;
  return Transaction{connection, name};
}

namespace {

// Bumps the content_version row inside the transaction about to commit; its new value.
Result<std::int64_t> bump_content_version(Connection& c) {
  auto st = c.prepare("UPDATE content_version SET version = version + 1 WHERE id = 1 RETURNING version");
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return io_error("content_version: the row is missing");
  return st->int64(0);
}

}  // namespace

Transaction::Transaction(Transaction&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)), savepoint_(std::move(other.savepoint_)) {}

Transaction::~Transaction() { rollback(); }

Status Transaction::commit() {
  if (!connection_) return io_error("transaction already finished");
  std::int64_t version = 0;
  if (savepoint_.empty() && connection_->content_changed) {
    auto v = bump_content_version(*connection_);
    if (!v) return v.error();  // still open: the destructor rolls it back
    version = *v;
  }
  auto s = connection_->exec(savepoint_.empty() ? "COMMIT" : "RELEASE " + savepoint_);
  if (!s) return s;  // still open: the destructor rolls it back
  if (!savepoint_.empty()) --connection_->savepoint_depth;
  else connection_->committed_content_version = version;
  connection_ = nullptr;
  return {};
}

void Transaction::rollback() {
  if (!connection_) return;
  Connection& c = *std::exchange(connection_, nullptr);
  if (savepoint_.empty()) {
    // A failed statement may already have ended the transaction (e.g. on SQLITE_FULL).
    if (c.in_transaction()) (void)c.exec("ROLLBACK");
    c.savepoint_depth = 0;
    return;
  }
  (void)c.exec("ROLLBACK TO " + savepoint_ + "; RELEASE " + savepoint_);
  --c.savepoint_depth;
}

}  // namespace barometer::sqlite
