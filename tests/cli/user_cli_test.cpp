// `barometer user ...` as an operator runs it: accounts added, listed, disabled, re-passworded;
// bad arguments named with exit code 64.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "storage/sqlite/sqlite_store.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

using testing::run_barometer;

struct Site {
  testing::TempDir dir;
  std::string data = dir.file("site");
  std::string pw = dir.file("pw.txt");
  Site() {
    auto [code, out] = run_barometer({"init", data});
    EXPECT_EQ(code, 0) << out;
    write_password("correct horse battery");
  }
  void write_password(const std::string& text) { std::ofstream(pw) << text << "\n"; }
};

TEST(UserCli, AddListDisableAndPasswd) {
  Site s;
  auto [c1, o1] = run_barometer({"user", "add", "--data", s.data, "--email", "Ana@Example.org", "--name", "Ana K",
                                 "--role", "editor", "--password-file", s.pw});
  ASSERT_EQ(c1, 0) << o1;
  EXPECT_NE(o1.find("ana@example.org"), std::string::npos) << o1;
  auto [c2, o2] = run_barometer({"user", "add", "--data", s.data, "--email", "bo@example.org", "--name", "Bo",
                                 "--role", "analyst", "--password-file", s.pw});
  ASSERT_EQ(c2, 0) << o2;
  auto [c3, o3] = run_barometer({"user", "list", "--data", s.data});
  ASSERT_EQ(c3, 0) << o3;
  EXPECT_NE(o3.find("ana@example.org\teditor\tactive\tAna K"), std::string::npos) << o3;
  EXPECT_NE(o3.find("bo@example.org\tanalyst\tactive\tBo"), std::string::npos) << o3;
  EXPECT_LT(o3.find("ana@"), o3.find("bo@"));

  auto [c4, o4] = run_barometer({"user", "disable", "--data", s.data, "--email", "bo@example.org"});
  ASSERT_EQ(c4, 0) << o4;
  auto [c5, o5] = run_barometer({"user", "list", "--data", s.data});
  EXPECT_NE(o5.find("bo@example.org\tanalyst\tdisabled"), std::string::npos) << o5;

  s.write_password("another long password");
  auto [c6, o6] = run_barometer({"user", "passwd", "--data", s.data, "--email", "ana@example.org", "--password-file", s.pw});
  EXPECT_EQ(c6, 0) << o6;
  // The configuration file form works too.
  auto [c7, o7] = run_barometer({"user", "list", "--config", s.data + "/site.toml"});
  EXPECT_EQ(c7, 0) << o7;
  EXPECT_NE(o7.find("ana@example.org"), std::string::npos) << o7;
}

