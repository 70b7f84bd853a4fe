#include "services/backup/export_site.hpp"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "domain/try.hpp"
#include "services/backup/archive_tables.hpp"
#include "services/history/audit.hpp"
#include "services/site_dump.hpp"

namespace barometer::backup {

namespace {

// What one snapshot yields: the members and the manifest's description of them.
struct Snapshot {
  Manifest manifest;
  std::vector<ArchiveFile> files;
};

Status read_table(TableRows& tables, const ArchivedTable& t, Snapshot& out) {
  auto columns = tables.columns(t.name);
  if (!columns) return columns.error();
  // Sorted by name: the rows' keys and the manifest's list agree on every backend.
  std::sort(columns->begin(), columns->end(), [](const TableColumn& a, const TableColumn& b) { return a.name < b.name; });
  TableMember member;
  member.table = t.name;
  member.member = std::string("tables/") + t.name + ".jsonl";
  for (const auto& c : *columns) {
    if (c.type == ColumnType::other)
      return invalid(std::string("table ") + t.name + ": column " + c.name + " has a type the archive cannot hold");
    member.columns.push_back(c.name);
  }
  std::string bytes;
  BAROMETER_TRY(tables.scan(t.name, *columns, t.order_by, [&](const TableRow& row) -> Status {
    auto line = row_line(member.columns, row);
    if (!line) return Error{line.code(), std::string("table ") + t.name + ": " + line.error().message};
    bytes += *line;
    ++member.rows;
    return {};
  }));
  member.bytes = static_cast<std::int64_t>(bytes.size());
  member.sha256 = sha256_hex(bytes);
  out.files.push_back({member.member, std::move(bytes)});
  out.manifest.tables.push_back(std::move(member));
  return {};
}

std::string utc_iso(Instant t) {
  std::time_t seconds = static_cast<std::time_t>(to_unix(t));
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

std::string counts_json(const Manifest& manifest) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& t : manifest.tables) j[t.table] = t.rows;
  return j.dump();
}

Result<Manifest> export_site(Database& db, const Clock& clock, const ExportOptions& options) {
  Snapshot s;
  s.manifest.barometer_version = options.barometer_version;
  s.manifest.exported_at = utc_iso(clock.now());
  BAROMETER_TRY(db.snapshot([&](Facets& tx, TableRows& tables) -> Status {
    auto names = tables.table_names();
    if (!names) return names.error();
    BAROMETER_TRY(check_every_table_listed(*names));
    auto version = tables.schema_version();
    if (!version) return version.error();
    s.manifest.schema_version = *version;
    auto dump = canonical_dump(tx.content);
    if (!dump) {
      if (dump.code() == ErrorCode::not_found) return not_found("the database holds no site; nothing to export");
      return dump.error();
    }
    s.manifest.content_checksum = content_checksum(*dump);
    for (const auto& t : archived_tables()) BAROMETER_TRY(read_table(tables, t, s));
    return {};
  }));
  std::vector<ArchiveFile> files;
  files.push_back({kManifestName, manifest_json(s.manifest)});
  for (auto& f : s.files) files.push_back(std::move(f));
  BAROMETER_TRY(write_archive(options.path, files));
  if (options.audit) {
    // After the snapshot and outside it: an archive never holds its own export line.
    std::string name = std::filesystem::path(options.path).filename().string();
    BAROMETER_TRY(history::add_audit(db.history(), history::Actor::system("barometer export"), clock.now(),
                                     "site.export", "archive:" + name, counts_json(s.manifest)));
  }
  return s.manifest;
}

}  // namespace barometer::backup
