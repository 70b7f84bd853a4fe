// Subscriptions and OutboxSender over a real SQLite NewsletterStore, with a pinned clock and a
// recording composer/transport: double opt-in, token rules, limits, consent, retries.
#include <gtest/gtest.h>

#include <deque>
#include <thread>

#include "services/newsletter/outbox_sender.hpp"
#include "services/newsletter/subscriptions.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "support/temp_dir.hpp"

namespace barometer::newsletter {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

// The token of a link: the path's last segment ("https://host/confirm/{token}").
std::string token_after(const std::string& url) {
  auto at = url.rfind('/');
  return at == std::string::npos ? "" : url.substr(at + 1);
}

class SubscriptionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = open_sqlite_database({.path = dir_.file("n.db")});
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    store_ = &db_->subscribers();
    make(options());
  }
  SubscriptionOptions options() {
    SubscriptionOptions o;
    o.base_url = "https://monitor.example/";
    o.unsubscribe_mailbox = "unsubscribe@monitor.example";
    return o;
  }
  void make(SubscriptionOptions o) {
    auto made = Subscriptions::create(*store_, clock_, [this](const ConfirmationMail& m) -> Result<std::string> {
      mails_.push_back(m);
      return std::string("To: ") + m.to + "\r\n\r\n" + m.confirm_url + "\r\n";
    }, std::move(o));
    ASSERT_TRUE(made.ok()) << made.error().message;
    service_ = std::move(*made);
  }
  SubscribeRequest request(const std::string& email, const std::string& ip = "192.0.2.7") {
    return {email, "be", {2}, "form:/be/", ip};
  }
  SubscribeOutcome subscribe(const std::string& email, const std::string& ip = "192.0.2.7") {
    auto r = service_->subscribe(request(email, ip));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : SubscribeOutcome::rate_limited;
  }

  testing::TempDir dir_;
  FixedClock clock_{from_unix(1'750'000'000)};
  std::unique_ptr<Database> db_;
  NewsletterStore* store_ = nullptr;  // db_->subscribers()
  std::unique_ptr<Subscriptions> service_;
  std::vector<ConfirmationMail> mails_;
};

TEST_F(SubscriptionsTest, DoubleOptInConfirmsOnceWithTheMailedToken) {
  EXPECT_EQ(subscribe("Reader@Пример.com"), SubscribeOutcome::queued);
  ASSERT_EQ(mails_.size(), 1u);
  EXPECT_EQ(mails_[0].to, "reader@xn--e1afmkfd.com");
  EXPECT_EQ(mails_[0].display_to, "reader@пример.com");
  EXPECT_EQ(mails_[0].confirm_url.rfind("https://monitor.example/confirm/c.", 0), 0u);
  EXPECT_EQ(mails_[0].preferences_url.rfind("https://monitor.example/preferences/m.", 0), 0u);
  EXPECT_EQ(mails_[0].unsubscribe_url.rfind("https://monitor.example/unsubscribe/m.", 0), 0u);
  EXPECT_NE(mails_[0].list_unsubscribe.find("<https://monitor.example/unsubscribe/m."), std::string::npos);
  EXPECT_NE(mails_[0].list_unsubscribe.find("<mailto:unsubscribe@monitor.example"), std::string::npos);
  EXPECT_EQ(store_->list_mail(OutboxState::queued)->size(), 1u);

  const std::string token = token_after(mails_[0].confirm_url);
  auto checked = service_->check_confirm(token);
  ASSERT_TRUE(checked.ok()) << checked.error().message;
  EXPECT_EQ(checked->status, SubscriberStatus::pending);  // checking changes nothing
  auto confirmed = service_->confirm(token, "page", "192.0.2.8");
  ASSERT_TRUE(confirmed.ok()) << confirmed.error().message;
  EXPECT_EQ(confirmed->status, SubscriberStatus::confirmed);
  EXPECT_EQ(confirmed->topic_ids, (std::vector<Id>{2}));
  auto again = service_->confirm(token, "page", "192.0.2.8");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.code(), ErrorCode::not_found);
  // Confirmed: subscribing again sends nothing and changes nothing.
  EXPECT_EQ(subscribe("reader@xn--e1afmkfd.com"), SubscribeOutcome::already_confirmed);
  EXPECT_EQ(mails_.size(), 1u);
}

