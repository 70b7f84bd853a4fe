#include "web/api/cursor.hpp"

#include <algorithm>
#include <vector>

#include "web/etag.hpp"

namespace barometer::web::api {
namespace {

constexpr std::size_t kMaxCursor = 512;  // hex characters; real cursors are well under half

// 16 hex digits of a 64-bit hash (the ETag's, without its quotes).
std::string check_of(std::string_view text) {
  std::string tag = make_etag(text);
  return tag.substr(1, tag.size() - 2);
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0 || hex.size() > kMaxCursor) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = hex_value(hex[i]), lo = hex_value(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

}  // namespace

std::string filter_fingerprint(const QueryParams& query, bool with_limit) {
  std::vector<std::pair<std::string, std::string>> kept;
  for (const auto& [name, value] : query)
    if (name != "cursor" && (with_limit || name != "limit")) kept.emplace_back(name, value);
  std::sort(kept.begin(), kept.end());
  std::string text;
  for (const auto& [name, value] : kept) text += name + "=" + value + "\n";
  return check_of(text);
}

std::string encode_cursor(std::string_view collection, std::string_view fingerprint, std::string_view key) {
  std::string payload = std::string(collection) + "|" + std::string(fingerprint) + "|" + std::string(key);
  return to_hex(payload + "|" + check_of(payload));
}

std::optional<std::string> decode_cursor(std::string_view cursor, std::string_view collection,
                                         std::string_view fingerprint) {
  auto bytes = from_hex(cursor);
  if (!bytes) return std::nullopt;
  const auto last = bytes->rfind('|');
  if (last == std::string::npos) return std::nullopt;
  const std::string payload = bytes->substr(0, last);
  if (bytes->substr(last + 1) != check_of(payload)) return std::nullopt;
  const std::string head = std::string(collection) + "|" + std::string(fingerprint) + "|";
  if (payload.rfind(head, 0) != 0) return std::nullopt;
  return payload.substr(head.size());
}

}  // namespace barometer::web::api
