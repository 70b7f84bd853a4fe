// `barometer search reindex [--data DIR | --config FILE]`: rebuilds the search index from the
// published translations (docs/decisions/0017-search.md). Not needed in normal running — every
// write keeps the index in step, and migration 0010 indexes what was there — but after an
// upgrade that changes the analyser or its dictionaries (hunspell-be, hunspell-ru), stored stems
// and new ones would disagree until it is run.
#include <cstdio>
#include <memory>

#include "app/database.hpp"
#include "cli/commands.hpp"
#include "cli/config_options.hpp"

namespace barometer::cli {

void add_search_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("search", "The full-text search index");
  cmd->require_subcommand(1);
  auto options = std::make_shared<ConfigOptions>();
  auto* reindex = cmd->add_subcommand(
      "reindex", "Rebuild the search index from the published translations (after an upgrade of the\n"
                 "analyser or its dictionaries). One transaction: readers see the old index until it ends.");
  add_config_options(*reindex, *options, ".", true, false);
  reindex->callback([options] {
    Config config = load_config_or_exit(*options);
    auto db = open_database(config);
    if (!db) fail(kExitUnavailable, "database: " + db.error().message);
    auto n = (*db)->search().reindex();
    if (!n) fail(kExitTempFail, "reindex: " + n.error().message);
    std::printf("search: %d documents indexed\n", *n);
  });
}

}  // namespace barometer::cli
