// TOTP (RFC 6238) against the RFC's own test vectors, the skew window, replay, base32, and the
// small helpers of two-factor sign-in (recovery codes, the User-Agent summary).
#include <gtest/gtest.h>

#include <cctype>

#include <set>

#include "services/staff/second_factor.hpp"
#include "services/staff/staff_service.hpp"
#include "services/staff/totp.hpp"
#include "services/staff/user_agent.hpp"

namespace barometer::staff {
namespace {

// RFC 6238 appendix B, the SHA-1 column: the key is the ASCII "12345678901234567890".
constexpr const char* kRfcKey = "12345678901234567890";
struct Vector {
  std::int64_t unix_time;
  const char* code8;
};
constexpr Vector kVectors[] = {{59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
                               {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};

TEST(Totp, Rfc6238AppendixBSha1EightDigits) {
  for (const auto& v : kVectors)
    EXPECT_EQ(hotp(kRfcKey, static_cast<std::uint64_t>(totp_step(from_unix(v.unix_time))), 8), v.code8) << v.unix_time;
}

TEST(Totp, SixDigitsAreTheLastSixOfTheSameTruncation) {
  for (const auto& v : kVectors) {
    std::string eight = v.code8;
    EXPECT_EQ(hotp(kRfcKey, static_cast<std::uint64_t>(totp_step(from_unix(v.unix_time)))), eight.substr(2))
        << v.unix_time;
  }
}

TEST(Totp, StepsAreThirtySeconds) {
  EXPECT_EQ(totp_step(from_unix(0)), 0);
  EXPECT_EQ(totp_step(from_unix(29)), 0);
  EXPECT_EQ(totp_step(from_unix(30)), 1);
  EXPECT_EQ(totp_step(from_unix(59)), 1);
}

TEST(Totp, Base32RoundTripsAndRefusesOtherCharacters) {
  EXPECT_EQ(base32_encode("12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(base32_decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), "12345678901234567890");
  EXPECT_EQ(base32_decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"), "12345678901234567890");
  EXPECT_FALSE(base32_decode("GEZD1").has_value());
  EXPECT_FALSE(base32_decode("<script>").has_value());
  std::string secret = new_totp_secret();
  EXPECT_EQ(secret.size(), 32u);
  EXPECT_EQ(base32_decode(secret)->size(), kTotpSecretBytes);
  EXPECT_NE(new_totp_secret(), secret);
}

TEST(Totp, OneStepOfSkewIsAcceptedTwoAreNot) {
  const std::string secret = base32_encode(kRfcKey);
  const std::int64_t now = 1'000'000;
  for (std::int64_t delta : {-1, 0, 1}) {
    auto code = hotp(kRfcKey, static_cast<std::uint64_t>(now + delta));
    EXPECT_EQ(totp_match(secret, code, now, -1), now + delta) << delta;
  }
  for (std::int64_t delta : {-2, 2, 3}) {
    auto code = hotp(kRfcKey, static_cast<std::uint64_t>(now + delta));
    EXPECT_FALSE(totp_match(secret, code, now, -1).has_value()) << delta;
  }
}

TEST(Totp, ACodeAlreadyUsedInItsWindowIsRefused) {
  const std::string secret = base32_encode(kRfcKey);
  const std::int64_t now = 1'000'000;
  auto code = hotp(kRfcKey, static_cast<std::uint64_t>(now));
  EXPECT_FALSE(totp_match(secret, code, now, now).has_value());       // this step was accepted
  EXPECT_FALSE(totp_match(secret, code, now + 1, now).has_value());   // still in the window
  auto earlier = hotp(kRfcKey, static_cast<std::uint64_t>(now - 1));
  EXPECT_FALSE(totp_match(secret, earlier, now, now).has_value());    // older than the last accepted
  auto next = hotp(kRfcKey, static_cast<std::uint64_t>(now + 1));
  EXPECT_EQ(totp_match(secret, next, now, now), now + 1);
}

TEST(Totp, MalformedCodesNeverMatch) {
  const std::string secret = base32_encode(kRfcKey);
  for (const char* bad : {"", "12345", "1234567", "12345a", "１２３４５６", "' OR 1=1", "<script>alert(1)</script>"})
    EXPECT_FALSE(totp_match(secret, bad, 1'000'000, -1).has_value()) << bad;
  EXPECT_EQ(normalize_totp_code("123 456"), "123456");
  EXPECT_EQ(normalize_totp_code(std::string(100, '1')), "");
  EXPECT_EQ(normalize_totp_code("12345６"), "");
}

TEST(Totp, OtpauthUriNamesTheIssuerAndAccount) {
  EXPECT_EQ(otpauth_uri("Test Monitor", "ann@x.org", "ABC"),
            "otpauth://totp/Test%20Monitor:ann%40x.org?secret=ABC&issuer=Test%20Monitor&algorithm=SHA1&digits=6"
            "&period=30");
}

TEST(RecoveryCodes, TenDistinctCodesTheirHashesAndTheFormsTheyAreTypedIn) {
  RecoveryCodes made = new_recovery_codes();
  ASSERT_EQ(made.codes.size(), kRecoveryCodeCount);
  ASSERT_EQ(made.hashes.size(), kRecoveryCodeCount);
  EXPECT_EQ(std::set<std::string>(made.codes.begin(), made.codes.end()).size(), kRecoveryCodeCount);
  const std::string& code = made.codes[0];
  ASSERT_EQ(code.size(), 11u);
  EXPECT_EQ(code[5], '-');
  std::string upper = code;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(normalize_recovery_code(upper), code.substr(0, 5) + code.substr(6));
  EXPECT_EQ(normalize_recovery_code("abc"), "");
  EXPECT_EQ(normalize_recovery_code("abcde-fghi1"), "");  // 1 is not base32
}

TEST(UserAgent, CommonBrowsersAreNamed) {
  auto chromium = summarize_user_agent(
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36");
  EXPECT_EQ(chromium.browser, "Chromium");
  EXPECT_EQ(chromium.os, "Linux");
  auto firefox = summarize_user_agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0");
  EXPECT_EQ(firefox.browser, "Firefox");
  EXPECT_EQ(firefox.os, "Windows");
  auto safari = summarize_user_agent(
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 "
      "Mobile/15E148 Safari/604.1");
  EXPECT_EQ(safari.browser, "Safari");
  EXPECT_EQ(safari.os, "iOS");
  auto edge = summarize_user_agent(
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
      "Safari/537.36 Edg/120.0.0.0");
  EXPECT_EQ(edge.browser, "Edge");
  EXPECT_EQ(edge.os, "macOS");
  auto unknown = summarize_user_agent("curl/8.5.0");
  EXPECT_EQ(unknown.browser, "");
  EXPECT_EQ(unknown.os, "");
}

}  // namespace
}  // namespace barometer::staff
