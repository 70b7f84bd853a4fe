// `barometer init DIR`: a new empty site (DIR/site.toml and its SQLite database).
#include <cstdio>
#include <sstream>

#include "app/app.hpp"
#include "cli/commands.hpp"

namespace barometer::cli {

void add_init_command(CLI::App& app) {
  struct Args {
    std::string dir;
    NewSite site;
    std::string languages = "en";
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("init", "Create a new empty site in DIR: DIR/site.toml and its database.");
  cmd->add_option("DIR", args->dir, "Directory for the new site (created if absent)")->required();
  cmd->add_option("--name", args->site.name, "Site name")->capture_default_str();
  cmd->add_option("--languages", args->languages,
                  "Comma-separated language codes, default language first (known: en, be, ru, uk, pl, "
                  "de, fr, lt, lv, et)")
      ->capture_default_str();
  cmd->add_option("--base-url", args->site.base_url, "Public URL, e.g. https://monitor.example.org");
  cmd->callback([args] {
    args->site.languages.clear();
    std::stringstream list(args->languages);
    for (std::string code; std::getline(list, code, ',');) args->site.languages.push_back(code);
    auto status = init_site(args->dir, args->site);
    if (!status) {
      int code = status.code() == ErrorCode::invalid || status.code() == ErrorCode::conflict ? kExitUsage
                 : status.code() == ErrorCode::io                                            ? kExitCantCreate
                                                                                             : kExitUnavailable;
      fail(code, status.error().message);
    }
    std::printf("Created a new site in %s\nStart it with: barometer serve --data %s\n", args->dir.c_str(),
                args->dir.c_str());
  });
}

}  // namespace barometer::cli
