// Issue 12 (c): a publish is one transaction. `barometer serve` is SIGKILLed at random moments
// while an editor publishes 200 commentaries through the back office's form (real process, real
// HTTP, real SQLite file); after every restart and at the end, each commentary that exists has its
// owner, its revision and its audit lines, and each published one its "commentary.publish" line:
// no crash leaves a commentary without its record, or a record without its commentary.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <random>
#include <thread>

#include "storage/sqlite/sqlite_store.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

using testing::HttpConnection;
using testing::HttpReply;
using testing::csrf_in;
using testing::set_cookie;

constexpr int kPublishes = 200;

// The week of the n-th publish: one topic, a new period each time, far from the demo's weeks.
std::string week_of(int n) {
  char id[16];
  std::snprintf(id, sizeof id, "%d-W%02d", 2000 + n / 50, 1 + n % 50);
  return id;
}

struct Session {
  std::string cookie;
  std::string csrf;
};

// Signs in the editor on `port`; nullopt when the server went away meanwhile.
std::optional<Session> sign_in(int port) {
  try {
    HttpConnection c("127.0.0.1", port);
    HttpReply form = c.request("GET", "/admin/login");
    std::string token = set_cookie(form, "barometer_login");
    HttpConnection post("127.0.0.1", port);
    HttpReply in = post.request("POST", "/admin/login",
                                {{"Content-Type", "application/x-www-form-urlencoded"},
                                 {"Cookie", "barometer_login=" + token}},
                                "_csrf=" + csrf_in(form.body) + "&email=editor%40example.org&password=correct+horse+battery");
    Session s{set_cookie(in, "barometer_session"), ""};
    HttpConnection board("127.0.0.1", port);
    s.csrf = csrf_in(board.request("GET", "/admin/", {{"Cookie", "barometer_session=" + s.cookie}}).body);
    if (s.cookie.empty() || s.csrf.empty()) return std::nullopt;
    return s;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Every commentary of the test's weeks has its owner, its revision and its audit lines; each
// published one a commentary.publish line. Returns how many were published.
int check_every_commentary_is_whole(Database& db) {
  CommentaryFilter filter;
  filter.published_only = false;
  filter.to = *Period::parse("2010-W01");
  auto found = db.content().find_commentaries(filter);
  EXPECT_TRUE(found.ok());
  if (!found.ok()) return 0;
  int published = 0;
  for (const auto& c : *found) {
    SCOPED_TRACE("commentary " + std::to_string(c.id) + " of " + c.period.id());
    EXPECT_TRUE(db.staff().commentary_owner(c.id).ok()) << "its owner";
    auto revisions = db.history().list_revisions(c.id);
    if (!revisions.ok()) {
      ADD_FAILURE() << revisions.error().message;
      continue;
    }
    EXPECT_FALSE(revisions->empty()) << "its revision";
    AuditFilter lines;
    lines.subject = "commentary:" + std::to_string(c.id);
    lines.action_prefix = "commentary.create";
    EXPECT_EQ(db.history().count_audit(lines).value(), 1) << "its creation line";
    if (c.status == CommentaryStatus::published) {
      ++published;
      lines.action_prefix = "commentary.publish";
      EXPECT_EQ(db.history().count_audit(lines).value(), 1) << "its publication line";
      if (!revisions->empty()) {
        EXPECT_EQ(revisions->front().summary, "published");
      }
    }
  }
  return published;
}

TEST(PublishCrash, EveryPublishedCommentaryHasItsRevisionAndAuditLineAfterSigkills) {
  testing::TempDir dir;
  const std::string data = dir.file("site");
  const std::vector<std::string> env = {"BAROMETER_ACCESS_LOG=off"};
  {
    testing::ServerProcess demo({"demo", "--data", data, "--first", "2023-W50", "--last", "2023-W52"}, 300, env);
    ASSERT_EQ(demo.terminate(), 0);
  }
  std::ofstream(dir.file("pw.txt")) << "correct horse battery\n";
  auto [code, out] = testing::run_barometer({"user", "add", "--data", data, "--email", "editor@example.org", "--name",
                                             "Ed", "--role", "editor", "--password-file", dir.file("pw.txt")},
                                            env);
  ASSERT_EQ(code, 0) << out;

  std::mt19937 random(20261207);
  int next = 0;  // publishes sent so far (answered or cut off by the kill)
  int kills = 0;
  while (next < kPublishes) {
    testing::ServerProcess server({"serve", "--data", data}, 120, env);
    auto session = sign_in(server.port());
    ASSERT_TRUE(session) << server.output();
    std::atomic<bool> stop{false};
    std::atomic<int> sent{next};
    std::thread editor([&, port = server.port(), s = *session] {
      while (!stop && sent < kPublishes) {
        const std::string form = "_csrf=" + s.csrf + "&action=publish&topic=security&period=" + week_of(sent) +
                                 "&assessment=worse&title_en=Crash+" + std::to_string(int(sent)) +
                                 "&lead_en=Lead.&body_en=Body.&slug_en=";
        try {
          HttpConnection c("127.0.0.1", port);
          ++sent;  // from here the publish may be cut off at any point
          c.request("POST", "/admin/commentaries/new",
                    {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", "barometer_session=" + s.cookie}},
                    form);
        } catch (const std::exception&) {
          return;  // killed
        }
      }
    });
    // A random moment within the next publishes: SIGKILL, as a crash would.
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(10, 150)(random)));
    server.kill();
    ++kills;
    stop = true;
    editor.join();
    next = sent;
    auto db = open_sqlite_database({.path = data + "/barometer.db"});
    ASSERT_TRUE(db.ok()) << db.error().message;
    check_every_commentary_is_whole(**db);
    if (::testing::Test::HasFailure()) return;
  }
  auto db = open_sqlite_database({.path = data + "/barometer.db"});
  ASSERT_TRUE(db.ok()) << db.error().message;
  const int published = check_every_commentary_is_whole(**db);
  EXPECT_GE(kills, 3);
  // Most publishes were answered (a killed one may be lost whole, never half).
  EXPECT_GT(published, kPublishes / 2) << kills << " kills";
}

}  // namespace
}  // namespace barometer
