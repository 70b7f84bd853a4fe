#include "webhook/signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace barometer::webhook {

std::string signature_hex(std::string_view secret, std::int64_t timestamp, std::string_view body) {
  const std::string message = std::to_string(timestamp) + "." + std::string(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 0xf];
  }
  return out;
}

std::string signature_header(std::string_view secret, std::int64_t timestamp, std::string_view body) {
  return "t=" + std::to_string(timestamp) + ",v1=" + signature_hex(secret, timestamp, body);
}

bool verify_signature(std::string_view secret, std::string_view header, std::string_view body) {
  if (header.rfind("t=", 0) != 0) return false;
  const std::size_t comma = header.find(",v1=");
  if (comma == std::string_view::npos) return false;
  const std::string_view t = header.substr(2, comma - 2);
  const std::string_view v1 = header.substr(comma + 4);
  if (t.empty() || t.size() > 18 || t.find_first_not_of("0123456789") != std::string_view::npos) return false;
  const std::string expected = signature_hex(secret, std::stoll(std::string(t)), body);
  return v1.size() == expected.size() && CRYPTO_memcmp(v1.data(), expected.data(), expected.size()) == 0;
}

}  // namespace barometer::webhook
