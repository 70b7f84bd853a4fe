// What the back-office tests read from responses the way a browser would: a Set-Cookie value and
// the CSRF token of the page's form.
#pragma once

#include <regex>
#include <string>

#include "web/http.hpp"

namespace barometer::web::admin_test {

// The value `name` gets in a Set-Cookie header of `r`, or "".
inline std::string set_cookie(const Response& r, const std::string& name) {
  for (const auto& h : r.headers)
    if (iequals(h.name, "Set-Cookie") && h.value.rfind(name + "=", 0) == 0)
      return h.value.substr(name.size() + 1, h.value.find(';') - name.size() - 1);
  return "";
}

// The hidden _csrf field's value in a page, or "".
inline std::string csrf_in(const std::string& html) {
  std::smatch m;
  if (std::regex_search(html, m, std::regex("name=\"_csrf\" value=\"([0-9a-f]+)\""))) return m[1];
  return "";
}
inline std::string csrf_in(const Response& r) { return csrf_in(*r.body); }

}  // namespace barometer::web::admin_test
