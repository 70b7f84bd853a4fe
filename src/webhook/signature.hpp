// The Barometer-Signature header (docs/decisions/0022-webhooks.md, README "Webhooks"):
//   Barometer-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
// The timestamp is the time of this attempt (each retry signs again), so a receiver can refuse
// old replays; it compares v1 in constant time. OpenSSL's HMAC; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace barometer::webhook {

inline constexpr const char* kSignatureHeader = "Barometer-Signature";

// Lower-case hex of HMAC-SHA256(secret, "<timestamp>.<body>").
std::string signature_hex(std::string_view secret, std::int64_t timestamp, std::string_view body);

// The header's value: "t=<timestamp>,v1=<signature_hex>".
std::string signature_header(std::string_view secret, std::int64_t timestamp, std::string_view body);

// What a receiver does: parses `header`, recomputes v1 and compares in constant time; false for
// a malformed header or a wrong signature. (Tests; the README shows the same in Python.)
bool verify_signature(std::string_view secret, std::string_view header, std::string_view body);

}  // namespace barometer::webhook
