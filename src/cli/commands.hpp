// One function per subcommand file; main.cpp registers them all. Each sets its own callback,
// which throws CLI::RuntimeError(exit_code) on failure after printing a message naming the
// argument at fault.
#pragma once

#include <CLI/CLI.hpp>

#include "app/exit_codes.hpp"

namespace barometer::cli {

void add_demo_command(CLI::App& app);
void add_export_command(CLI::App& app);
void add_import_command(CLI::App& app);
void add_init_command(CLI::App& app);
void add_migrate_data_command(CLI::App& app);
void add_restore_command(CLI::App& app);
void add_search_command(CLI::App& app);
void add_send_command(CLI::App& app);
void add_serve_command(CLI::App& app);
void add_unsubscribe_mail_command(CLI::App& app);
void add_user_command(CLI::App& app);

// Exit codes (sysexits-style) shared by all subcommands.
using barometer::kExitCantCreate;
using barometer::kExitDataErr;
using barometer::kExitSoftware;
using barometer::kExitTempFail;
using barometer::kExitUnavailable;
using barometer::kExitUsage;

[[noreturn]] void fail(int exit_code, const std::string& message);

}  // namespace barometer::cli
