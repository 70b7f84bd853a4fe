// Automatic sending end to end on the demo site: a digest marked ready is composed (real
// templates, MIME), delivered into the Maildir (no relay configured) once per confirmed subscriber
// of its language with the ledger's Message-ID, and marked done; a digest that cannot be built
// stays ready and is reported.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/app.hpp"
#include "app/digest_autosend.hpp"
#include "app/digest_delivery.hpp"
#include "app/database.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::vector<std::string> maildir_messages(const std::string& dir) {
  std::vector<std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    out.push_back(s.str());
  }
  return out;
}

TEST(DigestAutoSendTest, SendsAReadyDigestOncePerConfirmedSubscriberIntoTheMaildir) {
  TempDir dir;
  auto config = load_config_from_dir(dir.path().string(), [](const std::string&) -> std::optional<std::string> {
    return std::nullopt;
  });
  ASSERT_TRUE(config.ok()) << config.error().message;
  ASSERT_TRUE(ensure_demo_site(*config).ok());
  auto db = open_database(*config);
  ASSERT_TRUE(db.ok()) << db.error().message;
  NewsletterStore* subscribers = &(*db)->subscribers();
  DeliveryStore* ledger = &(*db)->deliveries();

  auto add = [&](const std::string& email, const std::string& lang, SubscriberStatus status) {
    Subscriber s;
    s.email = email;
    s.lang = lang;
    s.status = status;
    s.created_at = from_unix(1'646'000'000);
    s.manage_nonce = "nonce-" + email;
    auto id = subscribers->add_subscriber(s);
    EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().message);
    return id.ok() ? *id : Id{0};
  };
  add("one@example.org", "en", SubscriberStatus::confirmed);
  add("two@example.org", "en", SubscriberStatus::confirmed);
  add("waiting@example.org", "en", SubscriberStatus::pending);
  add("ru@example.org", "ru", SubscriberStatus::confirmed);

  auto digest = ledger->ensure_digest("2022-W09", "en", "abc123", from_unix(1'646'000'000));
  ASSERT_TRUE(digest.ok());
  auto empty_week = ledger->ensure_digest("2031-W01", "en", "def456", from_unix(1'646'000'000));
  ASSERT_TRUE(ledger->mark_ready(empty_week->id, from_unix(1'646'000'000)).ok());

  std::vector<std::string> errors;
  std::vector<DeliveryReport> reports;
  AutoSendOptions options;
  options.on_error = [&](const Error& e) { errors.push_back(e.message); };
  options.on_done = [&](const Digest&, const DeliveryReport& r) { reports.push_back(r); };
  DigestAutoSender autosend(*config, **db, options);

  // Not ready yet: nothing goes out.
  auto first = autosend.run_once();
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, 0);
  std::string maildir = (dir.path() / "maildir" / "new").string();
  EXPECT_TRUE(maildir_messages(maildir).empty());

  ASSERT_TRUE(ledger->mark_ready(digest->id, from_unix(1'646'000'100)).ok());
  auto second = autosend.run_once();
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(*second, 1);
  auto mails = maildir_messages(maildir);
  ASSERT_EQ(mails.size(), 2u);
  for (const auto& m : mails) {
    bool to_one = m.find("one@example.org") != std::string::npos;
    bool to_two = m.find("two@example.org") != std::string::npos;
    EXPECT_NE(to_one, to_two);
    EXPECT_NE(m.find("<abc123."), std::string::npos) << "the ledger's Message-ID";
    EXPECT_NE(m.find("List-Unsubscribe"), std::string::npos);
  }
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].sent, 2);
  EXPECT_EQ(ledger->get_digest(digest->id)->state, DigestState::done);

  // The week without commentaries stays ready and is reported; nothing is sent twice.
  EXPECT_EQ(ledger->get_digest(empty_week->id)->state, DigestState::ready);
  EXPECT_FALSE(errors.empty());
  EXPECT_EQ(*autosend.run_once(), 0);
  EXPECT_EQ(maildir_messages(maildir).size(), 2u);
}

}  // namespace
}  // namespace barometer