// `user 2fa reset` (a lost phone): the account's two-factor and recovery codes go, its sessions
// end, and the audit log says so.
TEST(UserCli, TwoFactorResetRemovesItEndsSessionsAndIsAudited) {
  Site s;
  auto [c1, o1] = run_barometer({"user", "add", "--data", s.data, "--email", "ana@example.org", "--name", "Ana",
                                 "--role", "editor", "--password-file", s.pw});
  ASSERT_EQ(c1, 0) << o1;
  const Instant t = from_unix(1'700'000'000);
  Id id = 0;
  {
    auto db = open_sqlite_database({.path = s.data + "/barometer.db"});
    ASSERT_TRUE(db.ok()) << db.error().message;
    auto user = (*db)->staff().find_user("ana@example.org");
    ASSERT_TRUE(user.ok());
    id = user->id;
    ASSERT_TRUE((*db)->staff().put_two_factor({id, "JBSWY3DPEHPK3PXP", true, 5, t}).ok());
    ASSERT_TRUE((*db)->staff().set_recovery_codes(id, {"hash1", "hash2"}).ok());
    ASSERT_TRUE((*db)->staff().add_session({"h1", id, "csrf", t, t}).ok());
  }
  auto [c2, o2] = run_barometer({"user", "2fa", "reset", "--data", s.data, "--email", "ana@example.org"});
  ASSERT_EQ(c2, 0) << o2;
  EXPECT_NE(o2.find("ana@example.org"), std::string::npos) << o2;
  auto db = open_sqlite_database({.path = s.data + "/barometer.db"});
  ASSERT_TRUE(db.ok());
  EXPECT_EQ((*db)->staff().two_factor(id).code(), ErrorCode::not_found);
  EXPECT_EQ(*(*db)->staff().unused_recovery_codes(id), 0);
  EXPECT_EQ((*db)->staff().find_session("h1").code(), ErrorCode::not_found);
  AuditFilter filter;
  filter.action_prefix = "user.2fa_reset";
  auto lines = (*db)->history().list_audit(filter);
  ASSERT_TRUE(lines.ok());
  ASSERT_EQ(lines->size(), 1u);
  EXPECT_EQ((*lines)[0].subject, "user:" + std::to_string(id));
  EXPECT_EQ((*lines)[0].user_name, "command line");

  auto [c3, o3] = run_barometer({"user", "2fa", "reset", "--data", s.data, "--email", "nobody@example.org"});
  EXPECT_EQ(c3, 64) << o3;
  EXPECT_NE(o3.find("--email"), std::string::npos) << o3;
  auto [c4, o4] = run_barometer({"user", "2fa", "reset", "--data", s.data, "--email", "not an email"});
  EXPECT_EQ(c4, 64) << o4;
  auto [c5, o5] = run_barometer({"user", "--help"});
  EXPECT_EQ(c5, 0) << o5;
  EXPECT_NE(o5.find("2fa"), std::string::npos) << o5;
}

TEST(UserCli, BadArgumentsAreNamed) {
  Site s;
  auto add = [&](const std::string& email, const std::string& role) {
    return run_barometer({"user", "add", "--data", s.data, "--email", email, "--name", "X", "--role", role,
                          "--password-file", s.pw});
  };
  auto [c1, o1] = add("not-an-email", "analyst");
  EXPECT_EQ(c1, 64) << o1;
  EXPECT_NE(o1.find("--email"), std::string::npos) << o1;
  auto [c2, o2] = add("x@example.org", "boss");
  EXPECT_EQ(c2, 64) << o2;
  EXPECT_NE(o2.find("--role"), std::string::npos) << o2;
  ASSERT_EQ(add("x@example.org", "admin").first, 0);
  auto [c3, o3] = add("X@example.org", "admin");  // same address, other case
  EXPECT_EQ(c3, 64) << o3;
  EXPECT_NE(o3.find("already"), std::string::npos) << o3;

  s.write_password("short");
  auto [c4, o4] = add("y@example.org", "analyst");
  EXPECT_EQ(c4, 64) << o4;
  EXPECT_NE(o4.find("at least 12"), std::string::npos) << o4;
  std::ofstream(s.pw) << "\n";
  auto [c5, o5] = add("y@example.org", "analyst");
  EXPECT_EQ(c5, 64) << o5;
  EXPECT_NE(o5.find("--password-file"), std::string::npos) << o5;
  auto [c6, o6] = run_barometer({"user", "add", "--data", s.data, "--email", "y@example.org", "--name", "Y",
                                 "--role", "analyst", "--password-file", s.dir.file("missing")});
  EXPECT_EQ(c6, 64) << o6;
  EXPECT_NE(o6.find("--password-file"), std::string::npos) << o6;

  auto [c7, o7] = run_barometer({"user", "disable", "--data", s.data, "--email", "nobody@example.org"});
  EXPECT_EQ(c7, 64) << o7;
  EXPECT_NE(o7.find("--email"), std::string::npos) << o7;
  auto [c8, o8] = run_barometer({"user", "list", "--data", s.dir.file("nothing-here")});
  EXPECT_EQ(c8, 64) << o8;
  EXPECT_NE(o8.find("--data"), std::string::npos) << o8;
  EXPECT_NE(run_barometer({"user", "list", "--data", s.data}).second.find("x@example.org"), std::string::npos);
  EXPECT_EQ(run_barometer({"user", "list", "--data", s.data}).second.find("y@example.org"), std::string::npos);
}

TEST(UserCli, WithoutATerminalAPasswordFileIsRequired) {
  Site s;
  std::string cmd = std::string(BAROMETER_BINARY) + " user add --data '" + s.data +
                    "' --email z@example.org --name Z --role analyst < /dev/null 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  int status = ::pclose(p);
  EXPECT_EQ(WEXITSTATUS(status), 64) << out;
  EXPECT_NE(out.find("--password-file"), std::string::npos) << out;
}

TEST(UserCli, ServeSendsAdminToTheBackOfficeAndSignsIn) {
  Site s;
  ASSERT_EQ(run_barometer({"user", "add", "--data", s.data, "--email", "ed@example.org", "--name", "Ed", "--role",
                           "editor", "--password-file", s.pw})
                .first,
            0);
  testing::ServerProcess server({"serve", "--data", s.data});
  testing::HttpConnection http("127.0.0.1", server.port());
  auto board = http.request("GET", "/admin/");
  EXPECT_EQ(board.status, 303);
  EXPECT_EQ(board.header("Location"), "/admin/login");
  EXPECT_EQ(board.header("Cache-Control"), "no-store");
  auto bare = http.request("GET", "/admin");
  EXPECT_EQ(bare.status, 308);
  auto login = http.request("GET", "/admin/login");
  ASSERT_EQ(login.status, 200);
  EXPECT_EQ(login.header("Cache-Control"), "no-store");
  EXPECT_FALSE(login.header("Content-Security-Policy").empty());  // the standard middleware wraps it
  std::string cookie = login.header("Set-Cookie");
  std::string token = cookie.substr(cookie.find('=') + 1, 64);
  auto in = http.request("POST", "/admin/login",
                         {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", "barometer_login=" + token}},
                         "_csrf=" + token + "&email=ed%40example.org&password=correct+horse+battery");
  EXPECT_EQ(in.status, 303);
  EXPECT_NE(in.header("Set-Cookie").find("HttpOnly"), std::string::npos);
  EXPECT_EQ(http.request("GET", "/en/").status, 200);  // the public site still answers
}

}  // namespace
}  // namespace barometer
