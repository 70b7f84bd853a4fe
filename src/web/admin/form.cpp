#include "web/admin/form.hpp"

#include <algorithm>

namespace barometer::web::admin {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<QueryParams> parse_form(const Request& request, const FormLimits& limits) {
  std::string_view type = trim(request.header("Content-Type"));
  type = type.substr(0, type.find(';'));
  if (!iequals(trim(type), "application/x-www-form-urlencoded"))
    return invalid("form: expected application/x-www-form-urlencoded");
  if (request.body.size() > limits.max_bytes) return invalid("form: body too large");
  if (std::size_t(std::count(request.body.begin(), request.body.end(), '&')) + 1 > limits.max_fields)
    return invalid("form: too many fields");
  auto params = parse_query(request.body);
  if (!params) return invalid("form: malformed body");
  return std::move(*params);
}

std::optional<std::string> cookie_value(const Request& request, std::string_view name) {
  for (const auto& h : request.headers) {
    if (!iequals(h.name, "Cookie")) continue;
    std::string_view rest = h.value;
    while (!rest.empty()) {
      auto semi = rest.find(';');
      std::string_view pair = trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      auto eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      if (trim(pair.substr(0, eq)) == name) return std::string(trim(pair.substr(eq + 1)));
    }
  }
  return std::nullopt;
}

std::string field(const QueryParams& form, std::string_view name) {
  auto v = query_value(form, name);
  return v ? *v : std::string();
}

}  // namespace barometer::web::admin
