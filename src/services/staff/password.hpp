// Password hashing and random tokens for staff accounts (libsodium). Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace barometer::staff {

// argon2id parameters, pinned in code so they never silently weaken with a library upgrade:
// at or above OWASP's minimum (19 MiB memory, 2 iterations, 1 lane; libsodium uses 1 lane).
inline constexpr std::size_t kPasswordMemLimit = std::size_t{19} << 20;  // bytes
inline constexpr unsigned long long kPasswordOpsLimit = 2;               // iterations
inline constexpr std::size_t kMinPasswordLength = 12;                    // bytes; ASVS 4.0 2.1.1
inline constexpr std::size_t kMaxPasswordLength = 1024;                  // bytes; bounds the hashing work

// invalid (naming the rule) when the password is too short, too long or contains a NUL byte.
Status check_password_rules(std::string_view password);
// The crypto_pwhash_str encoding ("$argon2id$v=19$m=19456,t=2,p=1$..."). Checks the rules first;
// unavailable if libsodium cannot get the memory.
Result<std::string> hash_password(std::string_view password);
// Constant-time for a given hash; false for a malformed hash.
bool verify_password(const std::string& hash, std::string_view password);
// Burns about as much time as verify_password, so an unknown email cannot be told apart by timing.
void verify_dummy_password(std::string_view password);

// `bytes` random bytes from the OS CSPRNG, hex-encoded (2 * bytes characters).
std::string random_token(std::size_t bytes = 32);
// Hex SHA-256 of `text`: what is stored in place of a session token.
std::string sha256_hex(std::string_view text);
// Constant-time equality of two strings (length leaks, content does not).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace barometer::staff
