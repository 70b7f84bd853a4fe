// `barometer migrate-data --from DB --to DB`: moves a site between databases (SQLite <->
// PostgreSQL), verified by counts and a checksum of a canonical dump of both sides.
#include <cstdio>

#include "app/app.hpp"
#include "app/database.hpp"
#include "cli/commands.hpp"
#include "services/migrate_data.hpp"

namespace barometer::cli {

namespace {

int exit_code_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid:
    case ErrorCode::conflict:
    case ErrorCode::not_found: return kExitUsage;
    case ErrorCode::io: return kExitCantCreate;
    default: return kExitUnavailable;
  }
}

// The message names the argument: a wrong scheme is caught before anything is opened.
std::unique_ptr<Database> open_or_fail(const std::string& option, const std::string& database) {
  bool sqlite = database.rfind("sqlite:", 0) == 0 && database.size() > 7;
  bool postgres = database.rfind("postgresql://", 0) == 0 || database.rfind("postgres://", 0) == 0;
  if (!sqlite && !postgres)
    fail(kExitUsage, option + ": expected sqlite:PATH or postgresql://USER@HOST[:PORT]/DBNAME, got \"" +
                         database + "\"");
  auto db = open_database_at(database, ".", 4);
  if (!db) fail(exit_code_for(db.code()), option + ": " + db.error().message);
  return std::move(*db);
}

void print_counts(const char* side, const ContentCounts& c) {
  std::printf("%-7s %d languages, %d topics, %d authors, %d pages, %d commentaries (%d translations, %d evidence)\n",
              side, c.languages, c.topics, c.authors, c.pages, c.commentaries, c.translations, c.evidence);
}

}  // namespace

void add_migrate_data_command(CLI::App& app) {
  struct Args {
    std::string from;
    std::string to;
    MigrateDataOptions options;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "migrate-data", "Copy a whole site from one database to another (SQLite <-> PostgreSQL) and verify the copy.");
  cmd->add_option("--from", args->from, "Source: sqlite:PATH or postgresql://USER@HOST[:PORT]/DBNAME")->required();
  cmd->add_option("--to", args->to, "Target, same forms; must be empty (created and migrated if needed)")->required();
  cmd->add_flag("--force-into-non-empty", args->options.force_into_non_empty,
                "Copy even if the target already holds a site or content");
  cmd->callback([args] {
    if (args->from == args->to) fail(kExitUsage, "--to: must differ from --from");
    auto from = open_or_fail("--from", args->from);
    auto to = open_or_fail("--to", args->to);
    auto report = migrate_data(from->content(), to->content(), args->options);
    if (!report) {
      std::string prefix = report.code() == ErrorCode::not_found ? "--from: "
                           : report.code() == ErrorCode::conflict ? "--to: "
                                                                   : "";
      fail(exit_code_for(report.code()), prefix + report.error().message);
    }
    print_counts("source", report->source);
    print_counts("target", report->target);
    std::printf("checksum %s (source), %s (target)\n", report->source_checksum.c_str(),
                report->target_checksum.c_str());
    std::printf("Copied and verified.\n");
  });
}

}  // namespace barometer::cli
