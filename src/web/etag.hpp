// Entity tags (RFC 9110 §8.8.3): computing a strong tag for a body and matching If-None-Match.
// Pure functions, no I/O, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace barometer::web {

// A strong entity tag for `body`, quotes included: "\"<16 hex digits>\"". A fast 64-bit
// non-cryptographic hash: stable across runs and builds (clients keep it across restarts), and a
// changed body gets a different tag except with negligible probability.
std::string make_etag(std::string_view body);

// The tag of a derived representation (e.g. the gzip form): "\"abc\"" + "gz" -> "\"abc-gz\"";
// keeps a weak prefix W/ if present.
std::string derive_etag(std::string_view etag, std::string_view suffix);

// Whether an If-None-Match field value matches `etag` using the weak comparison of RFC 9110
// (W/ prefixes ignored, opaque tags compared byte for byte). "*" matches any tag; a list matches
// when any member does. Malformed members are skipped, never matched.
bool if_none_match_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace barometer::web
