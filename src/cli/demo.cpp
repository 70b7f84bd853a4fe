// `barometer demo`: create (if absent) and serve the built-in demo site.
#include <cstdio>
#include <filesystem>

#include "app/app.hpp"
#include "cli/commands.hpp"
#include "cli/config_options.hpp"

namespace barometer::cli {

void add_demo_command(CLI::App& app) {
  auto options = std::make_shared<ConfigOptions>();
  auto* cmd = app.add_subcommand(
      "demo",
      "Create (if absent) and serve the built-in demo site: a weekly monitor of Belarus with five\n"
      "topics in English, Belarusian and Russian, 2020-W01 to 2023-W52.");
  add_config_options(*cmd, *options, "demo-data", false);
  cmd->callback([options] {
    std::error_code ec;
    std::filesystem::create_directories(options->data_dir, ec);
    if (ec) fail(kExitCantCreate, "--data " + options->data_dir + ": " + ec.message());
    Config config = load_config_or_exit(*options);
    auto created = ensure_demo_site(config);
    if (!created) fail(kExitUnavailable, created.error().message);
    if (*created) std::printf("Created the demo site in %s\n", options->data_dir.c_str());
    int code = serve_site(config);
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace barometer::cli