TEST_F(SubscriptionsTest, ForgedAlteredExpiredAndWrongPurposeTokensAreRefused) {
  subscribe("a@example.org");
  const std::string token = token_after(mails_[0].confirm_url);
  std::string altered = token;
  altered[2] = altered[2] == '9' ? '8' : '9';  // another subscriber id, same MAC
  EXPECT_EQ(service_->check_confirm(altered).code(), ErrorCode::invalid);
  EXPECT_EQ(service_->check_confirm(token.substr(0, token.size() - 2)).code(), ErrorCode::invalid);
  EXPECT_EQ(service_->check_confirm("").code(), ErrorCode::invalid);
  EXPECT_EQ(service_->check_confirm("c.1.0.AAAA.AAAA").code(), ErrorCode::invalid);
  EXPECT_EQ(service_->check_confirm(std::string(5000, '.')).code(), ErrorCode::invalid);
  EXPECT_EQ(service_->check_manage(token).code(), ErrorCode::invalid);  // a confirm token is not a manage token
  EXPECT_EQ(service_->check_confirm(token_after(mails_[0].unsubscribe_url)).code(), ErrorCode::invalid);
  clock_.set(clock_.now() + hours(24 * 7) + seconds(1));
  EXPECT_EQ(service_->confirm(token, "page", "").code(), ErrorCode::conflict);
  // A token signed with another site's secret is forged.
  testing::TempDir other_dir;
  auto other_db = open_sqlite_database({.path = other_dir.file("o.db")});
  ASSERT_TRUE(other_db.ok());
  auto other = Subscriptions::create((*other_db)->subscribers(), clock_, plain_confirmation_composer("x@y.example"), options());
  ASSERT_TRUE(other.ok());
  auto s = store_->find_subscriber("a@example.org");
  EXPECT_EQ(service_->check_manage((*other)->manage_token(*s)).code(), ErrorCode::invalid);
  EXPECT_TRUE(service_->check_manage(service_->manage_token(*s)).ok());
}

TEST_F(SubscriptionsTest, TheSameAddressGetsAtMostTheConfiguredConfirmationMails) {
  for (int i = 0; i < 100; ++i) {
    // Each post from another IP, so only the per-address limit applies.
    auto outcome = subscribe("victim@example.org", "198.51.100." + std::to_string(i));
    EXPECT_EQ(outcome, i < 3 ? SubscribeOutcome::queued : SubscribeOutcome::address_limited) << i;
  }
  EXPECT_EQ(mails_.size(), 3u);
  EXPECT_EQ(store_->list_mail(OutboxState::queued)->size(), 3u);
  // All three carry a working link: a pending subscriber keeps its nonce.
  for (const auto& m : mails_) EXPECT_TRUE(service_->check_confirm(token_after(m.confirm_url)).ok());
  clock_.set(clock_.now() + hours(24) + seconds(1));
  EXPECT_EQ(subscribe("victim@example.org", "203.0.113.1"), SubscribeOutcome::queued);
}

TEST_F(SubscriptionsTest, OneIpIsLimitedAcrossAddresses) {
  for (int i = 0; i < 10; ++i) EXPECT_EQ(subscribe("p" + std::to_string(i) + "@example.org"), SubscribeOutcome::queued);
  EXPECT_EQ(subscribe("p10@example.org"), SubscribeOutcome::rate_limited);
  EXPECT_EQ(store_->find_subscriber("p10@example.org").code(), ErrorCode::not_found);  // nothing changed
  EXPECT_EQ(subscribe("p10@example.org", "192.0.2.99"), SubscribeOutcome::queued);
  clock_.set(clock_.now() + hours(1) + seconds(1));
  EXPECT_EQ(subscribe("p11@example.org"), SubscribeOutcome::queued);
}

