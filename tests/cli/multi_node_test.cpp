// Several nodes on one PostgreSQL database (issue 5), the way an operator runs them: one
// throwaway cluster, three real `barometer` processes on loopback ports sharing one database (the
// demo content loaded once, by node A), a staff account made with `barometer user add`.
//   - a commentary published through the back office of node A (sign in, CSRF token, POST) shows on
//     nodes B and C within one second, although both had the page in their caches (LISTEN/NOTIFY);
//   - the session cookie of node A is a valid session on node B, and signing out on B ends it on A
//     (sessions live in the database, not in a node);
//   - a commentary scheduled a few seconds ahead through node A, with the publishers of all three
//     nodes running, is published exactly once and then shown on every node.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <memory>
#include <thread>

#include "support/backend_fixture.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

using testing::HttpConnection;
using testing::HttpReply;
using testing::csrf_in;
using testing::set_cookie;
using Clock = std::chrono::steady_clock;

constexpr const char* kEmail = "editor@example.org";
constexpr const char* kPassword = "correct horse battery";

HttpReply request(int port, const std::string& method, const std::string& target, const std::string& session = "",
                  const std::string& form = "") {
  HttpConnection c("127.0.0.1", port);
  std::vector<std::pair<std::string, std::string>> headers;
  if (!session.empty()) headers.push_back({"Cookie", "barometer_session=" + session});
  if (method == "POST") headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  return c.request(method, target, headers, form);
}

