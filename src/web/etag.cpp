#include "web/etag.hpp"

#include <cstdint>
#include <cstring>

namespace barometer::web {
namespace {

constexpr std::uint64_t kPrime1 = 0x9E3779B185EBCA87ULL;
constexpr std::uint64_t kPrime2 = 0xC2B2AE3D27D4EB4FULL;
constexpr std::uint64_t kPrime3 = 0x165667B19E3779F9ULL;

std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

std::uint64_t load64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);  // unaligned-safe; the tag is defined on little-endian hosts
  return v;
}

std::uint64_t mix(std::uint64_t lane, std::uint64_t word) {
  lane += word * kPrime2;
  lane = rotl(lane, 31);
  return lane * kPrime1;
}

std::uint64_t finalize(std::uint64_t h) {
  h ^= h >> 33;
  h *= kPrime2;
  h ^= h >> 29;
  h *= kPrime3;
  h ^= h >> 32;
  return h;
}

// Four independent lanes so the CPU can overlap the multiplications (~several GB/s).
std::uint64_t hash64(std::string_view data) {
  const char* p = data.data();
  std::size_t n = data.size();
  std::uint64_t a = kPrime1 + kPrime2, b = kPrime2, c = 0, d = 0 - kPrime1;
  while (n >= 32) {
    a = mix(a, load64(p));
    b = mix(b, load64(p + 8));
    c = mix(c, load64(p + 16));
    d = mix(d, load64(p + 24));
    p += 32;
    n -= 32;
  }
  std::uint64_t h = rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(d, 18) + data.size() * kPrime3;
  while (n >= 8) {
    h = rotl(h ^ mix(0, load64(p)), 27) * kPrime1 + kPrime3;
    p += 8;
    n -= 8;
  }
  while (n > 0) {
    h = rotl(h ^ (static_cast<unsigned char>(*p) * kPrime3), 11) * kPrime1;
    ++p;
    --n;
  }
  return finalize(h);
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

// The opaque part of a tag (without W/ and quotes), or nullopt-like empty when malformed.
std::string_view opaque(std::string_view tag) {
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  if (tag.size() < 2 || tag.front() != '"' || tag.back() != '"') return {};
  return tag.substr(1, tag.size() - 2);
}

}  // namespace

std::string make_etag(std::string_view body) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t h = hash64(body);
  std::string tag(18, '"');
  for (int i = 16; i >= 1; --i, h >>= 4) tag[i] = kHex[h & 0xF];
  return tag;
}

std::string derive_etag(std::string_view etag, std::string_view suffix) {
  std::string out(etag);
  if (!out.empty() && out.back() == '"' && out.size() >= 2) {
    out.insert(out.size() - 1, "-");
    out.insert(out.size() - 1, suffix);
  } else {
    out = "\"" + out + "-" + std::string(suffix) + "\"";
  }
  return out;
}

bool if_none_match_matches(std::string_view field, std::string_view etag) {
  const std::string_view want = opaque(etag);
  std::size_t i = 0;
  while (i < field.size()) {
    while (i < field.size() && (is_space(field[i]) || field[i] == ',')) ++i;
    if (i >= field.size()) break;
    if (field[i] == '*') return !etag.empty();
    std::size_t start = i;
    if (field.substr(i).starts_with("W/")) i += 2;
    if (i >= field.size() || field[i] != '"') {
      // Malformed member: skip to the next comma.
      while (i < field.size() && field[i] != ',') ++i;
      continue;
    }
    // etagc excludes DQUOTE, so the tag ends at the next quote even if it contains commas.
    std::size_t close = field.find('"', i + 1);
    if (close == std::string_view::npos) return false;
    std::string_view member = opaque(field.substr(start, close + 1 - start));
    if (!want.empty() && member == want) return true;
    i = close + 1;
  }
  return false;
}

}  // namespace barometer::web
