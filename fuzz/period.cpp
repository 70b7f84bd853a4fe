// Period ids ("2022-W09") from URLs (/{lang}/{yyyy}-W{ww}/), CLI (--period) and forms
// (domain/period.hpp). Invariants: a parsed period's id() is the input (W upper-cased), parses
// to the same period, starts on a Monday and contains its start and end; next/previous move by a
// week and come back.
#include <algorithm>
#include <cctype>
#include <string>

#include "domain/period.hpp"
#include "fuzz_check.hpp"

using barometer::Period;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = barometer::fuzz::as_text(data, size);
  auto period = Period::parse(text);
  if (!period) return 0;
  std::string expected(text);
  std::transform(expected.begin(), expected.end(), expected.begin(), [](unsigned char c) { return std::toupper(c); });
  FUZZ_CHECK(period->id() == expected);
  auto again = Period::parse(period->id());
  FUZZ_CHECK(again && *again == *period && again->week() == period->week() && again->iso_year() == period->iso_year());
  FUZZ_CHECK(period->week() >= 1 && period->week() <= Period::weeks_in_year(period->iso_year()));
  FUZZ_CHECK(Period::containing(period->start()) == *period);
  FUZZ_CHECK(Period::containing(period->end()) == *period);
  FUZZ_CHECK(period->next().previous() == *period);
  FUZZ_CHECK(period->next() > *period);
  return 0;
}
