// Issue 12: the page cache follows content, not commits. On both backends, a subscribe, a
// confirmation, a rate event, a sign-in (and a failed one), an audit line and a 1,000-message send
// — by this node or by another one sharing the database — leave a cached page cached (asserted on
// the cache's render count, PageCache::stats().stores), while a publish by the other node still
// refreshes this one, and this node's own publish refreshes it once, not a second time when the
// poll (SQLite) or the notification (PostgreSQL) reports that same commit later.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "services/staff/staff_service.hpp"
#include "storage/database.hpp"
#include "support/temp_dir.hpp"
#include "support/backend_fixture.hpp"
#include "web/page_cache.hpp"
#include "web/public_site.hpp"

namespace barometer::web {
namespace {

using namespace std::chrono_literals;

const Instant kNow = from_unix(1'646'600'000);  // 2022-03-06

class CacheFollowsContentTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    auto db = open_database();
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    auto other = open_database();  // a second node (or process) on the same database
    ASSERT_TRUE(other.ok()) << other.error().message;
    other_ = std::move(*other);
    Store& store = db_->content();
    Site site;
    site.name = {{"en", "Test Monitor"}};
    site.subject = {{"en", "Belarus"}};
    site.base_url = "http://test.example";
    site.languages = {{"en", "English", "en_GB"}};
    ASSERT_TRUE(store.save_site(site).ok());
    auto topic = store.add_topic({0, "security", 1, {{"en", {"Security issues", ""}}}});
    ASSERT_TRUE(topic.ok());
    topic_id_ = *topic;
    ASSERT_TRUE(publish(store, "2022-W09", "First week").ok());
    cache_ = std::make_shared<PageCache>();
    PublicSiteOptions options;
    options.theme_dir = (barometer::testing::source_dir() / "themes/default").string();
    options.cache = cache_;
    auto handler = make_public_site(store, options);
    ASSERT_TRUE(handler.ok()) << handler.error().message;
    site_ = std::move(*handler);
  }

  Result<Id> publish(Store& store, const std::string& week, const std::string& title) {
    Commentary c;
    c.topic_id = topic_id_;
    c.period = *Period::parse(week);
    c.assessment = Assessment::worse;
    c.status = CommentaryStatus::published;
    c.published_at = kNow;
    c.translations["en"] = {title, "Lead.", "Body.", "t-" + week.substr(6)};
    return store.add_commentary(c);
  }

