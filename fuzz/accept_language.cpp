// Accept-Language negotiation for "/" (i18n/negotiate.hpp). Input: the header. Invariants: the
// answer is one of the site's languages or the fallback; an exact, sole "xx" chooses xx.
#include <algorithm>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "i18n/negotiate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view header = barometer::fuzz::as_text(data, size);
  const std::vector<barometer::LangCode> available{"en", "be", "ru", "pt-BR"};
  const barometer::LangCode fallback = "be";
  const auto chosen = barometer::negotiate_language(header, available, fallback);
  FUZZ_CHECK(chosen == fallback || std::find(available.begin(), available.end(), chosen) != available.end());
  for (const auto& lang : available) FUZZ_CHECK(barometer::negotiate_language(lang, available, fallback) == lang);
  return 0;
}
