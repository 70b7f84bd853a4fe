#include "web/gzip.hpp"

#include <zlib.h>

#include <array>
#include <charconv>

#include "web/http.hpp"

namespace barometer::web {
namespace {

constexpr int kGzipWindowBits = 15 + 16;   // 32 KiB window, gzip wrapper
constexpr int kAutoWindowBits = 15 + 32;   // accept gzip or zlib wrapper
constexpr int kMemLevel = 8;               // zlib's default

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// q-value of one Accept-Encoding member's parameters ("q=0.5"); 1 when absent, 0 when malformed
// (a malformed weight must not turn compression on).
double q_value(std::string_view params) {
  while (!params.empty()) {
    std::size_t semi = params.find(';');
    std::string_view p = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
    if (p.size() >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      std::string_view v = trim(p.substr(2));
      double q = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), q);
      if (ec != std::errc() || end != v.data() + v.size() || q < 0 || q > 1) return 0;
      return q;
    }
  }
  return 1;
}

}  // namespace

std::optional<std::string> gzip_compress(std::string_view data, int level) {
  z_stream zs{};
  if (deflateInit2(&zs, level, Z_DEFLATED, kGzipWindowBits, kMemLevel, Z_DEFAULT_STRATEGY) != Z_OK)
    return std::nullopt;
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);  // deflateBound guarantees one call suffices
  std::size_t produced = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  out.resize(produced);
  return out;
}

std::optional<std::string> gzip_decompress(std::string_view data, std::size_t max_size) {
  z_stream zs{};
  if (inflateInit2(&zs, kAutoWindowBits) != Z_OK) return std::nullopt;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  std::array<char, 16384> chunk;
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk.data());
    zs.avail_out = static_cast<uInt>(chunk.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(chunk.data(), chunk.size() - zs.avail_out);
    if (out.size() > max_size) {
      rc = Z_MEM_ERROR;
      break;
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      rc = Z_DATA_ERROR;  // truncated stream
      break;
    }
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

bool accepts_gzip(std::string_view field) {
  std::optional<double> gzip_q, star_q;
  while (!field.empty()) {
    std::size_t comma = field.find(',');
    std::string_view member = field.substr(0, comma);
    field = comma == std::string_view::npos ? std::string_view{} : field.substr(comma + 1);
    std::size_t semi = member.find(';');
    std::string_view coding = trim(member.substr(0, semi));
    double q = semi == std::string_view::npos ? 1.0 : q_value(member.substr(semi + 1));
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip"))
      gzip_q = q;
    else if (coding == "*")
      star_q = q;
  }
  if (gzip_q) return *gzip_q > 0;
  return star_q && *star_q > 0;
}

bool is_compressible_type(std::string_view type) {
  type = trim(type.substr(0, type.find(';')));
  auto starts = [&](std::string_view prefix) {
    return type.size() >= prefix.size() && iequals(type.substr(0, prefix.size()), prefix);
  };
  if (starts("text/")) return true;
  for (std::string_view t : {"application/json", "application/javascript", "application/xml",
                             "application/rss+xml", "application/atom+xml", "image/svg+xml",
                             "application/manifest+json", "application/feed+json",
                             "application/ld+json", "application/xhtml+xml"})
    if (iequals(type, t)) return true;
  return false;
}

}  // namespace barometer::web
