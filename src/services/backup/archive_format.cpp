#include "services/backup/archive_format.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

namespace barometer::backup {

namespace {

using json = nlohmann::json;                 // rows: std::map, so keys come out sorted
using ordered = nlohmann::ordered_json;      // the manifest: keys in the order written

struct ArchiveFree {
  void operator()(archive* a) const { archive_free(a); }  // closes first if still open
};
using ArchivePtr = std::unique_ptr<archive, ArchiveFree>;
struct EntryFree {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

std::string archive_message(archive* a) {
  const char* m = archive_error_string(a);
  return m ? m : "unknown error";
}

// Reads a required member of a JSON object; the path goes into the error.
template <class T>
Result<T> member(const ordered& j, const char* name, const std::string& where) {
  if (!j.is_object()) return invalid("manifest: " + where + " is not an object");
  auto it = j.find(name);
  if (it == j.end()) return invalid("manifest: " + where + " has no \"" + name + "\"");
  try {
    return it->template get<T>();
  } catch (const ordered::exception&) {
    return invalid("manifest: " + where + " has a bad \"" + name + "\"");
  }
}

}  // namespace

std::string manifest_json(const Manifest& m) {
  ordered j;
  j["format"] = kFormatName;
  j["format_version"] = m.format_version;
  j["barometer_version"] = m.barometer_version;
  j["schema_version"] = m.schema_version;
  j["exported_at"] = m.exported_at;
  j["content_checksum"] = m.content_checksum;
  ordered tables = ordered::array();
  for (const auto& t : m.tables) {
    ordered o;
    o["table"] = t.table;
    o["member"] = t.member;
    o["columns"] = t.columns;
    o["rows"] = t.rows;
    o["bytes"] = t.bytes;
    o["sha256"] = t.sha256;
    tables.push_back(std::move(o));
  }
  j["tables"] = std::move(tables);
  return j.dump(2) + "\n";
}

Result<Manifest> parse_manifest(const std::string& text) {
  ordered j = ordered::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return invalid("manifest.json is not a JSON object");
  auto format = member<std::string>(j, "format", "the manifest");
  if (!format) return format.error();
  if (*format != kFormatName) return invalid("not a barometer archive (format \"" + *format + "\")");
  Manifest m;
  auto version = member<int>(j, "format_version", "the manifest");
  if (!version) return version.error();
  if (*version != kFormatVersion)
    return invalid("archive format version " + std::to_string(*version) + " is not the one this barometer reads (" +
                   std::to_string(kFormatVersion) + "); use the barometer that wrote it, or a newer one");
  m.format_version = *version;
  auto program = member<std::string>(j, "barometer_version", "the manifest");
  auto schema = member<int>(j, "schema_version", "the manifest");
  auto at = member<std::string>(j, "exported_at", "the manifest");
  auto checksum = member<std::string>(j, "content_checksum", "the manifest");
  auto tables = member<ordered>(j, "tables", "the manifest");
  if (!program) return program.error();
  if (!schema) return schema.error();
  if (!at) return at.error();
  if (!checksum) return checksum.error();
  if (!tables) return tables.error();
  m.barometer_version = *program;
  m.schema_version = *schema;
  m.exported_at = *at;
  m.content_checksum = *checksum;
  if (!tables->is_array()) return invalid("manifest: \"tables\" is not an array");
  std::set<std::string> seen;
  for (const auto& t : *tables) {
    TableMember tm;
    auto table = member<std::string>(t, "table", "a table");
    if (!table) return table.error();
    std::string where = "table " + *table;
    auto name = member<std::string>(t, "member", where);
    auto columns = member<std::vector<std::string>>(t, "columns", where);
    auto rows = member<std::int64_t>(t, "rows", where);
    auto bytes = member<std::int64_t>(t, "bytes", where);
    auto sha = member<std::string>(t, "sha256", where);
    if (!name) return name.error();
    if (!columns) return columns.error();
    if (!rows) return rows.error();
    if (!bytes) return bytes.error();
    if (!sha) return sha.error();
    if (!seen.insert(*table).second) return invalid("manifest: table " + *table + " is listed twice");
    if (*name != "tables/" + *table + ".jsonl") return invalid("manifest: " + where + " has a bad member name");
    tm.table = *table;
    tm.member = *name;
    tm.columns = *columns;
    tm.rows = *rows;
    tm.bytes = *bytes;
    tm.sha256 = *sha;
    m.tables.push_back(std::move(tm));
  }
  return m;
}

Result<std::string> row_line(const std::vector<std::string>& columns, const TableRow& row) {
  json j = json::object();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (const auto* n = std::get_if<std::int64_t>(&row[i]))
      j[columns[i]] = *n;
    else if (const auto* s = std::get_if<std::string>(&row[i]))
      j[columns[i]] = *s;
    else
      j[columns[i]] = nullptr;
  }
  try {
    return j.dump() + "\n";  // compact, UTF-8 as is; sorted keys (json's std::map)
  } catch (const json::type_error&) {
    return invalid("a stored text is not UTF-8");
  }
}

Result<std::vector<TableRow>> parse_rows(const std::string& jsonl, const std::vector<std::string>& columns) {
  std::vector<TableRow> rows;
  std::size_t start = 0;
  int line_no = 0;
  while (start < jsonl.size()) {
    std::size_t end = jsonl.find('\n', start);
    if (end == std::string::npos) return invalid("line " + std::to_string(line_no + 1) + " is not ended");
    ++line_no;
    std::string where = "line " + std::to_string(line_no);
    json j = json::parse(jsonl.begin() + static_cast<std::ptrdiff_t>(start),
                         jsonl.begin() + static_cast<std::ptrdiff_t>(end), nullptr, false);
    start = end + 1;
    if (j.is_discarded() || !j.is_object()) return invalid(where + " is not a JSON object");
    if (j.size() != columns.size()) return invalid(where + " does not have the manifest's columns");
    TableRow row;
    row.reserve(columns.size());
    for (const auto& column : columns) {
      auto it = j.find(column);
      if (it == j.end()) return invalid(where + " has no \"" + column + "\"");
      if (it->is_null())
        row.emplace_back(std::monostate{});
      else if (it->is_number_integer() && !(it->is_number_unsigned() && it->get<std::uint64_t>() > INT64_MAX))
        row.emplace_back(it->get<std::int64_t>());
      else if (it->is_string())
        row.emplace_back(it->get<std::string>());
      else
        return invalid(where + ": \"" + column + "\" is neither null, an integer nor a string");
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

Status write_archive(const std::string& path, const std::vector<ArchiveFile>& files) {
  namespace fs = std::filesystem;
  const std::string partial = path + ".partial";
  ArchivePtr a(archive_write_new());
  if (!a) return io_error("cannot start an archive");
  if (archive_write_set_format_ustar(a.get()) != ARCHIVE_OK || archive_write_open_filename(a.get(), partial.c_str()) != ARCHIVE_OK)
    return io_error(partial + ": " + archive_message(a.get()));
  auto fail = [&](const std::string& what) -> Status {
    std::string message = what + ": " + archive_message(a.get());
    a.reset();
    std::error_code ec;
    fs::remove(partial, ec);
    return io_error(partial + ": " + message);
  };
  for (const auto& f : files) {
    std::unique_ptr<archive_entry, EntryFree> e(archive_entry_new());
    archive_entry_set_pathname(e.get(), f.name.c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(f.bytes.size()));
    archive_entry_set_mtime(e.get(), 0, 0);
    archive_entry_set_uid(e.get(), 0);
    archive_entry_set_gid(e.get(), 0);
    if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK) return fail(f.name);
    if (!f.bytes.empty() && archive_write_data(a.get(), f.bytes.data(), f.bytes.size()) < 0) return fail(f.name);
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK) return fail("close");
  a.reset();
  // The bytes reach the disk before the name does.
  int fd = ::open(partial.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    return io_error(partial + ": cannot sync");
  }
  ::close(fd);
  std::error_code ec;
  fs::rename(partial, path, ec);
  if (ec) {
    fs::remove(partial, ec);
    return io_error(path + ": " + ec.message());
  }
  return {};
}

Result<std::vector<ArchiveFile>> read_archive_files(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return io_error(path + ": no such file");
  ArchivePtr a(archive_read_new());
  if (!a) return io_error("cannot start reading an archive");
  archive_read_support_filter_all(a.get());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 64 * 1024) != ARCHIVE_OK)
    return invalid(path + ": not an archive: " + archive_message(a.get()));
  std::vector<ArchiveFile> files;
  std::set<std::string> names;
  for (;;) {
    archive_entry* e = nullptr;
    int rc = archive_read_next_header(a.get(), &e);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK) return invalid(path + ": damaged archive: " + archive_message(a.get()));
    std::string name = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
    if (archive_entry_filetype(e) != AE_IFREG) return invalid(path + ": " + name + " is not a regular file");
    if (!names.insert(name).second) return invalid(path + ": " + name + " appears twice");
    if (archive_entry_size(e) > kMaxMemberBytes) return invalid(path + ": " + name + " is too large");
    ArchiveFile f{name, {}};
    f.bytes.reserve(static_cast<std::size_t>(std::max<la_int64_t>(0, archive_entry_size(e))));
    char buffer[64 * 1024];
    for (;;) {
      la_ssize_t n = archive_read_data(a.get(), buffer, sizeof buffer);
      if (n < 0) return invalid(path + ": damaged or truncated archive at " + name + ": " + archive_message(a.get()));
      if (n == 0) break;
      f.bytes.append(buffer, static_cast<std::size_t>(n));
    }
    files.push_back(std::move(f));
  }
  if (files.empty()) return invalid(path + ": an empty archive");
  return files;
}

}  // namespace barometer::backup
