// Signed newsletter tokens: what confirmation, unsubscribe and preferences links carry.
//
// A token is "<purpose>.<subscriber id>.<expiry>.<nonce>.<mac>": purpose "c" (confirm) or "m"
// (manage: unsubscribe and preferences), expiry in unix seconds (0 = never), the subscriber's
// current nonce for that purpose (base64url, 16 random bytes), and mac = base64url(HMAC-SHA256
// (site secret, "purpose|id|expiry|nonce")). Only URL-safe characters, so it goes into a query
// string unescaped. The signature proves the site made it; the nonce, compared with the one on
// the subscriber row, makes it single-use (confirm) or revocable (manage).
//
// Thread-safe (immutable after construction); never throws.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "domain/topic.hpp"

namespace barometer::newsletter {

enum class TokenPurpose { confirm, manage };

struct TokenClaims {
  TokenPurpose purpose = TokenPurpose::confirm;
  Id subscriber_id = 0;
  std::int64_t expires = 0;  // unix seconds; 0 = does not expire
  std::string nonce;
};

class TokenSigner {
 public:
  // `key`: the raw secret bytes (at least 32).
  explicit TokenSigner(std::string key) : key_(std::move(key)) {}

  std::string sign(const TokenClaims& claims) const;
  // invalid when the token is malformed or its MAC does not match (forged or altered).
  // Expiry and nonce are the caller's to check.
  Result<TokenClaims> verify(std::string_view token) const;
  // A keyed hash of a client IP address (hex, 32 characters): equal IPs give equal hashes, but the
  // address cannot be recovered by hashing all IPv4 addresses without the site secret.
  std::string hash_ip(std::string_view ip) const;

 private:
  std::string mac(std::string_view text) const;  // base64url HMAC-SHA256
  std::string key_;
};

// 16 random bytes, base64url without padding.
std::string random_nonce();
// A new site secret: 32 random bytes, base64 (standard, padded) for storage as text.
std::string new_secret_text();
// The raw bytes of a stored secret; invalid when it is not base64 of at least 32 bytes.
Result<std::string> secret_bytes(std::string_view text);

}  // namespace barometer::newsletter
