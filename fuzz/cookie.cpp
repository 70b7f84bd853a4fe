// The Cookie header (web/admin/form.hpp cookie_value): the admin session, the sign-in form's
// CSRF cookie, the chosen language. Input: the cookie name on the first line, then one Cookie
// header per line. Invariants: a value found holds no ';' and no blank at either end, and a header
// that carries exactly that name and value gives it back.
#include <string>

#include "fuzz_check.hpp"
#include "web/admin/form.hpp"

using namespace barometer::web;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest = barometer::fuzz::as_text(data, size);
  const std::string name(barometer::fuzz::take_line(rest));
  Request request;
  while (!rest.empty()) request.headers.push_back({"Cookie", std::string(barometer::fuzz::take_line(rest))});
  auto value = admin::cookie_value(request, name);
  if (!value) return 0;
  FUZZ_CHECK(value->find(';') == std::string::npos);
  FUZZ_CHECK(value->empty() || (value->front() != ' ' && value->back() != ' '));
  FUZZ_CHECK(value->empty() || (value->front() != '\t' && value->back() != '\t'));
  if (name.find_first_of(";= \t") == std::string::npos && !name.empty()) {
    Request alone;
    alone.headers.push_back({"cookie", "other=1; " + name + "=" + *value});
    FUZZ_CHECK(admin::cookie_value(alone, name) == value);
  }
  return 0;
}
