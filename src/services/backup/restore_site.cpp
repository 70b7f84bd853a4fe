#include "services/backup/restore_site.hpp"

#include <algorithm>
#include <map>
#include <ranges>

#include "domain/try.hpp"
#include "services/backup/archive_tables.hpp"
#include "services/backup/export_site.hpp"
#include "services/history/audit.hpp"
#include "services/site_dump.hpp"

namespace barometer::backup {

namespace {

const ArchiveTable* find_table(const Archive& archive, std::string_view name) {
  for (const auto& t : archive.tables)
    if (t.member.table == name) return &t;
  return nullptr;
}

// The archive's columns of `t` as this schema types them; invalid for a column it lacks or a
// value of another type.
Result<std::vector<TableColumn>> target_columns(TableRows& tables, const ArchiveTable& t) {
  auto schema = tables.columns(t.member.table);
  if (!schema) return schema.error();
  std::vector<TableColumn> out;
  for (const auto& name : t.member.columns) {
    auto it = std::find_if(schema->begin(), schema->end(), [&](const TableColumn& c) { return c.name == name; });
    if (it == schema->end())
      return invalid("the archive's column " + t.member.table + "." + name + " is not in this schema");
    out.push_back(*it);
  }
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    for (std::size_t i = 0; i < out.size(); ++i) {
      const CellValue& v = t.rows[r][i];
      bool fits = std::holds_alternative<std::monostate>(v) ||
                  (out[i].type == ColumnType::integer && std::holds_alternative<std::int64_t>(v)) ||
                  (out[i].type == ColumnType::text && std::holds_alternative<std::string>(v));
      if (!fits)
        return invalid(t.member.member + " line " + std::to_string(r + 1) + ": \"" + out[i].name +
                       "\" is not of the column's type");
    }
  return out;
}

// Names of the archived tables that hold rows (a seeded table's default row does not count).
Result<std::string> holding_rows(TableRows& tables) {
  std::string holding;
  for (const auto& t : archived_tables()) {
    if (t.seeded) continue;
    auto n = tables.count(t.name);
    if (!n) return n.error();
    if (*n > 0) holding += (holding.empty() ? "" : ", ") + std::string(t.name);
  }
  return holding;
}

Status empty_target(TableRows& tables, const Archive& archive, const std::vector<std::string>& schema_tables) {
  // Children before parents: the left-out state refers to users and commentaries.
  for (const auto& t : left_out_tables())
    if (t.emptied_by_force && std::ranges::find(schema_tables, std::string(t.name)) != schema_tables.end())
      BAROMETER_TRY(tables.clear(t.name));
  for (const auto& t : std::ranges::reverse_view(archived_tables()))
    if (!t.seeded || find_table(archive, t.name)) BAROMETER_TRY(tables.clear(t.name));
  return {};
}

Status load(TableRows& tables, const Archive& archive) {
  for (const auto& t : archived_tables()) {
    const ArchiveTable* a = find_table(archive, t.name);
    if (!a) continue;
    auto columns = target_columns(tables, *a);
    if (!columns) return columns.error();
    for (const auto& row : a->rows) {
      if (auto s = tables.insert(t.name, *columns, row); !s)
        return Error{s.code(), a->member.member + ": " + s.error().message};
    }
    BAROMETER_TRY(tables.ids_loaded(t.name));
  }
  return {};
}

// The loaded site against the manifest: rows per table and the content checksum.
Status verify(Facets& tx, TableRows& tables, const Archive& archive) {
  for (const auto& t : archive.tables) {
    auto n = tables.count(t.member.table);
    if (!n) return n.error();
    if (*n != t.member.rows)
      return io_error("restored " + std::to_string(*n) + " rows of " + t.member.table + ", the archive has " +
                      std::to_string(t.member.rows));
  }
  auto dump = canonical_dump(tx.content);
  if (!dump) return dump.error();
  std::string checksum = content_checksum(*dump);
  if (checksum != archive.manifest.content_checksum)
    return io_error("the restored content's checksum " + checksum + " is not the archive's " +
                    archive.manifest.content_checksum);
  return {};
}

}  // namespace

Result<Archive> read_archive(const std::string& path) {
  auto files = read_archive_files(path);
  if (!files) return files.error();
  std::map<std::string, const ArchiveFile*> by_name;
  for (const auto& f : *files) by_name[f.name] = &f;
  auto manifest_file = by_name.find(kManifestName);
  if (manifest_file == by_name.end()) return invalid(path + ": no manifest.json (not a barometer archive)");
  auto manifest = parse_manifest(manifest_file->second->bytes);
  if (!manifest) return Error{manifest.code(), path + ": " + manifest.error().message};
  Archive archive;
  archive.manifest = std::move(*manifest);
  if (by_name.size() != archive.manifest.tables.size() + 1)
    for (const auto& [name, file] : by_name)
      if (name != kManifestName &&
          std::ranges::none_of(archive.manifest.tables, [&](const TableMember& t) { return t.member == name; }))
        return invalid(path + ": " + name + " is not in the manifest");
  for (const auto& member : archive.manifest.tables) {
    std::string where = path + ": " + member.member;
    if (!find_archived_table(member.table))
      return invalid(where + ": table " + member.table + " is unknown to this barometer");
    auto file = by_name.find(member.member);
    if (file == by_name.end()) return invalid(where + " is missing (a truncated archive?)");
    const std::string& bytes = file->second->bytes;
    if (static_cast<std::int64_t>(bytes.size()) != member.bytes)
      return invalid(where + " has " + std::to_string(bytes.size()) + " bytes, the manifest says " +
                     std::to_string(member.bytes));
    if (sha256_hex(bytes) != member.sha256) return invalid(where + " does not match its SHA-256 in the manifest");
    auto rows = parse_rows(bytes, member.columns);
    if (!rows) return Error{rows.code(), where + ": " + rows.error().message};
    if (static_cast<std::int64_t>(rows->size()) != member.rows)
      return invalid(where + " has " + std::to_string(rows->size()) + " rows, the manifest says " +
                     std::to_string(member.rows));
    archive.tables.push_back({member, std::move(*rows)});
  }
  return archive;
}

Result<RestoreReport> restore_site(Database& db, const Archive& archive, const Clock& clock,
                                   const RestoreOptions& options) {
  RestoreReport report;
  auto s = db.transact_tables([&](Facets& tx, TableRows& tables) -> Status {
    auto version = tables.schema_version();
    if (!version) return version.error();
    const int from = archive.manifest.schema_version;
    if (from > *version)
      return invalid("the archive is of schema version " + std::to_string(from) + " (barometer " +
                     archive.manifest.barometer_version + "), newer than this barometer's " +
                     std::to_string(*version) + "; restore it with that barometer or a newer one");
    if (from == *version)
      for (const auto& t : archived_tables())
        if (!find_table(archive, t.name))
          return invalid(std::string("the archive has no table ") + t.name + " although it is of this schema version");
    auto schema_tables = tables.table_names();
    if (!schema_tables) return schema_tables.error();
    auto holding = holding_rows(tables);
    if (!holding) return holding.error();
    if (!holding->empty() && !options.force)
      return conflict("the target database is not empty (rows in " + *holding +
                      "); restore --force replaces everything in it");
    report.replaced = !holding->empty();
    BAROMETER_TRY(empty_target(tables, archive, *schema_tables));
    BAROMETER_TRY(load(tables, archive));
    auto documents = tables.rebuild_search_index();
    if (!documents) return documents.error();
    report.search_documents = *documents;
    BAROMETER_TRY(verify(tx, tables, archive));
    if (!options.audit) return {};
    return history::add_audit(tx.history, history::Actor::system("barometer restore"), clock.now(), "site.restore",
                              "archive:" + options.archive_name, counts_json(archive.manifest));
  });
  if (!s) return s.error();
  return report;
}

}  // namespace barometer::backup
