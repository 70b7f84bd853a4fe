#include "i18n/email_address.hpp"

#include <unicode/uidna.h>

#include <algorithm>
#include <memory>

namespace barometer {
namespace {

constexpr std::size_t kMaxLocal = 64;      // RFC 5321 4.5.3.1.1
constexpr std::size_t kMaxDomain = 253;    // RFC 1035 without the root dot
constexpr std::size_t kMaxLabel = 63;
constexpr std::size_t kMaxAddress = 254;   // RFC 5321 path (256) minus the angle brackets
constexpr std::size_t kMaxInput = 1024;    // anything longer is not worth converting
constexpr int32_t kIdnaBuffer = 1024;

struct IdnaCloser {
  void operator()(UIDNA* idna) const { uidna_close(idna); }
};

// One UTS #46 converter per thread: uidna_openUTS46 is not free, and a UIDNA is not shared.
UIDNA* idna() {
  thread_local std::unique_ptr<UIDNA, IdnaCloser> converter = [] {
    UErrorCode status = U_ZERO_ERROR;
    UIDNA* made = uidna_openUTS46(UIDNA_USE_STD3_RULES | UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ |
                                      UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_NONTRANSITIONAL_TO_UNICODE,
                                  &status);
    return std::unique_ptr<UIDNA, IdnaCloser>(U_SUCCESS(status) ? made : nullptr);
  }();
  return converter.get();
}

bool is_atext(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(char(c)) != std::string_view::npos;
}

Status check_local(std::string_view local) {
  if (local.empty()) return invalid("the part before @ is empty");
  if (local.size() > kMaxLocal) return invalid("the part before @ is longer than 64 bytes");
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return invalid("the part before @ has a misplaced dot");
  for (unsigned char c : local) {
    if (c == '.') continue;
    if (c >= 0x80) return invalid("the part before @ has non-ASCII characters");
    if (!is_atext(c)) return invalid("the part before @ has a character that is not allowed");
  }
  return {};
}

enum class Direction { to_ascii, to_unicode };

Result<std::string> convert_domain(std::string_view domain, Direction direction) {
  UIDNA* converter = idna();
  if (!converter) return invalid("international domain names cannot be checked here");
  char out[kIdnaBuffer];
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  UErrorCode status = U_ZERO_ERROR;
  const auto length = static_cast<int32_t>(domain.size());
  const int32_t n = direction == Direction::to_ascii
                        ? uidna_nameToASCII_UTF8(converter, domain.data(), length, out, kIdnaBuffer, &info, &status)
                        : uidna_nameToUnicodeUTF8(converter, domain.data(), length, out, kIdnaBuffer, &info, &status);
  if (U_FAILURE(status) || n < 0 || n >= kIdnaBuffer) return invalid("the domain cannot be converted");
  // Errors that only concern the length are checked below with our own limits.
  const uint32_t fatal = info.errors & ~uint32_t(UIDNA_ERROR_LABEL_TOO_LONG | UIDNA_ERROR_DOMAIN_NAME_TOO_LONG);
  if (fatal != 0) return invalid("the domain is not a valid host name");
  return std::string(out, static_cast<std::size_t>(n));
}

Status check_ascii_domain(std::string_view domain) {
  if (domain.size() > kMaxDomain) return invalid("the domain is longer than 253 bytes");
  if (domain.empty() || domain.back() == '.') return invalid("the domain ends with a dot");
  std::size_t labels = 0;
  std::string_view last;
  for (std::size_t start = 0; start <= domain.size();) {
    std::size_t dot = domain.find('.', start);
    if (dot == std::string_view::npos) dot = domain.size();
    std::string_view label = domain.substr(start, dot - start);
    if (label.empty()) return invalid("the domain has an empty label");
    if (label.size() > kMaxLabel) return invalid("a domain label is longer than 63 bytes");
    if (label.front() == '-' || label.back() == '-') return invalid("a domain label starts or ends with a hyphen");
    ++labels;
    last = label;
    start = dot + 1;
  }
  if (labels < 2) return invalid("the domain has no dot");
  if (std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return invalid("the domain is a number, not a host name");
  return {};
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

}  // namespace

Result<EmailAddress> parse_email_address(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty()) return invalid("the address is empty");
  if (text.size() > kMaxInput) return invalid("the address is far too long");
  for (unsigned char c : text)
    if (c < 0x20 || c == ' ' || c == 0x7f) return invalid("the address has a space or control character");
  const auto at = text.rfind('@');
  if (at == std::string_view::npos) return invalid("the address has no @");
  std::string_view local = text.substr(0, at);
  std::string_view domain = text.substr(at + 1);
  if (auto s = check_local(local); !s) return s.error();  // also refuses a second '@' (not atext)
  if (domain.empty()) return invalid("the domain is empty");
  if (domain.front() == '[') return invalid("address literals are not accepted");
  auto ascii_domain = convert_domain(domain, Direction::to_ascii);
  if (!ascii_domain) return ascii_domain.error();
  if (auto s = check_ascii_domain(*ascii_domain); !s) return s.error();
  EmailAddress out;
  out.ascii.reserve(local.size() + 1 + ascii_domain->size());
  for (char c : local) out.ascii.push_back(lower(c));
  out.ascii.push_back('@');
  for (char c : *ascii_domain) out.ascii.push_back(lower(c));
  if (out.ascii.size() > kMaxAddress) return invalid("the address is longer than 254 bytes");
  out.display = email_for_display(out.ascii);
  return out;
}

std::string email_for_display(std::string_view ascii) {
  const auto at = ascii.rfind('@');
  if (at == std::string_view::npos) return std::string(ascii);
  auto unicode = convert_domain(ascii.substr(at + 1), Direction::to_unicode);
  if (!unicode) return std::string(ascii);
  return std::string(ascii.substr(0, at + 1)) + *unicode;
}

namespace {

// The length of a space-like UTF-8 sequence at the start of `s` (0 if none): ASCII white space,
// U+00A0, U+2000..U+200B, U+202F, U+205F, U+3000, U+FEFF.
std::size_t space_at(std::string_view s) {
  auto u = [&](std::size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0u; };
  if (s.empty()) return 0;
  if (u(0) == ' ' || (u(0) >= '\t' && u(0) <= '\r')) return 1;
  if (u(0) == 0xC2 && u(1) == 0xA0) return 2;
  if (u(0) == 0xE2 && u(1) == 0x80 && ((u(2) >= 0x80 && u(2) <= 0x8B) || u(2) == 0xAF)) return 3;
  if (u(0) == 0xE2 && u(1) == 0x81 && u(2) == 0x9F) return 3;
  if (u(0) == 0xE3 && u(1) == 0x80 && u(2) == 0x80) return 3;
  if (u(0) == 0xEF && u(1) == 0xBB && u(2) == 0xBF) return 3;
  return 0;
}

std::string_view trim_spaces(std::string_view s) {
  while (std::size_t n = space_at(s)) s.remove_prefix(n);
  for (bool trimmed = true; trimmed && !s.empty();) {
    trimmed = false;
    for (std::size_t n = 1; n <= 3; ++n)
      if (s.size() >= n && space_at(s.substr(s.size() - n)) == n) {
        s.remove_suffix(n);
        trimmed = true;
        break;
      }
  }
  return s;
}

bool ascii_only(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

}  // namespace

std::string email_search_text(std::string_view typed) {
  std::string_view s = trim_spaces(typed);
  // "Name <a@b.by>": the address in the last angle brackets.
  if (auto open = s.rfind('<'); open != std::string_view::npos) {
    auto close = s.find('>', open);
    if (close != std::string_view::npos) s = trim_spaces(s.substr(open + 1, close - open - 1));
  }
  if (s.size() >= 7 && lowered(s.substr(0, 7)) == "mailto:") s = trim_spaces(s.substr(7));
  if (ascii_only(s)) return lowered(s);
  // Non-ASCII: the domain (after the last @, or all of it) in A-labels.
  const auto at = s.rfind('@');
  std::string_view local = at == std::string_view::npos ? std::string_view() : s.substr(0, at + 1);
  std::string_view domain = at == std::string_view::npos ? s : s.substr(at + 1);
  if (ascii_only(domain) || domain.empty()) return lowered(s);
  auto ascii = convert_domain(domain, Direction::to_ascii);
  if (!ascii) return lowered(s);
  return lowered(local) + lowered(*ascii);
}

}  // namespace barometer
