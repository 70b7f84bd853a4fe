// Request helpers for the back office: urlencoded form bodies with limits, cookies.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "web/http.hpp"
#include "web/url.hpp"

namespace barometer::web::admin {

struct FormLimits {
  std::size_t max_bytes = std::size_t{1} << 20;  // whole body, bytes. Default 1 MiB.
  std::size_t max_fields = 200;                  // name=value pairs. Default 200.
};

// Parses an application/x-www-form-urlencoded POST body. invalid when the content type is
// another one, the body is larger than the limits, malformed, or not UTF-8 safe (NUL bytes).
Result<QueryParams> parse_form(const Request& request, const FormLimits& limits = {});

// The value of cookie `name` from the Cookie header(s), or nullopt.
std::optional<std::string> cookie_value(const Request& request, std::string_view name);

// Field access on parsed forms: the first value, or "".
std::string field(const QueryParams& form, std::string_view name);

}  // namespace barometer::web::admin
