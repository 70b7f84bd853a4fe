// `barometer serve`: the web server (public site; later API and admin).
#include "app/app.hpp"
#include "cli/commands.hpp"
#include "cli/config_options.hpp"
#include "config/settings.hpp"

namespace barometer::cli {

void add_serve_command(CLI::App& app) {
  auto options = std::make_shared<ConfigOptions>();
  auto* cmd = app.add_subcommand(
      "serve",
      "Serve a site: the public pages on --listen (default 127.0.0.1:8080). Stops cleanly on\n"
      "SIGTERM or Ctrl-C, finishing requests in flight.");
  add_config_options(*cmd, *options, ".", true);
  // Every setting, from the same table that reads them (config/settings.cpp).
  cmd->footer(settings_help_text());
  cmd->callback([options] {
    Config config = load_config_or_exit(*options);
    int code = serve_site(config);
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace barometer::cli
