// `barometer demo`: create (if absent) and serve the built-in demo site.
#include <cstdio>
#include <filesystem>

#include "app/app.hpp"
#include "app/database.hpp"
#include "cli/commands.hpp"
#include "cli/config_options.hpp"
#include "services/demo/demo_site.hpp"

namespace barometer::cli {
namespace {

struct DemoWeeks {
  std::string first;  // "" = the seeder's default (2020-W01)
  std::string last;   // "" = the seeder's default (2023-W52)
};

// Seeds the demo over the weeks given (only when the store holds no site yet): the same as
// ensure_demo_site() with a custom range, for benchmarks of long histories.
Result<bool> ensure_demo_site_with_weeks(const Config& config, const DemoWeeks& weeks) {
  DemoOptions demo;
  demo.base_url = config.base_url;
  if (!weeks.first.empty()) {
    auto p = Period::parse(weeks.first);
    if (!p || p->id() != weeks.first) return invalid("--first " + weeks.first + ": expected a week like 2014-W01");
    demo.first = *p;
  }
  if (!weeks.last.empty()) {
    auto p = Period::parse(weeks.last);
    if (!p || p->id() != weeks.last) return invalid("--last " + weeks.last + ": expected a week like 2023-W52");
    demo.last = *p;
  }
  if (demo.last < demo.first) return invalid("--last must not precede --first");
  auto db = open_database(config);
  if (!db) return db.error();
  auto exists = demo_site_exists((*db)->content());
  if (!exists) return exists.error();
  if (*exists) return false;
  if (auto s = seed_demo_site((*db)->content(), demo); !s) return s.error();
  return true;
}

}  // namespace

void add_demo_command(CLI::App& app) {
  auto options = std::make_shared<ConfigOptions>();
  auto weeks = std::make_shared<DemoWeeks>();
  auto* cmd = app.add_subcommand(
      "demo",
      "Create (if absent) and serve the built-in demo site: a weekly monitor of Belarus with five\n"
      "topics in English, Belarusian and Russian, 2020-W01 to 2023-W52 (or --first/--last).");
  add_config_options(*cmd, *options, "demo-data", false);
  cmd->add_option("--first", weeks->first,
                  "First ISO week with commentaries when the demo is created, e.g. 2014-W01 (default 2020-W01;\n"
                  "ignored when DIR already holds a site)");
  cmd->add_option("--last", weeks->last,
                  "Last ISO week with commentaries when the demo is created, e.g. 2023-W52 (default 2023-W52;\n"
                  "at most about 40 years after --first)");
  cmd->callback([options, weeks] {
    std::error_code ec;
    std::filesystem::create_directories(options->data_dir, ec);
    if (ec) fail(kExitCantCreate, "--data " + options->data_dir + ": " + ec.message());
    Config config = load_config_or_exit(*options);
    const bool custom = !weeks->first.empty() || !weeks->last.empty();
    auto created = custom ? ensure_demo_site_with_weeks(config, *weeks) : ensure_demo_site(config);
    if (!created) fail(created.code() == ErrorCode::invalid ? kExitUsage : kExitUnavailable, created.error().message);
    if (*created) std::printf("Created the demo site in %s\n", options->data_dir.c_str());
    int code = serve_site(config);
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace barometer::cli
