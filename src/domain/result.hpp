// Result<T>: the value of an operation that can fail in an expected way.
// Expected failures are values with a typed code; exceptions are reserved for bugs
// and for the edges (CLI main, a request's top frame). See docs/architecture.md.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace barometer {

enum class ErrorCode {
  not_found,    // the thing asked for does not exist
  invalid,      // the input breaks a rule; message says which
  conflict,     // a uniqueness or state rule would be broken (e.g. second commentary for a period)
  unavailable,  // a dependency (database, relay) cannot be reached now; retrying may help
  io,           // reading or writing a file or socket failed
  forbidden,    // the acting user's role does not allow this action (services check, not only routes)
};

const char* to_string(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;  // for logs and operators; never shown raw to readers
  // The input an `invalid` or `conflict` is about ("email", "schedule_at"), so a form can show
  // its own message beside that field; "" when the error names no field.
  std::string field = {};
};

inline Error not_found(std::string message) { return {ErrorCode::not_found, std::move(message)}; }
inline Error invalid(std::string message) { return {ErrorCode::invalid, std::move(message)}; }
inline Error conflict(std::string message) { return {ErrorCode::conflict, std::move(message)}; }
inline Error unavailable(std::string message) { return {ErrorCode::unavailable, std::move(message)}; }
inline Error io_error(std::string message) { return {ErrorCode::io, std::move(message)}; }
inline Error forbidden(std::string message) { return {ErrorCode::forbidden, std::move(message)}; }
// An error about one input field; the message starts with the field's name ("email: ...").
inline Error invalid_field(std::string field, const std::string& message) {
  return {ErrorCode::invalid, field + ": " + message, std::move(field)};
}
inline Error conflict_field(std::string field, const std::string& message) {
  return {ErrorCode::conflict, field + ": " + message, std::move(field)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}      // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<Error>(state_); }
  ErrorCode code() const { return error().code; }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }
  ErrorCode code() const { return error_->code; }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

}  // namespace barometer
