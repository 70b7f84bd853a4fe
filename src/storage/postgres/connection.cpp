#include "storage/postgres/connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>

namespace barometer::postgres {

void ResultDeleter::operator()(pg_result* r) const { PQclear(r); }
void ConnDeleter::operator()(pg_conn* c) const { PQfinish(c); }

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string trimmed(const char* message) {
  std::string m = message ? message : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

// `?` -> `$n` outside single-quoted literals and double-quoted identifiers.
std::pair<std::string, int> number_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char ch : sql) {
    if (quote) {
      if (ch == quote) quote = 0;
      out += ch;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
      out += ch;
    } else if (ch == '?') {
      out += '$' + std::to_string(++n);
    } else {
      out += ch;
    }
  }
  return {out, n};
}

}  // namespace

Error pg_error(pg_conn* conn, const pg_result* result, std::string_view what) {
  std::string message = trimmed(result ? PQresultErrorMessage(result) : nullptr);
  if (message.empty()) message = trimmed(conn ? PQerrorMessage(conn) : "no connection");
  std::string full = std::string(what) + ": " + message;
  if (!conn || PQstatus(conn) != CONNECTION_OK) return unavailable(full);
  const char* state_c = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string_view state = state_c ? state_c : "";
  if (state == "23505" || state == "23503") return conflict(full);
  if (state == "23514" || state == "23502" || starts_with(state, "22")) return invalid(full);
  if (starts_with(state, "08") || starts_with(state, "57P0") || starts_with(state, "53") || state == "40001" ||
      state == "40P01" || state == "55P03" || state == "57014")
    return unavailable(full);
  if (state.empty() && !result) return unavailable(full);  // no result at all: the link failed
  return io_error(full);
}

Result<ConnPtr> connect(const std::string& url, int connect_timeout_s) {
  char* parse_error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &parse_error);
  if (!parsed) {
    std::string why = parse_error ? trimmed(parse_error) : "cannot parse";
    PQfreemem(parse_error);
    return invalid("database: not a PostgreSQL URL (" + why + ")");
  }
  PQconninfoFree(parsed);
  // Later keys override earlier ones: the URL's own settings win over these defaults.
  std::string timeout = std::to_string(connect_timeout_s);
  const char* keys[] = {"connect_timeout", "fallback_application_name", "dbname", nullptr};
  const char* values[] = {timeout.c_str(), "barometer", url.c_str(), nullptr};
  ConnPtr conn{PQconnectdbParams(keys, values, 1)};
  if (!conn) return unavailable("database: out of memory connecting");
  if (PQstatus(conn.get()) != CONNECTION_OK)
    return unavailable("database: cannot connect: " + trimmed(PQerrorMessage(conn.get())));
  // NOTICEs ("relation already exists, skipping") are expected chatter, not for stderr.
  PQsetNoticeProcessor(conn.get(), [](void*, const char*) {}, nullptr);
  return conn;
}

// --- Statement

Statement& Statement::bind(int index, std::int64_t value) {
  if (index >= 1 && index <= static_cast<int>(params_.size())) params_[index - 1] = std::to_string(value);
  else if (!bind_error_) bind_error_ = io_error("bind: no parameter " + std::to_string(index));
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  // libpq passes text parameters as C strings, and PostgreSQL text cannot hold NUL anyway.
  if (value.find('\0') != std::string_view::npos) {
    if (!bind_error_) bind_error_ = invalid("text must not contain NUL characters");
    return *this;
  }
  if (index >= 1 && index <= static_cast<int>(params_.size())) params_[index - 1] = std::string(value);
  else if (!bind_error_) bind_error_ = io_error("bind: no parameter " + std::to_string(index));
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (index >= 1 && index <= static_cast<int>(params_.size())) params_[index - 1].reset();
  return *this;
}

Status Statement::execute() {
  if (bind_error_) return *bind_error_;
  std::vector<const char*> values(params_.size());
  for (std::size_t i = 0; i < params_.size(); ++i) values[i] = params_[i] ? params_[i]->c_str() : nullptr;
  pg_conn* conn = connection_->handle();
  result_.reset(PQexecPrepared(conn, name_.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                               nullptr, 0));
  row_ = -1;
  auto status = result_ ? PQresultStatus(result_.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    Error e = pg_error(conn, result_.get(), "query");
    result_.reset();
    return e;
  }
  return {};
}

Result<bool> Statement::step() {
  if (!result_) {
    if (auto s = execute(); !s) return s.error();
  }
  ++row_;
  return row_ < PQntuples(result_.get());
}

Status Statement::run() { return execute(); }

std::int64_t Statement::affected() const {
  if (!result_) return 0;
  const char* n = PQcmdTuples(result_.get());
  std::int64_t v = 0;
  if (n) std::from_chars(n, n + std::char_traits<char>::length(n), v);
  return v;
}

