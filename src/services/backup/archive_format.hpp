// The backup archive's format (docs/decisions/0024-backup-archive.md): an uncompressed ustar
// file whose members are
//   manifest.json         format, versions, export time, the content checksum, and per table its
//                         member, columns, row count, size and SHA-256
//   tables/<table>.jsonl  one JSON object per row, keys sorted, in the table's key order
// Everything here is pure: bytes in, bytes out, no database.
//
// Contract: thread-safe (no shared state); expected failures are returned: invalid for an archive
// that is not one (a damaged, truncated or tampered file, an unknown format version), io when the
// file cannot be read or written.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "storage/table_rows.hpp"

namespace barometer::backup {

inline constexpr int kFormatVersion = 1;          // manifest "format_version" this code writes and reads
inline constexpr const char* kFormatName = "barometer-archive";
inline constexpr const char* kManifestName = "manifest.json";
// A member larger than this is refused before it is read into memory (a damaged header).
inline constexpr std::int64_t kMaxMemberBytes = std::int64_t{4} << 30;  // 4 GiB

struct TableMember {
  std::string table;
  std::string member;                 // "tables/<table>.jsonl"
  std::vector<std::string> columns;   // sorted by name, as every row's keys
  std::int64_t rows = 0;
  std::int64_t bytes = 0;
  std::string sha256;                 // lowercase hex of the member's bytes
};

struct Manifest {
  int format_version = kFormatVersion;
  std::string barometer_version;   // of the program that wrote it
  int schema_version = 0;          // the highest migration of the exported database
  std::string exported_at;         // UTC, "2026-12-08T01:40:00Z": the one part that varies
  std::string content_checksum;    // services/site_dump.hpp's checksum of the canonical dump
  std::vector<TableMember> tables; // in load order
};

// The JSON of the manifest (two-space indented, keys in a fixed order) and back. invalid with
// what is wrong for a manifest that is not one.
std::string manifest_json(const Manifest& manifest);
Result<Manifest> parse_manifest(const std::string& json);

// One row as a line of JSON Lines: an object of `columns` (sorted) to the row's values, '\n'
// ended. invalid if a text is not UTF-8.
Result<std::string> row_line(const std::vector<std::string>& columns, const TableRow& row);
// The rows of a member. Every line must be an object whose keys are `columns` exactly, with null,
// integer or string values; the row's values come out in the order of `columns`.
Result<std::vector<TableRow>> parse_rows(const std::string& jsonl, const std::vector<std::string>& columns);

// SHA-256 as 64 lowercase hex digits.
std::string sha256_hex(const std::string& bytes);

struct ArchiveFile {
  std::string name;
  std::string bytes;
};

// Writes `files` in this order as a ustar archive at `path`, deterministically: every header has
// mode 0644, owner 0:0 with no names, time 0. Written beside `path` and renamed over it after an
// fsync, so a failure never leaves a half-written archive under that name.
Status write_archive(const std::string& path, const std::vector<ArchiveFile>& files);
// The files of the archive at `path` (tar, also compressed: gzip, xz, zstd, ...). invalid for
// anything that is not a whole archive of regular files with unique names.
Result<std::vector<ArchiveFile>> read_archive_files(const std::string& path);

}  // namespace barometer::backup
