// `barometer unsubscribe-mail` as an MTA runs it: one message piped into the real binary's stdin.
// A valid token in the Subject -> 0 and the subscriber unsubscribed (consent recorded as "mailto");
// again -> 0; garbage, a forged or foreign token, no Subject, an oversized message -> 65 and
// nothing changed; a missing database or a broken site.toml -> 75 (the MTA retries).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "app/app.hpp"
#include "app/database.hpp"
#include "app/unsubscribe_mail.hpp"
#include "cli/mail_pipe.hpp"
#include "config/config.hpp"
#include "domain/clock.hpp"
#include "services/newsletter/newsletter_tokens.hpp"
#include "services/newsletter/subscriptions.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

namespace fs = std::filesystem;
using testing::pipe_into_barometer;

EnvLookup no_env() {
  return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

// A site made by `barometer init` with one confirmed subscriber, and that subscriber's tokens made
// with the site's own secret (in this process, through the same store the binary opens).
struct Site {
  testing::TempDir dir;
  std::string data = dir.file("site");
  Config config;
  std::unique_ptr<Database> db;
  NewsletterStore* store = nullptr;
  SystemClock clock;
  std::unique_ptr<newsletter::Subscriptions> subs;
  Subscriber reader;

  Site() {
    // In-process (what `barometer init` does): only the unsubscribe-mail runs pay for a process.
    auto made_site = init_site(data, {});
    EXPECT_TRUE(made_site.ok()) << made_site.error().message;
    auto c = load_config_from_dir(data, no_env());
    EXPECT_TRUE(c.ok());
    config = *c;
    auto opened = open_database(config);
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    db = std::move(*opened);
    store = &db->subscribers();
    newsletter::SubscriptionOptions options;
    options.base_url = "https://monitor.example";
    options.unsubscribe_mailbox = "unsubscribe@monitor.example";
    auto made = newsletter::Subscriptions::create(
        *store, clock, [](const newsletter::ConfirmationMail&) -> Result<std::string> { return std::string("x"); },
        options);
    EXPECT_TRUE(made.ok()) << made.error().message;
    subs = std::move(*made);
    reader = add("reader@example.org");
  }

  Subscriber add(const std::string& email) {
    Subscriber s;
    s.email = email;
    s.lang = "en";
    s.status = SubscriberStatus::confirmed;
    s.created_at = clock.now();
    s.confirmed_at = clock.now();
    s.manage_nonce = newsletter::random_nonce();
    auto id = store->add_subscriber(s);
    EXPECT_TRUE(id.ok()) << id.error().message;
    s.id = *id;
    return s;
  }

  SubscriberStatus status(Id id) {
    auto s = store->get_subscriber(id);
    EXPECT_TRUE(s.ok());
    return s ? s->status : SubscriberStatus::bounced;
  }

  std::pair<int, std::string> pipe(const std::string& message) {
    return pipe_into_barometer(dir.path(), message, {"unsubscribe-mail", "--data", data});
  }
};

std::string mail_with_subject(const std::string& subject) {
  return "Return-Path: <reader@example.org>\r\nFrom: Reader <reader@example.org>\r\n"
         "To: unsubscribe@monitor.example\r\nSubject: " +
         subject + "\r\nDate: Fri, 27 Nov 2026 17:00:00 +0000\r\nMessage-ID: <1@example.org>\r\n\r\nThis message "
                   "was sent automatically to unsubscribe.\r\n";
}

TEST(UnsubscribeMailCli, AValidTokenUnsubscribesOnceAndAgainIsFine) {
  Site site;
  const std::string mailto = site.subs->unsubscribe_mailto(site.reader);
  ASSERT_EQ(mailto.rfind("unsubscribe@monitor.example?subject=unsubscribe%20m.", 0), 0u) << mailto;
  const std::string token = site.subs->manage_token(site.reader);
  EXPECT_EQ(mailto, "unsubscribe@monitor.example?subject=unsubscribe%20" + token);

  auto [code, out] = site.pipe(mail_with_subject("unsubscribe " + token));
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("unsubscribed"), std::string::npos) << out;
  EXPECT_EQ(site.status(site.reader.id), SubscriberStatus::unsubscribed);
  auto events = site.store->consent_events(site.reader.id);
  ASSERT_TRUE(events.ok());
  ASSERT_FALSE(events->empty());
  EXPECT_EQ(events->back().action, ConsentAction::unsubscribe);
  EXPECT_EQ(events->back().source, "mailto");
  EXPECT_EQ(events->back().ip_hash, "");

  // The MTA delivers twice (a retry after a lost reply): still 0, nothing more recorded.
  auto [again, out2] = site.pipe(mail_with_subject("Re: unsubscribe " + token));
  EXPECT_EQ(again, 0) << out2;
  EXPECT_NE(out2.find("already"), std::string::npos) << out2;
  auto after = site.store->consent_events(site.reader.id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->size(), events->size());
}

