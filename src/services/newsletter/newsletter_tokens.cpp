#include "services/newsletter/newsletter_tokens.hpp"

#include <sodium.h>

#include <array>
#include <charconv>
#include <stdexcept>
#include <vector>

namespace barometer::newsletter {
namespace {

constexpr std::size_t kNonceBytes = 16;
constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kMaxToken = 256;  // a real token is ~90 characters
constexpr std::size_t kIpHashBytes = 16;

void ensure_sodium() {
  static const bool ready = [] {
    // Without a CSPRNG no token can be made safely: that is a broken installation, not bad input.
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    return true;
  }();
  (void)ready;
}

std::string to_base64(const unsigned char* data, std::size_t n, int variant) {
  std::string out(sodium_base64_encoded_len(n, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, variant);
  out.resize(out.find('\0'));
  return out;
}

std::vector<std::string_view> split_dots(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto dot = text.find('.', start);
    parts.push_back(text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

bool parse_int(std::string_view text, std::int64_t& out) {
  if (text.empty() || text.size() > 18) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

bool is_base64url(std::string_view text) {
  for (char c : text)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  return !text.empty();
}

const char* purpose_letter(TokenPurpose p) { return p == TokenPurpose::confirm ? "c" : "m"; }

std::string signed_text(const TokenClaims& c) {
  return std::string(purpose_letter(c.purpose)) + "|" + std::to_string(c.subscriber_id) + "|" +
         std::to_string(c.expires) + "|" + c.nonce;
}

}  // namespace

std::string TokenSigner::mac(std::string_view text) const {
  ensure_sodium();
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> out{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key_.data()), key_.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  crypto_auth_hmacsha256_final(&state, out.data());
  return to_base64(out.data(), out.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string TokenSigner::sign(const TokenClaims& claims) const {
  return std::string(purpose_letter(claims.purpose)) + "." + std::to_string(claims.subscriber_id) + "." +
         std::to_string(claims.expires) + "." + claims.nonce + "." + mac(signed_text(claims));
}

Result<TokenClaims> TokenSigner::verify(std::string_view token) const {
  if (token.empty() || token.size() > kMaxToken) return invalid("token: wrong length");
  auto parts = split_dots(token);
  if (parts.size() != 5) return invalid("token: malformed");
  TokenClaims claims;
  if (parts[0] == "c") claims.purpose = TokenPurpose::confirm;
  else if (parts[0] == "m") claims.purpose = TokenPurpose::manage;
  else return invalid("token: unknown purpose");
  if (!parse_int(parts[1], claims.subscriber_id) || claims.subscriber_id <= 0) return invalid("token: bad id");
  if (!parse_int(parts[2], claims.expires)) return invalid("token: bad expiry");
  if (!is_base64url(parts[3]) || !is_base64url(parts[4])) return invalid("token: bad characters");
  claims.nonce = std::string(parts[3]);
  const std::string expected = mac(signed_text(claims));
  // Constant-time comparison: no timing oracle for guessing a MAC byte by byte.
  if (expected.size() != parts[4].size() || sodium_memcmp(expected.data(), parts[4].data(), expected.size()) != 0)
    return invalid("token: signature does not match");
  return claims;
}

std::string TokenSigner::hash_ip(std::string_view ip) const {
  ensure_sodium();
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> out{};
  crypto_auth_hmacsha256_state state;
  const std::string text = "ip|" + std::string(ip);
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key_.data()), key_.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  crypto_auth_hmacsha256_final(&state, out.data());
  std::string hex(kIpHashBytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), out.data(), kIpHashBytes);
  hex.pop_back();
  return hex;
}

std::string random_nonce() {
  ensure_sodium();
  std::array<unsigned char, kNonceBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return to_base64(bytes.data(), bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string new_secret_text() {
  ensure_sodium();
  std::array<unsigned char, kSecretBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return to_base64(bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
}

Result<std::string> secret_bytes(std::string_view text) {
  ensure_sodium();
  std::string out(text.size(), '\0');
  std::size_t n = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr, &n,
                        nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      n < kSecretBytes)
    return invalid("site secret: not base64 of at least 32 bytes");
  out.resize(n);
  return out;
}

}  // namespace barometer::newsletter
