// PHP-serialized values from WordPress exports (Polylang's translation groups in term
// descriptions; services/wordpress/php_unserialize.hpp). Invariants: never reads past the input
// (ASan), either a value or an error; a value's strings are substrings of the input; a value
// read without repair, serialized again, reads back the same; php_string_pairs agrees with it.
#include <string>

#include "fuzz_check.hpp"
#include "services/wordpress/php_unserialize.hpp"

using barometer::wordpress::PhpValue;

namespace {

std::string serialize(const PhpValue& v) {
  switch (v.kind) {
    case PhpValue::Kind::null: return "N;";
    case PhpValue::Kind::boolean: return "b:" + v.text + ";";
    case PhpValue::Kind::integer: return "i:" + v.text + ";";
    case PhpValue::Kind::floating: return "d:" + v.text + ";";
    case PhpValue::Kind::string: return "s:" + std::to_string(v.text.size()) + ":\"" + v.text + "\";";
    case PhpValue::Kind::array: {
      std::string out = "a:" + std::to_string(v.items.size()) + ":{";
      for (const auto& [k, x] : v.items) out += serialize(k) + serialize(x);
      return out + "}";
    }
  }
  return {};
}

bool strings_in(const PhpValue& v, std::string_view input) {
  if (v.kind == PhpValue::Kind::string && input.find(v.text) == std::string_view::npos) return false;
  for (const auto& [k, x] : v.items)
    if (!strings_in(k, input) || !strings_in(x, input)) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = barometer::fuzz::as_text(data, size);
  auto parsed = barometer::wordpress::php_unserialize(text);
  FUZZ_CHECK(parsed.value.has_value() != !parsed.error.empty());
  auto pairs = barometer::wordpress::php_string_pairs(text);
  FUZZ_CHECK(pairs.has_value() == (parsed.value && parsed.value->kind == PhpValue::Kind::array));
  if (!parsed.value) return 0;
  FUZZ_CHECK(strings_in(*parsed.value, text));
  if (!parsed.repaired) {
    auto again = barometer::wordpress::php_unserialize(serialize(*parsed.value));
    FUZZ_CHECK(again.value && !again.repaired && serialize(*again.value) == serialize(*parsed.value));
  }
  return 0;
}
