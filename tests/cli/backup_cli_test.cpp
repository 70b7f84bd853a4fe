// `barometer export` and `barometer restore` as an operator runs them: the real binary, an archive
// restored into a new data directory and into PostgreSQL, refusals with their exit codes.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "support/backend_fixture.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

using testing::run_barometer;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(BackupCli, HelpDescribesBothCommands) {
  auto [c1, export_help] = run_barometer({"export", "--help"});
  EXPECT_EQ(c1, 0) << export_help;
  for (const char* part : {"--out", "--data", "--config", "snapshot", "search index"})
    EXPECT_TRUE(has(export_help, part)) << part << "\n" << export_help;
  auto [c2, restore_help] = run_barometer({"restore", "--help"});
  EXPECT_EQ(c2, 0) << restore_help;
  for (const char* part : {"FILE", "--into", "--force", "postgresql://", "one transaction"})
    EXPECT_TRUE(has(restore_help, part)) << part << "\n" << restore_help;
}

TEST(BackupCli, ExportRestoreIntoSqliteAndPostgresAndTheRefusals) {
  testing::TempDir dir;
  const std::string site = dir.file("site");
  auto [init, init_out] = run_barometer({"init", site, "--languages", "en,be,ru"});
  ASSERT_EQ(init, 0) << init_out;
  std::ofstream(dir.file("pw")) << "a long enough password 1\n";
  auto [user, user_out] = run_barometer({"user", "add", "--data", site, "--email", "ed@example.org", "--name", "Ed",
                                         "--role", "admin", "--password-file", dir.file("pw")});
  ASSERT_EQ(user, 0) << user_out;

  const std::string archive = dir.file("site.tar");
  auto [exported, export_out] = run_barometer({"export", "--data", site, "--out", archive});
  ASSERT_EQ(exported, 0) << export_out;
  EXPECT_TRUE(has(export_out, "schema version")) << export_out;
  const std::string bytes = read_file(archive);
  EXPECT_TRUE(has(bytes, "manifest.json"));
  EXPECT_TRUE(has(bytes, "$argon2id$")) << "the password hash is in the archive";
  EXPECT_FALSE(has(bytes, "a long enough password")) << "never the password itself";

  // Into a new data directory, then again: refused, then forced.
  const std::string copy = dir.file("copy");
  auto [restored, restore_out] = run_barometer({"restore", archive, "--into", copy});
  ASSERT_EQ(restored, 0) << restore_out;
  EXPECT_TRUE(has(restore_out, "Search index rebuilt")) << restore_out;
  auto [again, refusal] = run_barometer({"restore", archive, "--into", copy});
  EXPECT_EQ(again, 64) << refusal;
  EXPECT_TRUE(has(refusal, "not empty") && has(refusal, "--force")) << refusal;
  auto [forced, forced_out] = run_barometer({"restore", archive, "--into", copy, "--force"});
  EXPECT_EQ(forced, 0) << forced_out;
  EXPECT_TRUE(has(forced_out, "replaced")) << forced_out;
  // The restored site signs its staff in with the same password hash and lists them.
  auto [listed, users] = run_barometer({"user", "list", "--data", copy});
  EXPECT_EQ(listed, 0) << users;
  EXPECT_TRUE(has(users, "ed@example.org")) << users;
  // Its own export holds the restore's audit line, and the same staff row as the original.
  const std::string second = dir.file("copy.tar");
  auto [exported2, out2] = run_barometer({"export", "--data", copy, "--out", second});
  ASSERT_EQ(exported2, 0) << out2;
  EXPECT_TRUE(has(read_file(second), "site.restore"));

  // Into PostgreSQL by URL.
  testing::BackendDatabase pg("postgres", dir);
  auto url = pg.location();
  ASSERT_TRUE(url.ok()) << url.error().message;
  auto [into_pg, pg_out] = run_barometer({"restore", archive, "--into", *url});
  EXPECT_EQ(into_pg, 0) << pg_out;
  EXPECT_EQ(*pg.count_rows("staff_users"), 1);

  // A tampered archive (one byte of the staff member, size unchanged) writes nothing: exit 65.
  std::string tampered = bytes;
  tampered[tampered.find("ed@example.org")] = 'E';
  const std::string bad = dir.file("bad.tar");
  std::ofstream(bad, std::ios::binary) << tampered;
  const std::string fresh = dir.file("fresh");
  auto [refused, bad_out] = run_barometer({"restore", bad, "--into", fresh});
  EXPECT_EQ(refused, 65) << bad_out;
  EXPECT_TRUE(has(bad_out, "SHA-256")) << bad_out;
  // A truncated one likewise.
  std::ofstream(bad, std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() / 3);
  auto [cut, cut_out] = run_barometer({"restore", bad, "--into", fresh});
  EXPECT_EQ(cut, 65) << cut_out;
  // A missing file and a bad target are named.
  auto [missing, missing_out] = run_barometer({"restore", dir.file("none.tar"), "--into", fresh});
  EXPECT_EQ(missing, 64) << missing_out;
  EXPECT_TRUE(has(missing_out, "FILE")) << missing_out;
  auto [target, target_out] = run_barometer({"restore", archive, "--into", "mysql://x/y"});
  EXPECT_EQ(target, 64) << target_out;
  EXPECT_TRUE(has(target_out, "--into")) << target_out;
}

}  // namespace
}  // namespace barometer
