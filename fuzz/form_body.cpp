// application/x-www-form-urlencoded bodies: every back-office form and the public subscribe and
// preferences forms (web/admin/form.hpp parse_form). Input: the Content-Type line, then the body.
// Invariants: an accepted body is within the limits and of the right type, and its fields,
// percent-encoded again, parse back to the same fields.
#include <algorithm>
#include <string>

#include "fuzz_check.hpp"
#include "web/admin/form.hpp"

using namespace barometer::web;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest = barometer::fuzz::as_text(data, size);
  Request request;
  request.method = "POST";
  request.headers.push_back({"Content-Type", std::string(barometer::fuzz::take_line(rest))});
  request.body = std::string(rest);
  // Small limits, so that inputs libFuzzer makes reach them.
  const admin::FormLimits limits{.max_bytes = 2048, .max_fields = 16};
  auto form = admin::parse_form(request, limits);
  if (!form) return 0;
  FUZZ_CHECK(request.body.size() <= limits.max_bytes);
  FUZZ_CHECK(form->size() <= limits.max_fields);
  std::string rebuilt;
  for (const auto& [name, value] : *form) {
    if (!rebuilt.empty()) rebuilt += '&';
    rebuilt += percent_encode(name) + "=" + percent_encode(value);
    FUZZ_CHECK(admin::field(*form, name) == *query_value(*form, name));
  }
  Request again = request;
  again.body = rebuilt;
  auto reparsed = admin::parse_form(again, {.max_bytes = std::size_t{1} << 20, .max_fields = 1000});
  FUZZ_CHECK(reparsed);
  FUZZ_CHECK(*reparsed == *form);
  return 0;
}