class MultiNode : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    database_ = new testing::BackendDatabase("postgres", *dir_);
    auto url = database_->location();
    ASSERT_TRUE(url.ok()) << url.error().message;
    env_ = {"BAROMETER_DATABASE=" + *url, "BAROMETER_ACCESS_LOG=off"};
    // Node A creates the demo content (a short range: the seeding is not what is tested here).
    nodes_.push_back(std::make_unique<testing::ServerProcess>(
        std::vector<std::string>{"demo", "--data", dir_->file("a"), "--first", "2023-W40", "--last", "2023-W52"}, 300,
        env_));
    for (const char* node : {"b", "c"})
      nodes_.push_back(std::make_unique<testing::ServerProcess>(
          std::vector<std::string>{"serve", "--data", dir_->file(node)}, 120, env_));
    std::ofstream(dir_->file("pw.txt")) << kPassword << "\n";
    auto [code, out] = testing::run_barometer({"user", "add", "--data", dir_->file("a"), "--email", kEmail, "--name",
                                               "Ed", "--role", "editor", "--password-file", dir_->file("pw.txt")},
                                              env_);
    ASSERT_EQ(code, 0) << out;
  }

  static void TearDownTestSuite() {
    for (auto& node : nodes_) EXPECT_EQ(node->terminate(), 0) << "graceful shutdown exits 0";
    nodes_.clear();
    delete database_;  // drops the database
    database_ = nullptr;
    delete dir_;
    dir_ = nullptr;
  }

  static int port(std::size_t node) { return nodes_.at(node)->port(); }

  // Signs in on `node` through the form; returns the session cookie ("" and a failure if refused).
  static std::string sign_in(std::size_t node) {
    HttpReply form = request(port(node), "GET", "/admin/login");
    EXPECT_EQ(form.status, 200);
    std::string token = set_cookie(form, "barometer_login");
    HttpConnection c("127.0.0.1", port(node));
    HttpReply in = c.request("POST", "/admin/login",
                             {{"Content-Type", "application/x-www-form-urlencoded"},
                              {"Cookie", "barometer_login=" + token}},
                             "_csrf=" + csrf_in(form.body) + "&email=editor%40example.org&password=correct+horse+battery");
    EXPECT_EQ(in.status, 303) << in.body;
    return set_cookie(in, "barometer_session");
  }

  // The CSRF token of the session, read from the board of `node`.
  static std::string csrf(std::size_t node, const std::string& session) {
    HttpReply board = request(port(node), "GET", "/admin/", session);
    EXPECT_EQ(board.status, 200);
    return csrf_in(board.body);
  }

  static std::string commentary_form(const std::string& csrf, const std::string& action, const std::string& title,
                                     const std::string& period) {
    return "_csrf=" + csrf + "&action=" + action + "&topic=security&period=" + period +
           "&assessment=worse&title_en=" + title + "&lead_en=Written+on+node+A.&body_en=Body.&slug_en=";
  }

  // Polls GET `target` on `node` until the body contains `text` or `limit` has passed since `since`.
  static bool shows_within(std::size_t node, const std::string& target, const std::string& text, Clock::time_point since,
                           std::chrono::milliseconds limit) {
    for (;;) {
      HttpReply r = request(port(node), "GET", target);
      if (r.status == 200 && r.body.find(text) != std::string::npos) return true;
      if (Clock::now() - since > limit) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  static testing::BackendDatabase* database_;
  static testing::TempDir* dir_;
  static std::vector<std::string> env_;
  static std::vector<std::unique_ptr<testing::ServerProcess>> nodes_;  // A, B, C
};

testing::BackendDatabase* MultiNode::database_ = nullptr;
testing::TempDir* MultiNode::dir_ = nullptr;
std::vector<std::string> MultiNode::env_;
std::vector<std::unique_ptr<testing::ServerProcess>> MultiNode::nodes_;

TEST_F(MultiNode, PublishedOnAIsShownOnBAndCWithinOneSecond) {
  ASSERT_EQ(nodes_.size(), 3u);
  const std::string topic_page = "/en/topics/security/";
  const std::string title = "Quorum+of+three+nodes";
  // B and C hold the topic page in their caches (fetched twice: the second is a hit).
  for (std::size_t node : {1u, 2u})
    for (int i = 0; i < 2; ++i) {
      HttpReply before = request(port(node), "GET", topic_page);
      ASSERT_EQ(before.status, 200);
      ASSERT_EQ(before.body.find("Quorum of three nodes"), std::string::npos);
    }

  std::string session = sign_in(0);
  ASSERT_FALSE(session.empty());
  std::string token = csrf(0, session);
  ASSERT_FALSE(token.empty());
  HttpReply saved = request(port(0), "POST", "/admin/commentaries/new", session,
                            commentary_form(token, "save", title, "2024-W02"));
  ASSERT_EQ(saved.status, 303) << saved.body;
  std::string edit = saved.header("Location");
  ASSERT_EQ(edit.rfind("/admin/commentaries/", 0), 0u) << edit;
  edit = edit.substr(0, edit.find('?'));
  // A draft is not public anywhere.
  EXPECT_EQ(request(port(1), "GET", "/en/topics/security/quorum-of-three-nodes/").status, 404);

  HttpReply published = request(port(0), "POST", edit, session, commentary_form(token, "publish", title, "2024-W02"));
  ASSERT_EQ(published.status, 303) << published.body;
  const auto at = Clock::now();
  for (std::size_t node : {0u, 1u, 2u}) {
    EXPECT_TRUE(shows_within(node, topic_page, "Quorum of three nodes", at, std::chrono::milliseconds(1000)))
        << "node " << char('A' + node) << " still serves the old topic page 1 s after the publish";
    EXPECT_EQ(request(port(node), "GET", "/en/topics/security/quorum-of-three-nodes/").status, 200) << node;
  }
}

TEST_F(MultiNode, SessionFromAWorksOnBAndSigningOutOnBEndsItOnA) {
  ASSERT_EQ(nodes_.size(), 3u);
  std::string session = sign_in(0);
  ASSERT_FALSE(session.empty());
  EXPECT_EQ(request(port(1), "GET", "/admin/").status, 303);  // no cookie: to the sign-in form
  HttpReply on_b = request(port(1), "GET", "/admin/", session);
  ASSERT_EQ(on_b.status, 200) << "the session made on A is unknown to B";
  std::string token = csrf_in(on_b.body);
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(request(port(2), "GET", "/admin/", session).status, 200);

  EXPECT_EQ(request(port(1), "POST", "/admin/logout", session, "_csrf=" + token).status, 303);
  HttpReply on_a = request(port(0), "GET", "/admin/", session);
  EXPECT_EQ(on_a.status, 303);
  EXPECT_EQ(on_a.header("Location"), "/admin/login");
}

// "Exactly once" is read from the nodes' logs: each node's publisher logs the commentaries its pass
// published, and the three logs together must name one.
TEST_F(MultiNode, ScheduledCommentaryIsPublishedOnceWithAllNodesRunning) {
  ASSERT_EQ(nodes_.size(), 3u);
  std::string session = sign_in(0);
  ASSERT_FALSE(session.empty());
  std::string token = csrf(0, session);
  const std::string title = "Due+on+time";
  HttpReply saved = request(port(0), "POST", "/admin/commentaries/new", session,
                            commentary_form(token, "save", title, "2024-W03"));
  ASSERT_EQ(saved.status, 303) << saved.body;
  std::string edit = saved.header("Location");
  edit = edit.substr(0, edit.find('?'));

  // Due three seconds from now, to the second, written in the site's time zone as the editor's
  // field takes it: the demo site's Europe/Minsk is UTC+3 all year (no DST since 2011).
  const auto due = std::chrono::system_clock::now() + std::chrono::seconds(3);
  constexpr std::time_t kMinskOffset = 3 * 3600;
  std::time_t due_t = std::chrono::system_clock::to_time_t(due) + 1 + kMinskOffset;  // rounded up to a second
  std::tm tm{};
  ::gmtime_r(&due_t, &tm);
  char at[32];
  std::strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string before_logs[3];
  for (std::size_t node : {0u, 1u, 2u}) before_logs[node] = nodes_[node]->output();
  HttpReply scheduled = request(port(0), "POST", edit, session,
                                commentary_form(token, "schedule", title, "2024-W03") + "&schedule_at=" +
                                    std::string(at).replace(13, 1, "%3A").replace(18, 1, "%3A"));
  ASSERT_EQ(scheduled.status, 303) << scheduled.body;
  const std::string page = "/en/topics/security/due-on-time/";
  EXPECT_EQ(request(port(1), "GET", page).status, 404) << "published before its time";

  // The publishers pass every second; the caches follow within ~100 ms.
  const auto due_steady = Clock::now() + (std::chrono::system_clock::from_time_t(due_t) - std::chrono::system_clock::now());
  for (std::size_t node : {0u, 1u, 2u})
    EXPECT_TRUE(shows_within(node, "/en/topics/security/", "Due on time", due_steady, std::chrono::milliseconds(2500)))
        << "node " << char('A' + node) << " does not show the scheduled commentary 2.5 s after its time";
  for (std::size_t node : {0u, 1u, 2u}) EXPECT_EQ(request(port(node), "GET", page).status, 200) << node;

  // Every publisher has made at least two more passes: still one publication.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  int published = 0;
  std::string logs;
  for (std::size_t node : {0u, 1u, 2u}) {
    std::string fresh = nodes_[node]->output().substr(before_logs[node].size());
    logs += fresh;
    for (auto pos = fresh.find("published 1 scheduled"); pos != std::string::npos;
         pos = fresh.find("published 1 scheduled", pos + 1))
      ++published;
    EXPECT_EQ(fresh.find("scheduled publishing:"), std::string::npos) << fresh;  // no failed pass
  }
  EXPECT_EQ(published, 1) << logs;
}

}  // namespace
}  // namespace barometer
