// `barometer import wordpress FILE.xml [--data DIR | --config FILE] [--map MAP.toml] [--dry-run]`:
// a WordPress export (WXR) into this site (services/wordpress/wordpress_import.hpp,
// docs/decisions/0023-wordpress-import.md). Prints what maps where, what was skipped and why, and
// the counts; a progress bar (bytes of the file) when stdout is a terminal.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "app/database.hpp"
#include "cli/commands.hpp"
#include "cli/config_options.hpp"
#include "services/wordpress/wordpress_import.hpp"

namespace barometer::cli {

namespace {

struct ImportArgs {
  ConfigOptions config;
  std::string file;
  std::string map;
  bool dry_run = false;
  bool create_topics = false;
};

int exit_code_for(const Error& e) {
  switch (e.code) {
    case ErrorCode::invalid: return kExitDataErr;     // the file (or the map) is not what it should be
    case ErrorCode::not_found: return kExitUsage;     // no site yet
    case ErrorCode::io: return kExitDataErr;          // the file could not be read
    default: return kExitUnavailable;
  }
}

// On a terminal: one line redrawn, at most ten times a second.
class Progress {
 public:
  Progress() : tty_(isatty(STDOUT_FILENO) == 1) {}
  void operator()(std::uint64_t read, std::uint64_t total) {
    if (!tty_ || total == 0) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100) && read < total) return;
    last_ = now;
    const int width = 30;
    const int fill = static_cast<int>(width * std::min(read, total) / total);
    std::string bar(static_cast<std::size_t>(fill), '#');
    bar.resize(width, '.');
    std::printf("\rreading [%s] %llu/%llu MB ", bar.c_str(), static_cast<unsigned long long>(read >> 20),
                static_cast<unsigned long long>(total >> 20));
    std::fflush(stdout);
    drawn_ = true;
  }
  void finish() {
    if (drawn_) std::printf("\n");
  }

 private:
  bool tty_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

void print_report(const wordpress::WordPressImportReport& r) {
  std::printf("source: %s\n", r.source.c_str());
  if (!r.mapping.empty() || !r.unmapped.empty()) std::printf("mapping:\n");
  for (const auto& [term, target] : r.mapping) std::printf("  %s -> %s\n", term.c_str(), target.c_str());
  for (const auto& term : r.unmapped) std::printf("  %s -> (nothing)\n", term.c_str());
  for (const auto& line : r.notes) std::printf("%s\n", line.c_str());
  if (r.notes_left_off) std::printf("... and %zu more lines\n", r.notes_left_off);
  if (!r.skipped_why.empty()) std::printf("skipped:\n");
  for (const auto& [why, n] : r.skipped_why) std::printf("  %d: %s\n", n, why.c_str());
  std::printf(
      "%s: %d topics, %d commentaries (+%d translations), %d pages (+%d translations), %d authors, %d redirects; "
      "%d already imported, %d duplicates, %d skipped, %d bodies with something dropped\n",
      r.dry_run ? "dry run, nothing written" : "imported", r.topics, r.commentaries, r.commentary_translations, r.pages,
      r.page_translations, r.authors, r.redirects, r.already_imported, r.duplicates, r.skipped,
      r.conversions_with_drops);
}

}  // namespace

void add_import_command(CLI::App& app) {
  auto args = std::make_shared<ImportArgs>();
  auto* import = app.add_subcommand("import", "Bring content in from another system.");
  import->require_subcommand(1);
  auto* wp = import->add_subcommand(
      "wordpress",
      "Import a WordPress export (Tools > Export, WXR 1.1/1.2): posts become commentaries, pages pages, "
      "authors authors; translation groups (Polylang, WPML) become one commentary's languages; old "
      "permalinks answer 301. Re-runnable: a second run of the same file changes nothing. One "
      "transaction: a broken file leaves nothing written.");
  // No CLI11 file check: a missing file gets our message and exit code (65), not CLI11's 105.
  wp->add_option("FILE", args->file, "The export file (.xml); exit 65 when it cannot be read or is not a WXR")
      ->required();
  add_config_options(*wp, args->config, ".", true, false);
  wp->add_option("--map", args->map,
                 "TOML file mapping categories/tags to topics ([topics] \"Security issues\" = \"security\") and "
                 "assessments ([assessments] \"situation got worse\" = \"worse\"; [options] default_assessment, "
                 "create_topics); exit 64 when it cannot be read or is wrong");
  wp->add_flag("--dry-run", args->dry_run, "Read and map everything, report, write nothing");
  wp->add_flag("--create-topics", args->create_topics,
               "A category that maps to no topic becomes a new topic (as [options] create_topics = true)");
  wp->callback([args] {
    wordpress::WordPressImportOptions options;
    options.file = args->file;
    options.dry_run = args->dry_run;
    if (!args->map.empty()) {
      auto map = wordpress::load_import_map(args->map);
      if (!map) fail(kExitUsage, "--map: " + map.error().message);
      options.map = std::move(*map);
    }
    if (args->create_topics) options.map.create_topics = true;
    Config config = load_config_or_exit(args->config);
    auto db = open_database(config);
    if (!db) fail(kExitUnavailable, "database: " + db.error().message);
    Progress progress;
    options.progress = [&progress](std::uint64_t read, std::uint64_t total) { progress(read, total); };
    SystemClock clock;
    auto report = wordpress::import_wordpress(**db, clock, options);
    progress.finish();
    if (!report) fail(exit_code_for(report.error()), report.error().message + " (nothing imported)");
    print_report(*report);
  });
}

}  // namespace barometer::cli
