// `barometer user add|list|disable|passwd|2fa reset`: staff accounts (services/staff/staff_service.hpp).
// Passwords come from --password-file (first line) or, on a terminal, a prompt without echo
// asked twice; never from the command line, where other users could read them in `ps`.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "app/database.hpp"
#include "cli/commands.hpp"
#include "cli/config_options.hpp"
#include "services/staff/password.hpp"
#include "services/staff/staff_service.hpp"

namespace barometer::cli {

namespace {

struct UserArgs {
  ConfigOptions config;
  std::string email;
  std::string name;
  std::string role;
  std::string password_file;
};

int exit_code_for(const Error& e) {
  return e.code == ErrorCode::unavailable || e.code == ErrorCode::io ? kExitUnavailable : kExitUsage;
}

// Service messages start with the field ("email: ..."), which is the option's name here.
[[noreturn]] void fail_with(const Error& e) {
  bool about_input = e.code == ErrorCode::invalid || e.code == ErrorCode::conflict || e.code == ErrorCode::not_found;
  fail(exit_code_for(e), (about_input ? "--" : "database: ") + e.message);
}

std::unique_ptr<Database> open_or_exit(const ConfigOptions& options) {
  Config config = load_config_or_exit(options);
  if (!config.database_is_postgres() && !std::filesystem::exists(config.database_path()))
    fail(kExitUsage, "--data: " + config.data_dir + " holds no site (no " + config.database_path() +
                         "); create one with `barometer init DIR`");
  auto db = open_database(config);
  if (!db) fail(exit_code_for(db.error()), "database: " + db.error().message);
  return std::move(*db);
}

std::string read_line_without_echo(const char* prompt) {
  std::fprintf(stderr, "%s", prompt);
  std::fflush(stderr);
  termios old{};
  bool restore = tcgetattr(STDIN_FILENO, &old) == 0;
  if (restore) {
    termios quiet = old;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (restore) tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  std::fprintf(stderr, "\n");
  return line;
}

std::string read_password(const std::string& file) {
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) fail(kExitUsage, "--password-file: cannot read " + file);
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) fail(kExitUsage, "--password-file: " + file + " has an empty first line");
    return line;
  }
  if (!isatty(STDIN_FILENO)) fail(kExitUsage, "--password-file: required when standard input is not a terminal");
  std::string first = read_line_without_echo("Password: ");
  std::string second = read_line_without_echo("Repeat password: ");
  if (first != second) fail(kExitUsage, "password: the two entries differ");
  return first;
}

void check_password_or_exit(const std::string& password) {
  if (auto s = staff::check_password_rules(password); !s) fail(kExitUsage, s.error().message);
}

void add(const UserArgs& a) {
  auto role = parse_role(a.role);
  if (!role) fail(kExitUsage, "--role: must be analyst, editor or admin, not '" + a.role + "'");
  if (!normalize_email(a.email)) fail(kExitUsage, "--email: '" + a.email + "' is not an email address");
  std::string password = read_password(a.password_file);
  check_password_or_exit(password);
  auto db = open_or_exit(a.config);
  SystemClock clock;
  staff::StaffService service(*db, clock);
  auto user = service.add_user({a.email, a.name, a.role, password});
  if (!user) fail_with(user.error());
  std::printf("added %s (%s, %s)\n", user->email.c_str(), std::string(to_string(user->role)).c_str(),
              user->name.c_str());
}

void list(const UserArgs& a) {
  auto db = open_or_exit(a.config);
  auto users = db->staff().list_users();
  if (!users) fail(exit_code_for(users.error()), "database: " + users.error().message);
  for (const auto& u : *users)
    std::printf("%s\t%s\t%s\t%s\n", u.email.c_str(), std::string(to_string(u.role)).c_str(),
                u.disabled ? "disabled" : "active", u.name.c_str());
}

void disable(const UserArgs& a) {
  auto db = open_or_exit(a.config);
  SystemClock clock;
  staff::StaffService service(*db, clock);
  if (auto s = service.disable_user(a.email); !s) fail_with(s.error());
  std::printf("disabled %s; their sessions have ended\n", a.email.c_str());
}

void passwd(const UserArgs& a) {
  if (!normalize_email(a.email)) fail(kExitUsage, "--email: '" + a.email + "' is not an email address");
  std::string password = read_password(a.password_file);
  check_password_or_exit(password);
  auto db = open_or_exit(a.config);
  SystemClock clock;
  staff::StaffService service(*db, clock);
  if (auto s = service.set_password(a.email, password); !s) fail_with(s.error());
  std::printf("changed the password of %s; their sessions have ended\n", a.email.c_str());
}

void reset_two_factor(const UserArgs& a) {
  if (!normalize_email(a.email)) fail(kExitUsage, "--email: '" + a.email + "' is not an email address");
  auto db = open_or_exit(a.config);
  SystemClock clock;
  staff::StaffService service(*db, clock);
  if (auto s = service.reset_two_factor(a.email); !s) fail_with(s.error());
  std::printf("removed two-factor and the recovery codes of %s; their sessions have ended\n", a.email.c_str());
}

}  // namespace

void add_user_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "user", "Staff accounts of the back office (/admin): add, list, disable, passwd, 2fa reset.");
  cmd->require_subcommand(1);

  auto a = std::make_shared<UserArgs>();
  auto* add_cmd = cmd->add_subcommand("add", "Add a staff account. The password is read from --password-file\n"
                                             "or asked for twice on the terminal (at least 12 characters).");
  add_config_options(*add_cmd, a->config, ".", true);
  add_cmd->add_option("--email", a->email, "Sign-in email (unique)")->required();
  add_cmd->add_option("--name", a->name, "Name shown in the back office")->required();
  add_cmd->add_option("--role", a->role, "analyst, editor or admin")->required();
  add_cmd->add_option("--password-file", a->password_file, "File whose first line is the password");
  add_cmd->callback([a] { add(*a); });

  auto l = std::make_shared<UserArgs>();
  auto* list_cmd = cmd->add_subcommand("list", "List staff accounts: email, role, state, name (tab-separated).");
  add_config_options(*list_cmd, l->config, ".", true);
  list_cmd->callback([l] { list(*l); });

  auto d = std::make_shared<UserArgs>();
  auto* disable_cmd = cmd->add_subcommand("disable", "Disable an account and end its sessions.");
  add_config_options(*disable_cmd, d->config, ".", true);
  disable_cmd->add_option("--email", d->email, "The account's email")->required();
  disable_cmd->callback([d] { disable(*d); });

  auto p = std::make_shared<UserArgs>();
  auto* passwd_cmd = cmd->add_subcommand("passwd", "Set a new password (ends the account's sessions).");
  add_config_options(*passwd_cmd, p->config, ".", true);
  passwd_cmd->add_option("--email", p->email, "The account's email")->required();
  passwd_cmd->add_option("--password-file", p->password_file, "File whose first line is the password");
  passwd_cmd->callback([p] { passwd(*p); });

  auto* two_factor_cmd = cmd->add_subcommand("2fa", "Two-factor sign-in of an account: reset.");
  two_factor_cmd->require_subcommand(1);
  auto t = std::make_shared<UserArgs>();
  auto* reset_cmd = two_factor_cmd->add_subcommand(
      "reset", "Remove an account's two-factor and recovery codes (a lost phone) and end its sessions;\n"
               "the next sign-in needs the password alone (or enrols again if two-factor is required).");
  add_config_options(*reset_cmd, t->config, ".", true);
  reset_cmd->add_option("--email", t->email, "The account's email")->required();
  reset_cmd->callback([t] { reset_two_factor(*t); });
}

}  // namespace barometer::cli
