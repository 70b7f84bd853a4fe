// Helpers of the content and setup pages (manage_pages.hpp).
#include "web/admin/manage_pages.hpp"

namespace barometer::web::admin {

render::View field_error(const AdminDeps& deps, const AdminRequest& request, const FieldErrors& errors,
                         const std::string& name) {
  auto it = errors.find(name);
  if (it == errors.end()) return render::View();
  return render::View(tr(deps, request, it->second));
}

Response store_error_page(const AdminDeps& deps, const AdminRequest& request, ErrorCode code) {
  switch (code) {
    case ErrorCode::not_found: return error_page(deps, &request, 404, "error_not_found");
    case ErrorCode::unavailable: return error_page(deps, &request, 503, "error_unavailable");
    case ErrorCode::forbidden: return error_page(deps, &request, 403, "error_forbidden");
    default: return error_page(deps, &request, 422, "invalid_save");
  }
}

std::optional<int> parse_small_int(const std::string& text) {
  std::string_view digits = text;
  bool negative = !digits.empty() && digits.front() == '-';
  if (negative) digits.remove_prefix(1);
  if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return negative ? -value : value;
}

std::string trimmed(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return "";
  auto last = text.find_last_not_of(kSpace);
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace barometer::web::admin
