#include "cli/config_options.hpp"

#include "cli/commands.hpp"

namespace barometer::cli {

void add_config_options(CLI::App& command, ConfigOptions& options, const std::string& default_data_dir,
                        bool allow_config_file, bool allow_listen) {
  options.data_dir = default_data_dir;
  auto* data = command.add_option("--data", options.data_dir,
                                  "Data directory (site.toml, database, mail outbox)")
                   ->capture_default_str();
  if (allow_config_file) {
    auto* file = command.add_option("--config", options.config_file,
                                    "Configuration file; its folder becomes the data directory");
    file->excludes(data);
  }
  if (allow_listen)
    command.add_option("--listen", options.listen,
                       "Address to listen on, host:port (overrides site.toml and BAROMETER_LISTEN)");
}

Result<Config> load_config(const ConfigOptions& options) {
  auto env = process_environment();
  if (!options.listen.empty()) {
    // The command line wins over the environment and the file.
    env = [base = env, listen = options.listen](const std::string& name) -> std::optional<std::string> {
      if (name == "BAROMETER_LISTEN") return listen;
      return base(name);
    };
  }
  return options.config_file.empty() ? load_config_from_dir(options.data_dir, env)
                                     : load_config_from_file(options.config_file, env);
}

Config load_config_or_exit(const ConfigOptions& options) {
  auto config = load_config(options);
  if (!config) fail(kExitUsage, config.error().message);
  return *config;
}

}  // namespace barometer::cli
