#include "web/routes/static_assets.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "web/url.hpp"

namespace barometer::web::routes {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kShort = "public, max-age=300";

std::string fnv1a_hex(const std::string& bytes) {
  std::uint64_t h = 1469598103934665603ull;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = kHex[h & 15];
  return out;
}

std::string content_type_for(const fs::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

bool safe_segment(const std::string& s) {
  return !s.empty() && s != "." && s != ".." && s.find_first_of(std::string_view("/\\\0", 3)) == std::string::npos;
}

}  // namespace

Result<StaticAssets> StaticAssets::load(const std::string& dir, std::size_t max_file_bytes) {
  StaticAssets assets;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return assets;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file() || it->file_size() > max_file_bytes) continue;
    std::ifstream in(it->path(), std::ios::binary);
    if (!in) return io_error("cannot read " + it->path().string());
    std::ostringstream bytes;
    bytes << in.rdbuf();
    StaticFile file;
    file.content_type = content_type_for(it->path());
    file.body = std::make_shared<const std::string>(bytes.str());
    file.hash = fnv1a_hex(*file.body);
    assets.files_.emplace(fs::relative(it->path(), dir).generic_string(), std::move(file));
  }
  if (ec) return io_error("cannot list " + dir + ": " + ec.message());
  return assets;
}

const StaticFile* StaticAssets::find(std::string_view name) const {
  auto it = files_.find(name);
  return it == files_.end() ? nullptr : &it->second;
}

std::string StaticAssets::url(std::string_view name) const {
  const StaticFile* file = find(name);
  std::string out = "/static/" + std::string(name);
  if (file) out += "?v=" + file->hash;
  return out;
}

Response StaticAssets::serve(const std::vector<std::string>& segments, std::string_view raw_query) const {
  Response response;
  std::string name;
  bool ok = !segments.empty();
  for (const auto& s : segments) {
    if (!safe_segment(s)) ok = false;
    name += (name.empty() ? "" : "/") + s;
  }
  const StaticFile* file = ok ? find(name) : nullptr;
  if (!file) {
    response.status = 404;
    response.set_header("Content-Type", "text/plain; charset=utf-8");
    response.set_header("Cache-Control", "no-cache");
    response.set_body("not found\n");
    return response;
  }
  const auto query = parse_query(raw_query);
  const auto version = query ? query_value(*query, "v") : std::nullopt;
  response.set_header("Content-Type", file->content_type);
  response.set_header("Cache-Control", std::string(version == file->hash ? kImmutable : kShort));
  response.set_header("ETag", "\"" + file->hash + "\"");
  response.set_header("X-Content-Type-Options", "nosniff");
  response.body = file->body;
  return response;
}

}  // namespace barometer::web::routes
