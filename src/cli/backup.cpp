// `barometer export --out FILE` and `barometer restore FILE`: the whole site as one archive and
// back (services/backup/, docs/decisions/0024-backup-archive.md).
#include <cstdio>
#include <filesystem>
#include <memory>

#include "app/database.hpp"
#include "cli/commands.hpp"
#include "cli/config_options.hpp"
#include "services/backup/export_site.hpp"
#include "services/backup/restore_site.hpp"

namespace barometer::cli {

namespace {

void print_tables(const backup::Manifest& m) {
  std::int64_t rows = 0;
  for (const auto& t : m.tables) rows += t.rows;
  std::printf("%zu tables, %lld rows, schema version %d, content checksum %s\n", m.tables.size(),
              static_cast<long long>(rows), m.schema_version, m.content_checksum.c_str());
}

// --into: a data directory (its site.toml and database, created if absent) or a PostgreSQL URL.
Result<std::unique_ptr<Database>> open_target(const std::string& into, const ConfigOptions& options) {
  if (into.empty()) {
    auto config = load_config(options);
    if (!config) return config.error();
    return open_database(*config);
  }
  if (into.rfind("postgresql://", 0) == 0 || into.rfind("postgres://", 0) == 0)
    return open_database_at(into, ".", 4);
  if (into.find("://") != std::string::npos)
    return invalid("expected a data directory or postgresql://USER@HOST[:PORT]/DBNAME, got \"" + into + "\"");
  std::error_code ec;
  std::filesystem::create_directories(into, ec);
  if (ec) return io_error(into + ": " + ec.message());
  auto config = load_config_from_dir(into, process_environment());
  if (!config) return config.error();
  return open_database(*config);
}

}  // namespace

void add_export_command(CLI::App& app) {
  struct Args {
    std::string out;
    ConfigOptions config;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "export",
      "Write the whole site to one archive: content, revisions and the audit log, staff (password\n"
      "hashes, two-factor secrets, hashed recovery codes), subscribers with consent records, digests\n"
      "and the delivery ledger, settings. The search index is rebuilt by restore, not exported;\n"
      "sessions and rate limits are left out. One consistent snapshot: safe while `serve` runs.\n"
      "Format: docs/decisions/0024-backup-archive.md.");
  cmd->add_option("--out", args->out, "The archive to write (a tar file; replaced atomically)")->required();
  add_config_options(*cmd, args->config, ".", true, false);
  cmd->callback([args] {
    Config config = load_config_or_exit(args->config);
    auto db = open_database(config);
    if (!db) fail(kExitUnavailable, "database: " + db.error().message);
    SystemClock clock;
    auto manifest = backup::export_site(**db, clock, {.path = args->out, .barometer_version = BAROMETER_VERSION});
    if (!manifest) {
      switch (manifest.code()) {
        case ErrorCode::io: fail(kExitCantCreate, "--out: " + manifest.error().message);
        case ErrorCode::not_found:
        case ErrorCode::invalid: fail(kExitDataErr, "export: " + manifest.error().message);
        default: fail(kExitUnavailable, "database: " + manifest.error().message);
      }
    }
    std::printf("Exported to %s: ", args->out.c_str());
    print_tables(*manifest);
  });
}

void add_restore_command(CLI::App& app) {
  struct Args {
    std::string file;
    std::string into;
    bool force = false;
    ConfigOptions config;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "restore",
      "Restore a site from an archive of `barometer export` into an empty database. Every checksum is\n"
      "verified before anything is written; the load is one transaction (a failure leaves the target\n"
      "as it was) and ends with the search index rebuilt. Archives of this or an older schema version\n"
      "are accepted; a newer one is refused. Stop `serve` on the target first.");
  cmd->add_option("FILE", args->file, "The archive to restore")->required();
  auto* into = cmd->add_option("--into", args->into,
                               "Target: a data directory (created if absent; its site.toml names the database) or\n"
                               "postgresql://USER@HOST[:PORT]/DBNAME. Default: the one --data/--config names");
  cmd->add_flag("--force", args->force,
                "Replace a target that is not empty: everything in it (content, staff, subscribers, history,\n"
                "sessions) is deleted and the archive loaded, in one transaction");
  add_config_options(*cmd, args->config, ".", true, false);
  for (const char* name : {"--data", "--config"})
    if (auto* option = cmd->get_option_no_throw(name)) option->excludes(into);
  cmd->callback([args] {
    auto archive = backup::read_archive(args->file);
    if (!archive) fail(archive.code() == ErrorCode::io ? kExitUsage : kExitDataErr, "FILE: " + archive.error().message);
    auto db = open_target(args->into, args->config);
    if (!db) fail(db.code() == ErrorCode::invalid ? kExitUsage : kExitUnavailable, "--into: " + db.error().message);
    SystemClock clock;
    backup::RestoreOptions options;
    options.force = args->force;
    options.archive_name = std::filesystem::path(args->file).filename().string();
    auto report = backup::restore_site(**db, *archive, clock, options);
    if (!report) {
      switch (report.code()) {
        case ErrorCode::conflict: fail(kExitUsage, "--into: " + report.error().message);
        case ErrorCode::invalid:
        case ErrorCode::io: fail(kExitDataErr, "restore: " + report.error().message + "; nothing was written");
        default: fail(kExitUnavailable, "database: " + report.error().message + "; nothing was written");
      }
    }
    std::printf("Restored %s (barometer %s, exported %s): ", args->file.c_str(),
                archive->manifest.barometer_version.c_str(), archive->manifest.exported_at.c_str());
    print_tables(archive->manifest);
    if (report->replaced) std::printf("The target's previous contents were replaced (--force).\n");
    std::printf("Search index rebuilt: %d documents.\n", report->search_documents);
  });
}

}  // namespace barometer::cli