  Response get(const std::string& path) {
    Request r;
    r.method = "GET";
    r.target = path;
    r.path = path;
    return site_->handle(r);
  }
  std::uint64_t renders() const { return cache_->stats().stores; }
  // Long enough for content_version()'s next look (it looks at most every 100 ms) and for a
  // PostgreSQL notification to arrive; then the page is asked for again.
  void settle_and_get() {
    std::this_thread::sleep_for(250ms);
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(get("/en/").status, 200);
      std::this_thread::sleep_for(60ms);
    }
  }
  // Asks for the page until it is rendered again (at most 10 s); whether it was.
  bool rerendered_since(std::uint64_t before) {
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
      get("/en/");
      if (renders() > before) return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

  // Non-content writes of every kind, through `db`.
  void write_everything_but_content(Database& db, const std::string& tag) {
    SCOPED_TRACE(tag);
    SystemClock clock;
    // A subscribe and its confirmation, and the per-IP rate event of the form.
    Subscriber s;
    s.email = "reader-" + tag + "@example.org";
    s.lang = "en";
    s.created_at = kNow;
    s.confirm_nonce = "n-" + tag;
    s.manage_nonce = "m-" + tag;
    auto id = db.subscribers().add_subscriber(s);
    ASSERT_TRUE(id.ok()) << id.error().message;
    settle_and_get();
    EXPECT_EQ(renders(), rendered_) << "a subscribe";
    auto confirmed = db.subscribers().confirm_subscriber(*id, "n-" + tag, kNow);
    ASSERT_TRUE(confirmed.ok() && *confirmed);
    ASSERT_TRUE(db.subscribers().record_rate_event("subscribe-ip:" + tag, kNow).ok());
    settle_and_get();
    EXPECT_EQ(renders(), rendered_) << "a confirmation and a rate event";
    // A staff account, a failed sign-in and a sign-in (sessions, throttling).
    staff::StaffService staff(db, clock);
    auto user = staff.add_user({"editor-" + tag + "@x.org", "Editor", "editor", "correct horse battery"});
    ASSERT_TRUE(user.ok()) << user.error().message;
    EXPECT_FALSE(staff.sign_in(user->email, "wrong password!", "192.0.2.1").signed_in);
    EXPECT_TRUE(staff.sign_in(user->email, "correct horse battery", "192.0.2.1").signed_in);
    AuditEntry line;
    line.at = kNow;
    line.user_name = "Editor";
    line.action = "session.sign_in";
    line.subject = "user:" + std::to_string(user->id);
    ASSERT_TRUE(db.history().add_audit(line).ok());
    settle_and_get();
    EXPECT_EQ(renders(), rendered_) << "sign-ins and an audit line";
  }

  // 1,000 confirmed subscribers (one transaction), a digest, and its send: every message
  // claimed and recorded in batches of 20, as the sender commits them.
  void send_a_thousand(Database& db) {
    ASSERT_TRUE(db.transact([&](Facets& tx) -> Status {
                    for (int i = 0; i < 1000; ++i) {
                      Subscriber s;
                      s.email = "many" + std::to_string(i) + "@example.org";
                      s.lang = "en";
                      s.status = SubscriberStatus::confirmed;
                      s.created_at = kNow;
                      s.manage_nonce = "m" + std::to_string(i);
                      if (auto id = tx.subscribers.add_subscriber(s); !id) return id.error();
                    }
                    return {};
                  }).ok());
    auto digest = db.deliveries().ensure_digest("2022-W09", "en", "tok", kNow);
    ASSERT_TRUE(digest.ok()) << digest.error().message;
    ASSERT_TRUE(db.deliveries().set_digest_state(digest->id, DigestState::sending, kNow).ok());
    auto queued = db.deliveries().enqueue(digest->id, "test.example", kNow);
    ASSERT_TRUE(queued.ok()) << queued.error().message;
    ASSERT_GE(*queued, 1000);
    int sent = 0;
    auto batch = db.deliveries().claim("sender", kNow, 300, 20, digest->id);
    ASSERT_TRUE(batch.ok()) << batch.error().message;
    while (!batch->empty()) {
      std::vector<DeliveryOutcome> outcomes;
      for (const auto& d : *batch) outcomes.push_back({d.id, DeliveryOutcome::Kind::sent, kNow, {}, 250, "ok"});
      sent += int(outcomes.size());
      auto next = db.deliveries().record_and_claim("sender", outcomes, 3, kNow, 300, 20, digest->id);
      ASSERT_TRUE(next.ok()) << next.error().message;
      batch = std::move(next->second);
      if (sent % 200 == 0) get("/en/");  // pages are read while the send runs
    }
    EXPECT_EQ(sent, *queued);
    settle_and_get();
    EXPECT_EQ(renders(), rendered_) << "a 1,000-message send";
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Database> other_;
  std::shared_ptr<PageCache> cache_;
  std::unique_ptr<Handler> site_;
  Id topic_id_ = 0;
  std::uint64_t rendered_ = 0;
};

TEST_P(CacheFollowsContentTest, WritesOfEverythingButContentLeaveCachedPagesCached) {
  EXPECT_EQ(get("/en/").status, 200);
  rendered_ = renders();
  ASSERT_EQ(rendered_, 1u);
  settle_and_get();
  ASSERT_EQ(renders(), rendered_) << "the page is served from the cache";
  write_everything_but_content(*db_, "this-node");
  write_everything_but_content(*other_, "other-node");
  send_a_thousand(*other_);
  EXPECT_GT(cache_->stats().hits, 10u);

  // A publish on the other node still refreshes this one (PostgreSQL: LISTEN/NOTIFY).
  ASSERT_TRUE(publish(other_->content(), "2022-W10", "Second week").ok());
  ASSERT_TRUE(rerendered_since(rendered_)) << "a publish by another node refreshes the page";
  EXPECT_NE(get("/en/").body->find("Second week"), std::string::npos);
}

TEST_P(CacheFollowsContentTest, OwnPublishRefreshesOnceAndItsLateReportChangesNothing) {
  EXPECT_EQ(get("/en/").status, 200);
  const std::uint64_t first = renders();
  ASSERT_TRUE(publish(db_->content(), "2022-W10", "Second week").ok());
  Response after = get("/en/");
  EXPECT_NE(after.body->find("Second week"), std::string::npos) << "this node's own publish shows at once";
  rendered_ = renders();
  EXPECT_EQ(rendered_, first + 1);
  // The poll (SQLite's data_version, then the content_version row) or the NOTIFY of that same
  // commit arrives later: it is this node's own, already counted.
  settle_and_get();
  settle_and_get();
  EXPECT_EQ(renders(), rendered_);
  EXPECT_EQ(*get("/en/").body, *after.body);
}

BAROMETER_ON_BACKENDS(CacheFollowsContentTest);

}  // namespace
}  // namespace barometer::web