TEST(UnsubscribeMailCli, BadMessagesAreRefusedWith65AndChangeNothing) {
  Site site;
  const std::string token = site.subs->manage_token(site.reader);
  std::string forged = token;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';  // the MAC no longer matches
  // Another subscriber's token with this one's id: the signature covers the id.
  Subscriber other = site.add("other@example.org");
  std::string swapped = site.subs->manage_token(other);
  swapped.replace(2, std::to_string(other.id).size(), std::to_string(site.reader.id));
  newsletter::TokenSigner stranger(std::string(32, 'k'));  // another site's secret
  const std::string foreign = stranger.sign({newsletter::TokenPurpose::manage, site.reader.id, 0, site.reader.manage_nonce});

  // (Subjects without a token in every shape are tests/app/unsubscribe_mail_test.cpp's, in-process.)
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"garbage", "\x01\x02 not a mail at all \xff\xfe"},
      {"no subject", "From: <reader@example.org>\r\nTo: <unsubscribe@monitor.example>\r\n\r\nunsubscribe " + token + "\r\n"},
      {"forged", mail_with_subject("unsubscribe " + forged)},
      {"swapped id", mail_with_subject("unsubscribe " + swapped)},
      {"another site's", mail_with_subject("unsubscribe " + foreign)},
      {"oversize", mail_with_subject("unsubscribe " + token) + std::string(kMaxUnsubscribeMailBytes, 'x') + "\r\n"},
  };
  for (const auto& [name, message] : cases) {
    auto [code, out] = site.pipe(message);
    EXPECT_EQ(code, 65) << name << ": " << out;
    // One line for the bounce, naming the reason.
    EXPECT_EQ(out.rfind("barometer: ", 0), 0u) << name << ": " << out;
    EXPECT_EQ(out.find('\n'), out.size() - 1) << name << ": " << out;
  }
  EXPECT_EQ(site.status(site.reader.id), SubscriberStatus::confirmed);
  EXPECT_EQ(site.status(other.id), SubscriberStatus::confirmed);

  // A token of an earlier subscription (the reader left and came back: new nonce) is dead too.
  Subscriber back = site.reader;
  back.manage_nonce = newsletter::random_nonce();
  ASSERT_TRUE(site.store->update_subscriber(back).ok());
  auto [code, out] = site.pipe(mail_with_subject("unsubscribe " + token));
  EXPECT_EQ(code, 65) << out;
  EXPECT_EQ(site.status(site.reader.id), SubscriberStatus::confirmed);
}

TEST(UnsubscribeMailCli, HostileSubjectsDoNotCrash) {
  Site site;
  // Lines in the spirit of the Big List of Naughty Strings: format strings, RTL and zero-width
  // characters, a NUL, huge numbers, an injected header, encoded-words with bad charsets.
  // (The parser's answer to many more is tests/app/unsubscribe_mail_test.cpp's, in-process.)
  const std::vector<std::string> subjects = {
      "unsubscribe %s%s%s%n%n \xe2\x80\xae\xe2\x80\x8b =?x-unknown?B?////?= =?utf-8?Q?=FF=FE?=",
      "unsubscribe m.99999999999999999999999.-1.a.b\r\nBcc: victim@example.org",
      std::string("unsubscribe m.1.0.a\0b.c ../../etc/passwd '; DROP TABLE subscribers; --", 70),
  };
  for (const auto& s : subjects) {
    auto [code, out] = site.pipe(mail_with_subject(s));
    EXPECT_EQ(code, 65) << s << ": " << out;
  }
  EXPECT_EQ(site.status(site.reader.id), SubscriberStatus::confirmed);
}

TEST(UnsubscribeMailCli, NoDatabaseOrBrokenConfigurationIsTemporary) {
  Site site;
  const std::string message = mail_with_subject("unsubscribe " + site.subs->manage_token(site.reader));
  const std::string empty = site.dir.file("nowhere");
  auto [code, out] = pipe_into_barometer(site.dir.path(), message, {"unsubscribe-mail", "--data", empty});
  EXPECT_EQ(code, 75) << out;
  EXPECT_FALSE(fs::exists(fs::path(empty) / "barometer.db")) << "a wrong --data must not create a site";

  std::ofstream(fs::path(site.data) / "site.toml", std::ios::app) << "\nno_such_setting = 1\n";
  auto [broken, out2] = site.pipe(message);
  EXPECT_EQ(broken, 75) << out2;
  EXPECT_EQ(site.status(site.reader.id), SubscriberStatus::confirmed);
}

TEST(UnsubscribeMailCli, HelpNamesTheExitCodes) {
  auto [code, out] = testing::run_barometer({"unsubscribe-mail", "--help"});
  EXPECT_EQ(code, 0) << out;
  for (const char* word : {"Subject", "unsubscribe TOKEN", "65", "75", "--data", "Postfix"})
    EXPECT_NE(out.find(word), std::string::npos) << word << "\n" << out;
}

}  // namespace
}  // namespace barometer
