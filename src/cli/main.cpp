// barometer: one binary, one subcommand per file in cli/. See `barometer --help`.
#include <cstdio>
#include <exception>

#include "cli/commands.hpp"

namespace barometer::cli {

void fail(int exit_code, const std::string& message) {
  std::fprintf(stderr, "barometer: %s\n", message.c_str());
  throw CLI::RuntimeError(exit_code);
}

}  // namespace barometer::cli

int main(int argc, char** argv) {
  CLI::App app{
      "barometer — a weekly situation monitor: analysts publish one commentary per topic per week,\n"
      "marked got worse / improved / unchanged; readers follow every topic in their language.\n"
      "Configuration: DIR/site.toml, overridden by BAROMETER_* environment variables (README.md).",
      "barometer"};
  // The version is CMake's project(VERSION), the one place the package version comes from too.
  app.set_version_flag("--version", "barometer " BAROMETER_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Environment: BAROMETER_<NAME> overrides site.toml's <name> (BAROMETER_LISTEN,\n"
      "BAROMETER_DATABASE, ...); --listen overrides both. `barometer serve --help` lists every\n"
      "setting with its variable and default.\n"
      "Exit codes: 0 ok, 64 bad argument or configuration, 69 database or port unavailable,\n"
      "65 bad input data (export, restore: a damaged archive), 70 internal error, 73 cannot create\n"
      "a file (unsubscribe-mail: 65 and 75, see its --help).\n"
      "Run `barometer COMMAND --help` for a command's options.");
  barometer::cli::add_demo_command(app);
  barometer::cli::add_import_command(app);
  barometer::cli::add_init_command(app);
  barometer::cli::add_migrate_data_command(app);
  barometer::cli::add_search_command(app);
  barometer::cli::add_export_command(app);
  barometer::cli::add_restore_command(app);
  barometer::cli::add_send_command(app);
  barometer::cli::add_serve_command(app);
  barometer::cli::add_unsubscribe_mail_command(app);
  barometer::cli::add_user_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    // A bug: a clean message and a distinct exit code, never a core dump for the operator.
    std::fprintf(stderr, "barometer: internal error: %s\n", e.what());
    return barometer::cli::kExitSoftware;
  }
  return 0;
}
