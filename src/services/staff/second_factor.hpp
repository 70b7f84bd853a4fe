// Checking the second factor against the store: a TOTP code (once per time step) or a recovery
// code (once). Internal to services/staff (StaffService's code step and enrolment).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "storage/staff_store.hpp"

namespace barometer::staff {

inline constexpr std::size_t kMaxCodeInput = 64;  // bytes of a code field looked at; longer is wrong

// What a code turned out to be.
enum class CodeCheck {
  accepted,  // the current TOTP code, not used before, or an unused recovery code (now spent)
  wrong,     // anything else: wrong, malformed, overlong, a used or unknown recovery code
  replayed,  // a TOTP code of the window that was already accepted: somebody else may have it
};

// Checks `code` against the user's two-factor; an accepted TOTP step or recovery code is recorded
// so it is never accepted again.
Result<CodeCheck> check_second_factor(StaffStore& store, Id user, std::string_view code, Instant now);

// kRecoveryCodeCount new codes ("abcde-fghij", 50 random bits each) and their stored hashes.
struct RecoveryCodes {
  std::vector<std::string> codes;
  std::vector<std::string> hashes;
};
RecoveryCodes new_recovery_codes();
// The form a code is hashed in (lower case, without spaces and dashes); "" when it cannot be one.
std::string normalize_recovery_code(std::string_view code);
// The code's digits without spaces, when it looks like a TOTP code; "" otherwise.
std::string normalize_totp_code(std::string_view code);

}  // namespace barometer::staff
