// The real binary, as an operator uses it: arguments, init, configuration errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "config/config.hpp"
#include "config/settings.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

using testing::run_barometer;

TEST(Cli, HelpListsEverySubcommand) {
  auto [code, out] = run_barometer({"--help"});
  EXPECT_EQ(code, 0);
  for (const char* word : {"demo", "init", "serve", "--version", "BAROMETER_LISTEN", "BAROMETER_DATABASE", "Exit codes"}) EXPECT_NE(out.find(word), std::string::npos) << word;
  for (const char* sub : {"demo", "init", "serve"}) {
    auto [c, text] = run_barometer({sub, "--help"});
    EXPECT_EQ(c, 0) << sub;
    EXPECT_NE(text.find("--"), std::string::npos) << sub;
  }
}

TEST(Cli, ServeHelpListsEverySettingAndInitWritesThemAll) {
  // Both come from config/settings.cpp's table; here the binary is seen to use it.
  auto [code, help] = run_barometer({"serve", "--help"});
  EXPECT_EQ(code, 0);
  testing::TempDir dir;
  auto [c, out] = run_barometer({"init", dir.file("site")});
  ASSERT_EQ(c, 0) << out;
  std::ifstream in(dir.file("site/site.toml"));
  const std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(written, default_config_text());
  for (const Setting& s : all_settings()) {
    EXPECT_NE(help.find(std::string(s.env)), std::string::npos) << s.env;
    EXPECT_NE(help.find("  " + std::string(s.key) + "  "), std::string::npos) << s.key;
    EXPECT_NE(written.find(std::string(s.key) + " = "), std::string::npos) << s.key;
  }
}

TEST(Cli, UnknownSubcommandAndOptionFail) {
  EXPECT_NE(run_barometer({"frobnicate"}).first, 0);
  EXPECT_NE(run_barometer({"serve", "--no-such-option"}).first, 0);
  EXPECT_NE(run_barometer({}).first, 0);
}

TEST(Cli, InitCreatesConfigAndDatabaseOnce) {
  testing::TempDir dir;
  std::string site = dir.file("site");
  auto [code, out] = run_barometer({"init", site, "--name", "Test Monitor", "--languages", "en,ru"});
  ASSERT_EQ(code, 0) << out;
  EXPECT_TRUE(std::filesystem::exists(site + "/site.toml"));
  EXPECT_TRUE(std::filesystem::exists(site + "/barometer.db"));
  auto [again, msg] = run_barometer({"init", site});
  EXPECT_EQ(again, 64) << msg;
  EXPECT_NE(msg.find("already"), std::string::npos) << msg;
}

TEST(Cli, InitRejectsBadArgumentsNamingThem) {
  testing::TempDir dir;
  auto [c1, m1] = run_barometer({"init", dir.file("a"), "--languages", "en,xx"});
  EXPECT_EQ(c1, 64);
  EXPECT_NE(m1.find("--languages"), std::string::npos) << m1;
  auto [c2, m2] = run_barometer({"init", dir.file("b"), "--languages", "en,en"});
  EXPECT_EQ(c2, 64);
  auto [c3, m3] = run_barometer({"init", dir.file("c"), "--base-url", "ftp://x"});
  EXPECT_EQ(c3, 64);
  EXPECT_NE(m3.find("--base-url"), std::string::npos) << m3;
}

TEST(Cli, ServeRejectsBadConfigurationNamingIt) {
  testing::TempDir dir;
  std::ofstream(dir.file("site.toml")) << "threads = 99999\n";
  auto [code, out] = run_barometer({"serve", "--data", dir.path().string()});
  EXPECT_EQ(code, 64);
  EXPECT_NE(out.find("threads"), std::string::npos) << out;
  auto [c2, o2] = run_barometer({"serve", "--data", dir.path().string(), "--listen", "nowhere"}, {});
  EXPECT_EQ(c2, 64);
  auto [c3, o3] = run_barometer({"serve", "--config", dir.file("missing.toml")});
  EXPECT_EQ(c3, 64);
  EXPECT_NE(o3.find("missing.toml"), std::string::npos) << o3;
}

TEST(Cli, ServeAnEmptySiteAndStopCleanlyOnSigterm) {
  testing::TempDir dir;
  std::string site = dir.file("site");
  ASSERT_EQ(run_barometer({"init", site}).first, 0);
  testing::ServerProcess server({"serve", "--data", site});
  EXPECT_GT(server.port(), 0);
  EXPECT_EQ(server.terminate(), 0);
}

}  // namespace
}  // namespace barometer

namespace barometer {
namespace {

TEST(Cli, ConfiguredBaseUrlIsUsedForCanonicalLinks) {
  testing::TempDir dir;
  std::string site = dir.file("site");
  ASSERT_EQ(run_barometer({"init", site, "--languages", "en,be"}).first, 0);
  testing::ServerProcess server({"serve", "--data", site}, 60,
                                {"BAROMETER_BASE_URL=https://monitor.example.org"});
  auto home = testing::http_get(server.port(), "/be/");
  EXPECT_EQ(home.status, 200) << "an empty site still has a home page";
  EXPECT_NE(home.body.find("href=\"https://monitor.example.org/be/\""), std::string::npos);
  EXPECT_EQ(server.terminate(), 0);
}

}  // namespace
}  // namespace barometer

namespace barometer {
namespace {

// An operator types relative paths: the database must land inside the named directory.
TEST(Cli, RelativeDataDirectoryHoldsItsDatabase) {
  testing::TempDir dir;
  auto previous = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  auto [code, out] = run_barometer({"init", "relsite"});
  std::filesystem::current_path(previous);
  ASSERT_EQ(code, 0) << out;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "relsite" / "barometer.db"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "relsite" / "relsite"));
}

}  // namespace
}  // namespace barometer
