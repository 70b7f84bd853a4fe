// `barometer migrate-data` as an operator runs it: bad arguments are named, a copy is verified.
#include <gtest/gtest.h>

#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

using testing::run_barometer;

TEST(MigrateDataCli, BadDatabaseArgumentsAreNamed) {
  testing::TempDir dir;
  std::string good = "sqlite:" + dir.file("a.db");
  auto [c1, m1] = run_barometer({"migrate-data", "--from", "mysql://x/y", "--to", good});
  EXPECT_EQ(c1, 64) << m1;
  EXPECT_NE(m1.find("--from"), std::string::npos) << m1;
  auto [c2, m2] = run_barometer({"migrate-data", "--from", good, "--to", "sqlite:"});
  EXPECT_EQ(c2, 64) << m2;
  EXPECT_NE(m2.find("--to"), std::string::npos) << m2;
  auto [c3, m3] = run_barometer({"migrate-data", "--from", good, "--to", "postgresql://nobody@127.0.0.1:1/x"});
  EXPECT_EQ(c3, 69) << m3;
  EXPECT_NE(m3.find("--to"), std::string::npos) << m3;
  auto [c4, m4] = run_barometer({"migrate-data", "--from", good, "--to", good});
  EXPECT_EQ(c4, 64) << m4;
}

TEST(MigrateDataCli, CopiesADemoSiteAndRefusesToCopyTwice) {
  testing::TempDir dir;
  std::string site = dir.file("site");
  auto [init, out] = run_barometer({"init", site, "--languages", "en,ru"});
  ASSERT_EQ(init, 0) << out;
  std::string from = "sqlite:" + site + "/barometer.db";
  std::string to = "sqlite:" + dir.file("copy.db");
  auto [code, report] = run_barometer({"migrate-data", "--from", from, "--to", to});
  ASSERT_EQ(code, 0) << report;
  EXPECT_NE(report.find("2 languages"), std::string::npos) << report;
  EXPECT_NE(report.find("verified"), std::string::npos) << report;
  auto [again, refusal] = run_barometer({"migrate-data", "--from", from, "--to", to});
  EXPECT_EQ(again, 64) << refusal;
  EXPECT_NE(refusal.find("--to"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("not empty"), std::string::npos) << refusal;
}

}  // namespace
}  // namespace barometer
