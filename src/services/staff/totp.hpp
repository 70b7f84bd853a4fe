// Time-based one-time passwords for staff two-factor sign-in (RFC 6238 over RFC 4226's HOTP):
// HMAC-SHA-1, 30-second steps counted from the Unix epoch, 6 digits — what every authenticator
// app does. Secrets are 20 random bytes, shown and stored as base32 (RFC 4648, no padding).
// HMAC through OpenSSL (docs/decisions/0015-staff-2fa.md). Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/date.hpp"

namespace barometer::staff {

inline constexpr std::int64_t kTotpStepSeconds = 30;  // RFC 6238's default time step
inline constexpr int kTotpDigits = 6;                 // what authenticator apps show
inline constexpr std::int64_t kTotpSkewSteps = 1;     // steps accepted either side of now (clock skew)
inline constexpr std::size_t kTotpSecretBytes = 20;   // 160 bits, RFC 4226's recommendation

// RFC 4226 HOTP of `key` (raw bytes) at `counter`, `digits` (1..9) digits with leading zeros.
std::string hotp(std::string_view key, std::uint64_t counter, int digits = kTotpDigits);
// The time step that holds `at` (floor of unix seconds / 30).
std::int64_t totp_step(Instant at);

// Upper-case base32 without padding; decoding ignores spaces and case, and refuses anything else.
std::string base32_encode(std::string_view bytes);
std::optional<std::string> base32_decode(std::string_view text);

// A new random secret, base32 (32 characters).
std::string new_totp_secret();

// The step within kTotpSkewSteps of `now_step` whose code is `code`, if any, and only if it is
// later than `last_step` (a code already accepted is never accepted again). `code` must be exactly
// kTotpDigits ASCII digits; `secret` base32. Constant-time comparison.
std::optional<std::int64_t> totp_match(std::string_view secret, std::string_view code, std::int64_t now_step,
                                       std::int64_t last_step);

// otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
std::string otpauth_uri(std::string_view issuer, std::string_view account, std::string_view secret);

}  // namespace barometer::staff
