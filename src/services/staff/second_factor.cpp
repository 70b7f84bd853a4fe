#include "services/staff/second_factor.hpp"

#include <sodium.h>

#include <limits>
#include <stdexcept>

#include "services/staff/password.hpp"
#include "services/staff/staff_service.hpp"
#include "services/staff/totp.hpp"

namespace barometer::staff {

namespace {

constexpr std::size_t kRecoveryCodeChars = 10;  // base32 characters: 50 bits
constexpr char kRecoveryAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";

}  // namespace

std::string normalize_totp_code(std::string_view code) {
  if (code.size() > kMaxCodeInput) return "";
  std::string digits;
  for (char c : code) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return "";
    digits += c;
  }
  return digits.size() == static_cast<std::size_t>(kTotpDigits) ? digits : "";
}

std::string normalize_recovery_code(std::string_view code) {
  if (code.size() > kMaxCodeInput) return "";
  std::string out;
  for (char c : code) {
    if (c == ' ' || c == '-') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) return "";
    out += c;
  }
  return out.size() == kRecoveryCodeChars ? out : "";
}

RecoveryCodes new_recovery_codes() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  RecoveryCodes out;
  for (std::size_t i = 0; i < kRecoveryCodeCount; ++i) {
    std::string code;
    for (std::size_t k = 0; k < kRecoveryCodeChars; ++k) code += kRecoveryAlphabet[randombytes_uniform(32)];
    out.hashes.push_back(sha256_hex(code));
    out.codes.push_back(code.substr(0, 5) + "-" + code.substr(5));
  }
  return out;
}

Result<CodeCheck> check_second_factor(StaffStore& store, Id user, std::string_view code, Instant now) {
  if (std::string digits = normalize_totp_code(code); !digits.empty()) {
    auto two_factor = store.two_factor(user);
    if (!two_factor) return two_factor.code() == ErrorCode::not_found ? Result<CodeCheck>(CodeCheck::wrong) : two_factor.error();
    if (!two_factor->enabled) return CodeCheck::wrong;
    const std::int64_t now_step = totp_step(now);
    auto step = totp_match(two_factor->secret, digits, now_step, two_factor->last_step);
    if (!step) {
      // Right for the window but not later than the last accepted step: a code seen before.
      const bool seen = totp_match(two_factor->secret, digits, now_step, std::numeric_limits<std::int64_t>::min()).has_value();
      return seen ? CodeCheck::replayed : CodeCheck::wrong;
    }
    // The store refuses the step if another request accepted it (or a later one) meanwhile.
    auto taken = store.accept_totp_step(user, *step);
    if (!taken) return taken.error();
    return *taken ? CodeCheck::accepted : CodeCheck::replayed;
  }
  if (std::string recovery = normalize_recovery_code(code); !recovery.empty()) {
    auto used = store.use_recovery_code(user, sha256_hex(recovery), now);
    if (!used) return used.error();
    return *used ? CodeCheck::accepted : CodeCheck::wrong;
  }
  return CodeCheck::wrong;
}

}  // namespace barometer::staff
