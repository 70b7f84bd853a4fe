// The theme's static/ folder (CSS, icons), read into memory once at start-up and served only
// from that in-memory map, so no request can reach any other file (path traversal, encoded
// slashes and dot segments simply find nothing).
//
// Each file gets a content hash; pages link "/static/<name>?v=<hash>" and such fingerprinted
// requests are cached by browsers for a year. Immutable after load; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "web/http.hpp"

namespace barometer::web::routes {

struct StaticFile {
  std::string content_type;
  std::string hash;  // 16 hex digits of a 64-bit FNV-1a of the bytes
  std::shared_ptr<const std::string> body;
};

class StaticAssets {
 public:
  // Reads every regular file under `dir` (recursively). io when unreadable; an absent dir is
  // an empty set. Files larger than `max_file_bytes` are skipped.
  static Result<StaticAssets> load(const std::string& dir, std::size_t max_file_bytes = 8u << 20);

  // "style.css" -> "/static/style.css?v=0123456789abcdef"; "/static/<name>" when unknown.
  std::string url(std::string_view name) const;
  // The response for the decoded path segments after /static/ and the raw query: 200 with
  // long-lived caching when ?v= matches the hash, shorter caching otherwise; 404 (plain text)
  // for anything that is not exactly a loaded file.
  Response serve(const std::vector<std::string>& segments, std::string_view raw_query) const;
  const StaticFile* find(std::string_view name) const;

 private:
  std::map<std::string, StaticFile, std::less<>> files_;
};

}  // namespace barometer::web::routes
