// The newsletter through the real `barometer` binary (issue #4): the demo site served with mail
// going to DATA_DIR/maildir (no SMTP relay). Subscribe with the home page's form -> the MIME
// confirmation lands in maildir/new, in the chosen language, with a /confirm/{token} link and an
// RFC 8058 List-Unsubscribe -> GET /confirm/{token} confirms nothing, POST confirms -> the week's
// digest is marked ready in the ledger -> serve's DigestAutoSender delivers it into the Maildir
// with the subscriber's /unsubscribe/{token} link, which then unsubscribes with one POST.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "app/database.hpp"
#include "app/digest_delivery.hpp"
#include "config/config.hpp"
#include "domain/clock.hpp"
#include "support/http_client.hpp"
#include "support/python_tool.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

namespace fs = std::filesystem;

// The files in maildir/new, by name.
std::set<std::string> mails_in(const fs::path& maildir) {
  std::set<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(maildir / "new", ec)) out.insert(e.path().string());
  return out;
}

// Waits (up to `seconds`) for a message in maildir/new that is not in `seen`; "" when none came.
std::string wait_for_new_mail(const fs::path& maildir, const std::set<std::string>& seen, int seconds) {
  for (int i = 0; i < seconds * 10; ++i) {
    for (const auto& f : mails_in(maildir))
      if (!seen.count(f)) return f;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return "";
}

// Python's email package reads the message as a mail client would: the decoded List-Unsubscribe
// header, List-Unsubscribe-Post, Content-Language-free text of the text/plain part.
std::string decoded(const testing::TempDir& dir, const std::string& file) {
  const std::string script = dir.file("decode.py");
  std::ofstream(script) << "import sys, email, email.policy\n"
                           "m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)\n"
                           "print('LIST-UNSUBSCRIBE:', str(m['List-Unsubscribe']).replace('\\n', ''))\n"
                           "print('LIST-UNSUBSCRIBE-POST:', m['List-Unsubscribe-Post'])\n"
                           "print('SUBJECT:', m['Subject'])\n"
                           "print(m.get_body(('plain',)).get_content())\n";
  auto [status, out] = testing::run_python(script, {file});
  EXPECT_EQ(status, 0) << out;
  return out;
}

// The token after `path` + "/" in `text` ("" when absent).
std::string token_after(const std::string& text, const std::string& path) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(path + "/([A-Za-z0-9_.-]+)"))) return "";
  return m[1];
}

TEST(NewsletterServe, SubscribeConfirmAndTheDigestLandInTheMaildir) {
  testing::TempDir dir;
  const std::string data = dir.file("site");
  testing::ServerProcess server({"demo", "--data", data}, 300,
                                {"BAROMETER_ACCESS_LOG=off", "BAROMETER_SEND_POLL_SECONDS=1",
                                 "BAROMETER_BASE_URL=https://monitor.example"});  // RFC 8058 wants https
  const fs::path maildir = fs::path(data) / "maildir";
  const int port = server.port();
  auto request = [&](const std::string& method, const std::string& target, const std::string& body = "") {
    testing::HttpConnection c("127.0.0.1", port);
    std::vector<std::pair<std::string, std::string>> headers = {{"Accept-Language", "en"}};
    if (!body.empty()) headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    return c.request(method, target, headers, body);
  };

  // The home page's form posts to /subscribe.
  auto home = request("GET", "/be/");
  ASSERT_EQ(home.status, 200);
  ASSERT_NE(home.body.find("action=\"/subscribe\""), std::string::npos);
  std::smatch week;
  ASSERT_TRUE(std::regex_search(home.body, week, std::regex("href=\"/be/(\\d{4}-W\\d{2})/\"")));
  const std::string period = week[1];

  const auto before = mails_in(maildir);
  auto posted = request("POST", "/subscribe", "email=reader%40example.org&lang=be");
  ASSERT_EQ(posted.status, 200) << posted.body;
  const std::string confirmation_file = wait_for_new_mail(maildir, before, 20);
  ASSERT_FALSE(confirmation_file.empty()) << "no confirmation in " << maildir << "\n" << server.output();
  const std::string confirmation = decoded(dir, confirmation_file);
  EXPECT_NE(confirmation.find("SUBJECT: Пацвердзіце падпіску"), std::string::npos) << confirmation;
  EXPECT_NE(confirmation.find("LIST-UNSUBSCRIBE-POST: List-Unsubscribe=One-Click"), std::string::npos) << confirmation;
  EXPECT_NE(confirmation.find("LIST-UNSUBSCRIBE: <https://monitor.example/unsubscribe/m."), std::string::npos) << confirmation;
  EXPECT_NE(confirmation.find("https://monitor.example/confirm/c."), std::string::npos) << confirmation;
  const std::string token = token_after(confirmation, "/confirm");
  ASSERT_FALSE(token.empty()) << confirmation;

  auto shown = request("GET", "/confirm/" + token);  // a mail scanner
  ASSERT_EQ(shown.status, 200);
  EXPECT_NE(shown.body.find("action=\"/confirm/" + token + "\""), std::string::npos);
  ASSERT_EQ(request("POST", "/confirm/" + token).status, 200);
  EXPECT_EQ(request("POST", "/confirm/" + token).status, 410);  // single use

  // An editor marks the week's Belarusian digest ready; serve's autosender delivers it.
  auto config = load_config_from_dir(data, [](const std::string&) -> std::optional<std::string> { return {}; });
  ASSERT_TRUE(config.ok()) << config.error().message;
  auto ledger_db = open_database(*config);
  ASSERT_TRUE(ledger_db.ok()) << ledger_db.error().message;
  auto* ledger = &(*ledger_db)->deliveries();
  auto digest = ledger->ensure_digest(period, "be", new_digest_token(), SystemClock().now());
  ASSERT_TRUE(digest.ok()) << digest.error().message;
  const auto seen = mails_in(maildir);
  ASSERT_TRUE(ledger->mark_ready(digest->id, SystemClock().now()).ok());
  const std::string digest_file = wait_for_new_mail(maildir, seen, 30);
  ASSERT_FALSE(digest_file.empty()) << "no digest in " << maildir << "\n" << server.output();
  const std::string text = decoded(dir, digest_file);
  EXPECT_NE(text.find("LIST-UNSUBSCRIBE-POST: List-Unsubscribe=One-Click"), std::string::npos) << text;
  const std::string manage = token_after(text, "/unsubscribe");
  ASSERT_FALSE(manage.empty()) << text;
  EXPECT_EQ(token_after(text, "/preferences"), manage);
  // One digest only: the recipient is the one confirmed subscriber.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(mails_in(maildir).size(), seen.size() + 1);

  // RFC 8058 one-click from the digest's header.
  testing::HttpConnection c("127.0.0.1", port);
  auto left = c.request("POST", "/unsubscribe/" + manage, {{"Content-Type", "application/x-www-form-urlencoded"}},
                        "List-Unsubscribe=One-Click");
  EXPECT_EQ(left.status, 200);
  EXPECT_NE(left.body.find("lang=\"be\""), std::string::npos);
  EXPECT_EQ(server.terminate(), 0);
}

}  // namespace
}  // namespace barometer
