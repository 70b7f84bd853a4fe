// The read API's page cursors (docs/decisions/0021-read-api.md): opaque to clients, checked on
// the way back in.
//
// A cursor carries which collection it pages, a fingerprint of the query's filters, and the key
// the next page starts after (an id, a week, or — for search only — a page number). It is hex
// of "collection|fingerprint|key|check", where check is a hash of the rest: not a secret (the key
// it carries is nothing a client could not ask for anyway), but a cursor that was edited, cut,
// made up, or taken from another collection or another set of filters is refused (400
// invalid_cursor) instead of silently giving some other page.
// Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "web/url.hpp"

namespace barometer::web::api {

// The fingerprint of the filters in `query`: every parameter but `cursor` (and `limit` unless
// `with_limit`), in name order, so the same filters in another order are the same query.
std::string filter_fingerprint(const QueryParams& query, bool with_limit = false);

std::string encode_cursor(std::string_view collection, std::string_view fingerprint, std::string_view key);

// The key of `cursor` when it is well formed, intact, and made for this collection and
// fingerprint; else nullopt.
std::optional<std::string> decode_cursor(std::string_view cursor, std::string_view collection,
                                         std::string_view fingerprint);

}  // namespace barometer::web::api
