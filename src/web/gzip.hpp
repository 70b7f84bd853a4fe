// gzip content coding (RFC 9110 §8.4.1.3) with zlib, and the rules for when to use it.
// Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace barometer::web {

// Default zlib level for responses compressed per request (cached pages use kGzipLevelBest once).
inline constexpr int kGzipLevelDefault = 6;
inline constexpr int kGzipLevelBest = 9;

// gzip-compresses `data`; nullopt only if zlib fails (out of memory).
std::optional<std::string> gzip_compress(std::string_view data, int level = kGzipLevelDefault);

// Decompresses a gzip (or zlib) stream; nullopt when the input is not valid or would exceed
// `max_size` bytes. Used by tests and by anything that must read a compressed body.
std::optional<std::string> gzip_decompress(std::string_view data, std::size_t max_size = 64u << 20);

// Whether an Accept-Encoding field value allows gzip: "gzip"/"x-gzip" with q > 0, or "*" with
// q > 0 when gzip is not listed. Absent or empty field -> false (identity only is safest).
bool accepts_gzip(std::string_view accept_encoding);

// Whether a Content-Type is worth compressing: text/*, JSON, JavaScript, XML, RSS/Atom, SVG.
bool is_compressible_type(std::string_view content_type);

}  // namespace barometer::web