TEST_F(SubscriptionsTest, OutboxBoundStopsQueueing) {
  auto o = options();
  o.max_queued = 2;
  make(o);
  EXPECT_EQ(subscribe("a@example.org", "192.0.2.1"), SubscribeOutcome::queued);
  EXPECT_EQ(subscribe("b@example.org", "192.0.2.2"), SubscribeOutcome::queued);
  EXPECT_EQ(subscribe("c@example.org", "192.0.2.3"), SubscribeOutcome::outbox_full);
  EXPECT_EQ(store_->list_mail(OutboxState::queued)->size(), 2u);
}

TEST_F(SubscriptionsTest, MalformedAddressIsInvalid) {
  auto r = service_->subscribe(request("not an address"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::invalid);
  EXPECT_TRUE(mails_.empty());
}

TEST_F(SubscriptionsTest, UnsubscribeResubscribeAndConsentTrailWithHashedIps) {
  subscribe("a@example.org", "192.0.2.7");
  ASSERT_TRUE(service_->confirm(token_after(mails_[0].confirm_url), "page", "192.0.2.7").ok());
  const std::string old_manage = token_after(mails_[0].unsubscribe_url);
  auto prefs = service_->update_preferences(old_manage, "ru", {1, 3}, "192.0.2.7");
  ASSERT_TRUE(prefs.ok()) << prefs.error().message;
  EXPECT_EQ(prefs->lang, "ru");
  auto left = service_->unsubscribe(old_manage, "one-click", "");
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(left->status, SubscriberStatus::unsubscribed);
  EXPECT_TRUE(service_->unsubscribe(old_manage, "one-click", "").ok());  // idempotent

  EXPECT_EQ(subscribe("a@example.org", "192.0.2.7"), SubscribeOutcome::queued);
  auto back = store_->find_subscriber("a@example.org");
  EXPECT_EQ(back->status, SubscriberStatus::pending);
  EXPECT_EQ(service_->check_manage(old_manage).code(), ErrorCode::not_found);  // rotated
  ASSERT_TRUE(service_->confirm(token_after(mails_[1].confirm_url), "page", "192.0.2.7").ok());
  EXPECT_EQ(store_->find_subscriber("a@example.org")->status, SubscriberStatus::confirmed);

  auto events = store_->consent_events(back->id);
  ASSERT_TRUE(events.ok());
  std::vector<ConsentAction> actions;
  for (const auto& e : *events) {
    actions.push_back(e.action);
    EXPECT_EQ(e.ip_hash.find("192.0.2"), std::string::npos);
    if (e.action == ConsentAction::subscribe) {
      EXPECT_EQ(e.ip_hash.size(), 32u);
    }
  }
  EXPECT_EQ(actions, (std::vector<ConsentAction>{ConsentAction::subscribe, ConsentAction::confirm,
                                                 ConsentAction::preferences, ConsentAction::unsubscribe,
                                                 ConsentAction::subscribe, ConsentAction::confirm}));
  EXPECT_EQ((*events)[0].ip_hash, (*events)[1].ip_hash);  // same IP, same keyed hash
  EXPECT_EQ((*events)[3].ip_hash, "");                    // a provider's one-click POST: no IP
}

TEST_F(SubscriptionsTest, UnsubscribingCancelsAnOutstandingConfirmation) {
  subscribe("a@example.org");
  ASSERT_TRUE(service_->unsubscribe(token_after(mails_[0].unsubscribe_url), "page", "").ok());
  EXPECT_EQ(service_->confirm(token_after(mails_[0].confirm_url), "page", "").code(), ErrorCode::not_found);
}

TEST(PlainComposer, CarriesOneClickHeaders) {
  ConfirmationMail m;
  m.to = "a@example.org";
  m.display_to = "a@example.org";
  m.confirm_url = "https://x.example/confirm/c.1";
  m.unsubscribe_url = "https://x.example/unsubscribe/m.1";
  m.list_unsubscribe = "<https://x.example/unsubscribe/m.1>, <mailto:u@x.example>";
  auto text = plain_confirmation_composer("Monitor <news@x.example>")(m);
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("\r\nList-Unsubscribe: <https://x.example/unsubscribe/m.1>, <mailto:u@x.example>\r\n"),
            std::string::npos);
  EXPECT_NE(text->find("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), std::string::npos);
  EXPECT_NE(text->find("@x.example>\r\n"), std::string::npos);  // Message-ID in the sender's domain
  EXPECT_NE(text->find(m.confirm_url), std::string::npos);
}

// --- OutboxSender

class FakeTransport final : public mail::MailTransport {
 public:
  std::deque<mail::Outcome> script;  // outcomes to return in order; accepted when empty
  std::vector<std::pair<mail::Envelope, std::string>> seen;
  mail::SendResult send(const mail::Envelope& envelope, const std::string& message) override {
    seen.emplace_back(envelope, message);
    mail::Outcome o = mail::Outcome::accepted;
    if (!script.empty()) {
      o = script.front();
      script.pop_front();
    }
    return {o, o == mail::Outcome::accepted ? 250 : o == mail::Outcome::permanent ? 550 : 451, "reply"};
  }
};

class OutboxSenderTest : public SubscriptionsTest {
 protected:
  OutboxSenderOptions sender_options() {
    OutboxSenderOptions o;
    o.envelope_from = "bounces@monitor.example";
    o.retry_delay = seconds(60);
    o.max_attempts = 3;
    return o;
  }
  FakeTransport transport_;
};

TEST_F(OutboxSenderTest, SendsRetriesWithBackoffAndGivesUp) {
  subscribe("a@example.org", "192.0.2.1");
  subscribe("b@example.org", "192.0.2.2");
  subscribe("c@example.org", "192.0.2.3");
  transport_.script = {mail::Outcome::accepted, mail::Outcome::transient, mail::Outcome::permanent};
  OutboxSender sender(*store_, transport_, clock_, sender_options());
  auto run = sender.run_once();
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->sent, 1);
  EXPECT_EQ(run->retried, 1);
  EXPECT_EQ(run->failed, 1);
  ASSERT_EQ(transport_.seen.size(), 3u);
  EXPECT_EQ(transport_.seen[0].first.from, "bounces@monitor.example");
  EXPECT_EQ(transport_.seen[0].first.recipients, (std::vector<std::string>{"a@example.org"}));
  EXPECT_EQ(store_->list_mail(OutboxState::sent)->size(), 1u);
  EXPECT_EQ(store_->list_mail(OutboxState::failed)->size(), 1u);

  // The retry waits for its backoff (60 s after the first attempt, then 120 s).
  auto idle = sender.run_once();
  ASSERT_TRUE(idle.ok());
  EXPECT_EQ(idle->sent + idle->retried + idle->failed, 0);
  EXPECT_EQ(transport_.seen.size(), 3u);
  clock_.set(clock_.now() + seconds(61));
  transport_.script = {mail::Outcome::uncertain};
  EXPECT_EQ(sender.run_once()->retried, 1);
  clock_.set(clock_.now() + seconds(61));
  EXPECT_EQ(sender.run_once()->sent, 0);  // 61 s < 120 s
  clock_.set(clock_.now() + seconds(60));
  transport_.script = {mail::Outcome::transient};
  EXPECT_EQ(sender.run_once()->failed, 1);  // third attempt was the last
  EXPECT_EQ(store_->list_mail(OutboxState::failed)->size(), 2u);
  EXPECT_TRUE(store_->list_mail(OutboxState::queued)->empty());
}

TEST_F(OutboxSenderTest, BackgroundLoopDrainsTheOutbox) {
  subscribe("a@example.org");
  OutboxSender sender(*store_, transport_, clock_, sender_options());
  sender.start();
  for (int i = 0; i < 200 && store_->list_mail(OutboxState::sent)->empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  sender.stop();
  EXPECT_EQ(store_->list_mail(OutboxState::sent)->size(), 1u);
}

}  // namespace
}  // namespace barometer::newsletter
