// The --data / --config / --listen options that several subcommands share.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "config/config.hpp"

namespace barometer::cli {

struct ConfigOptions {
  std::string data_dir;
  std::string config_file;
  std::string listen;
};

// Adds --data DIR, --config FILE (when allow_config_file) and --listen HOST:PORT (when
// allow_listen: commands that serve nothing leave it out).
void add_config_options(CLI::App& command, ConfigOptions& options, const std::string& default_data_dir,
                        bool allow_config_file, bool allow_listen = true);

// Loads the configuration the options point at (--listen wins over the environment and the file).
Result<Config> load_config(const ConfigOptions& options);

// The same, or fails with exit code kExitUsage.
Config load_config_or_exit(const ConfigOptions& options);

}  // namespace barometer::cli