bool Statement::is_null(int column) const {
  return !result_ || row_ < 0 || PQgetisnull(result_.get(), row_, column);
}

std::int64_t Statement::int64(int column) const {
  if (is_null(column)) return 0;
  const char* v = PQgetvalue(result_.get(), row_, column);
  std::int64_t out = 0;
  std::from_chars(v, v + PQgetlength(result_.get(), row_, column), out);
  return out;
}

double Statement::real(int column) const {
  if (is_null(column)) return 0;
  // from_chars, not strtod: the text PostgreSQL sends never depends on the process's locale.
  const char* v = PQgetvalue(result_.get(), row_, column);
  double out = 0;
  std::from_chars(v, v + PQgetlength(result_.get(), row_, column), out);
  return out;
}

std::string Statement::text(int column) const {
  if (is_null(column)) return {};
  return std::string(PQgetvalue(result_.get(), row_, column), PQgetlength(result_.get(), row_, column));
}

// --- Connection

Result<Statement> Connection::prepare(std::string_view sql) {
  auto found = prepared_.find(std::string(sql));
  if (found == prepared_.end()) {
    auto [numbered, count] = number_placeholders(sql);
    std::string name = "s" + std::to_string(prepared_.size() + 1);
    ResultPtr r{PQprepare(conn_.get(), name.c_str(), numbered.c_str(), 0, nullptr)};
    if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) return pg_error(conn_.get(), r.get(), "prepare");
    found = prepared_.emplace(std::string(sql), std::make_pair(name, count)).first;
  }
  return Statement(*this, found->second.first, found->second.second);
}

Status Connection::exec(const std::string& sql) {
  ResultPtr r{PQexec(conn_.get(), sql.c_str())};
  auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return pg_error(conn_.get(), r.get(), "query");
  return {};
}

bool Connection::healthy() const { return PQstatus(conn_.get()) == CONNECTION_OK; }

bool Connection::in_transaction() const {
  auto s = PQtransactionStatus(conn_.get());
  return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

// --- Transaction

Result<Transaction> Transaction::begin(Connection& c, Mode mode) {
  if (c.depth == 0) {
    if (auto s = c.exec(mode == Mode::read ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN"); !s)
      return s.error();
    ++c.depth;
    c.content_changed = mode == Mode::content;
    c.committed_content_version = 0;
    return Transaction(c, "");
  }
  std::string name = "sp" + std::to_string(c.depth);
  if (auto s = c.exec("SAVEPOINT " + name); !s) return s.error();
  ++c.depth;
  // Sticky even if this savepoint rolls back: one needless cache refresh at worst.
  if (mode == Mode::content) c.content_changed = true;
  return Transaction(c, name);
}

namespace {

// Bumps the content_version row and queues the NOTIFY that carries its new value; both take
// effect only if the COMMIT that follows succeeds. The row lock also orders content commits, so
// versions grow in commit order.
Result<std::int64_t> bump_content_version(Connection& c) {
  auto st = c.prepare(std::string("WITH bumped AS (UPDATE content_version SET version = version + 1 WHERE id = 1 "
                                  "RETURNING version) SELECT version, pg_notify('") +
                      kContentChannel + "', version::text) FROM bumped");
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return io_error("content_version: the row is missing");
  return st->int64(0);
}

}  // namespace

Transaction::Transaction(Transaction&& other) noexcept
    : connection_(other.connection_), savepoint_(std::move(other.savepoint_)) {
  other.connection_ = nullptr;
}

Transaction::~Transaction() { rollback(); }

Status Transaction::commit() {
  if (!connection_) return io_error("transaction already finished");
  Connection& c = *connection_;
  std::int64_t version = 0;
  if (savepoint_.empty() && c.content_changed) {
    auto v = bump_content_version(c);  // the NOTIFY is delivered only if the COMMIT below succeeds
    if (!v) return v.error();          // the destructor rolls back
    version = *v;
  }
  auto s = c.exec(savepoint_.empty() ? "COMMIT" : "RELEASE SAVEPOINT " + savepoint_);
  if (!s) return s;  // the destructor rolls back
  --c.depth;
  if (savepoint_.empty()) c.committed_content_version = version;
  connection_ = nullptr;
  return {};
}

void Transaction::rollback() {
  if (!connection_) return;
  Connection& c = *connection_;
  if (savepoint_.empty()) (void)c.exec("ROLLBACK");
  else (void)c.exec("ROLLBACK TO SAVEPOINT " + savepoint_ + "; RELEASE SAVEPOINT " + savepoint_);
  --c.depth;
  connection_ = nullptr;
}

}  // namespace barometer::postgres
