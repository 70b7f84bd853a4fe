// A reader of PHP's serialize() format, as WordPress stores it in term descriptions and post meta
// (Polylang keeps a translation group as `a:3:{s:2:"en";i:12;s:2:"be";i:13;s:2:"ru";i:14;}`).
// Domain-free (std only) and fed with outside text, so it has its own fuzz target
// (fuzz/php_unserialize_fuzz.cpp).
//
// Reads N (null), b:0|1, i:INT, d:FLOAT, s:LEN:"BYTES", a:COUNT:{KEY VALUE ...}. Objects (O:, C:)
// and references (r:, R:) are refused: an export has no business holding them.
//
// Tolerant of the length errors an XML round trip makes (a "é" re-encoded, a CRLF turned into LF,
// an entity decoded): when the declared byte length does not end at `";`, the string ends at the
// first `";` after which the text still reads as serialized data (another value, the array's `}`
// or the end). The count of an array is likewise only a hint: the items run to the `}`.
//
// Bounded: nesting at most kMaxPhpDepth arrays, input at most kMaxPhpInput bytes; never throws,
// never reads past the input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace barometer::wordpress {

inline constexpr int kMaxPhpDepth = 32;
inline constexpr std::size_t kMaxPhpInput = 1u << 20;  // 1 MiB: a term description, not a file

struct PhpValue {
  enum class Kind { null, boolean, integer, floating, string, array };
  Kind kind = Kind::null;
  std::int64_t integer = 0;    // boolean (0/1) and integer
  double floating = 0;
  std::string text;            // string; also the literal of an integer or float
  std::vector<std::pair<PhpValue, PhpValue>> items;  // array, in order

  // The scalar as text ("12", "en", "1"), "" for null and arrays.
  std::string scalar() const;
};

struct PhpParsed {
  std::optional<PhpValue> value;   // set on success
  std::string error;               // why not, with the byte offset
  bool repaired = false;           // a declared length or count was wrong and was recomputed
};

PhpParsed php_unserialize(std::string_view input);

// The pairs of a one-level array as text (`array(lang => post_id)` → {"en","12"}...); nullopt
// when `input` is not an array. Nested arrays are skipped.
std::optional<std::vector<std::pair<std::string, std::string>>> php_string_pairs(std::string_view input);

}  // namespace barometer::wordpress
