#include "services/staff/password.hpp"

#include <sodium.h>

#include <mutex>
#include <stdexcept>
#include <vector>

namespace barometer::staff {

namespace {

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    // sodium_init is idempotent and thread-safe after the first call; failing it means no CSPRNG.
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  });
}

std::string to_hex(const unsigned char* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

}  // namespace

Status check_password_rules(std::string_view password) {
  if (password.size() < kMinPasswordLength)
    return invalid_field("password", "must be at least " + std::to_string(kMinPasswordLength) + " characters");
  if (password.size() > kMaxPasswordLength)
    return invalid_field("password", "must be at most " + std::to_string(kMaxPasswordLength) + " bytes");
  if (password.find('\0') != std::string_view::npos) return invalid_field("password", "must not contain a NUL byte");
  return {};
}

Result<std::string> hash_password(std::string_view password) {
  if (auto s = check_password_rules(password); !s) return s.error();
  ensure_sodium();
  std::vector<char> out(crypto_pwhash_STRBYTES);
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), kPasswordOpsLimit, kPasswordMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return unavailable("password hashing ran out of memory");
  return std::string(out.data());
}

bool verify_password(const std::string& hash, std::string_view password) {
  ensure_sodium();
  if (hash.size() >= crypto_pwhash_STRBYTES || password.size() > kMaxPasswordLength) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void verify_dummy_password(std::string_view password) {
  // A fixed valid hash with the pinned parameters, computed once.
  static const std::string dummy = [] {
    auto h = hash_password("not-a-real-password-0");
    return h.ok() ? *h : std::string();
  }();
  (void)verify_password(dummy, password.substr(0, kMaxPasswordLength));
}

std::string random_token(std::size_t bytes) {
  ensure_sodium();
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  return to_hex(buf.data(), buf.size());
}

std::string sha256_hex(std::string_view text) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  return to_hex(digest, sizeof digest);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace barometer::staff
