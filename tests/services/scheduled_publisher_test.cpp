// ScheduledPublisher over the CommentaryService on a real SQLite database: publishes on time and not
// before, catches up what a stopped server left due, stops promptly, two publishers publish each
// commentary once, and each publication comes with its revision and audit line.
#include "services/editorial/scheduled_publisher.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>

#include "storage/sqlite/sqlite_store.hpp"
#include "support/temp_dir.hpp"

namespace barometer::editorial {
namespace {

using namespace std::chrono_literals;

// A clock the test moves while the publisher's thread reads it.
class TestClock final : public Clock {
 public:
  explicit TestClock(Instant t) : seconds_(to_unix(t)) {}
  Instant now() const override { return from_unix(seconds_.load()); }
  void set(Instant t) { seconds_ = to_unix(t); }

 private:
  std::atomic<std::int64_t> seconds_;
};

const Instant kAt = from_unix(1'646'308'800);  // 2022-03-03 12:00 UTC

class ScheduledPublisherTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = open(); }

  std::unique_ptr<Database> open() {
    auto db = open_sqlite_database({.path = dir_.file("site.db")});
    EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
    return db.ok() ? std::move(db).value() : nullptr;
  }

  // A site with one topic and a commentary per week in `weeks`, scheduled for kAt + offset.
  std::vector<Id> schedule(Store& store, std::vector<std::string> weeks, std::chrono::seconds offset = 0s) {
    if (!store.load_site()) {
      Site site;
      site.name = {{"en", "Test"}};
      site.languages = {{"en", "English", "en_GB"}};
      EXPECT_TRUE(store.save_site(site).ok());
      EXPECT_TRUE(store.add_topic({0, "security", 1, {{"en", {"Security", ""}}}}).ok());
    }
    Id topic = store.find_topic("security")->id;
    std::vector<Id> ids;
    for (const auto& week : weeks) {
      Commentary c;
      c.topic_id = topic;
      c.period = *Period::parse(week);
      c.status = CommentaryStatus::scheduled;
      c.published_at = kAt + offset;
      c.translations["en"] = {"Title " + week, "Lead.", "Body.", "t-" + std::to_string(ids.size()) + "-" + week.substr(6)};
      auto id = store.add_commentary(c);
      EXPECT_TRUE(id.ok()) << id.error().message;
      ids.push_back(id.ok() ? *id : 0);
    }
    return ids;
  }

  CommentaryStatus status(Id id) { return db_->content().get_commentary(id).value().status; }

  // Waits (up to 5 s) until `publisher` has completed `n` more passes than `from`.
  static bool wait_passes(const ScheduledPublisher& publisher, std::uint64_t from, std::uint64_t n) {
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (publisher.passes() >= from + n) return true;
      std::this_thread::sleep_for(2ms);
    }
    return false;
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(ScheduledPublisherTest, PublishesWhenTheTimeComesAndNotBefore) {
  auto ids = schedule(db_->content(), {"2022-W09"});
  TestClock clock(kAt - 10s);
  CommentaryService service(*db_, clock);
  ScheduledPublisher publisher(service, {.interval = 10ms});
  publisher.start();
  ASSERT_TRUE(wait_passes(publisher, 0, 3));
  EXPECT_EQ(status(ids[0]), CommentaryStatus::scheduled);
  clock.set(kAt - 1s);
  ASSERT_TRUE(wait_passes(publisher, publisher.passes(), 2));
  EXPECT_EQ(status(ids[0]), CommentaryStatus::scheduled);
  clock.set(kAt);
  ASSERT_TRUE(wait_passes(publisher, publisher.passes(), 2));
  EXPECT_EQ(status(ids[0]), CommentaryStatus::published);
  EXPECT_EQ(db_->content().get_commentary(ids[0])->published_at, kAt);
  publisher.stop();
}

TEST_F(ScheduledPublisherTest, ACommentaryLeftDueByAStoppedServerIsPublishedByTheNextStart) {
  std::vector<Id> ids;
  {
    // The first "server": scheduled for noon, stopped at 11:00.
    auto first = open();
    ids = schedule(first->content(), {"2022-W09", "2022-W10"});
    TestClock clock(kAt - 1h);
    CommentaryService service(*first, clock);
    ScheduledPublisher publisher(service, {.interval = 10ms});
    publisher.start();
    ASSERT_TRUE(wait_passes(publisher, 0, 2));
    publisher.stop();
  }
  EXPECT_EQ(status(ids[0]), CommentaryStatus::scheduled);
  // The next start is long after noon, on a freshly opened store; its first pass catches up.
  auto second = open();
  TestClock clock(kAt + 48h);
  std::vector<Id> published;
  std::mutex m;
  CommentaryService service(*second, clock);
  ScheduledPublisher publisher(service, {.interval = 1h, .on_published = [&](const std::vector<Id>& got) {
                                                  std::lock_guard lock(m);
                                                  published.insert(published.end(), got.begin(), got.end());
                                                }});
  publisher.start();
  ASSERT_TRUE(wait_passes(publisher, 0, 1));
  EXPECT_EQ(status(ids[0]), CommentaryStatus::published);
  EXPECT_EQ(status(ids[1]), CommentaryStatus::published);
  std::lock_guard lock(m);
  EXPECT_EQ(published, ids);
}

TEST_F(ScheduledPublisherTest, StopsPromptlyWhileWaitingForTheNextPass) {
  TestClock clock(kAt);
  CommentaryService service(*db_, clock);
  ScheduledPublisher publisher(service, {.interval = std::chrono::hours(1)});
  publisher.start();
  ASSERT_TRUE(wait_passes(publisher, 0, 1));
  auto started = std::chrono::steady_clock::now();
  publisher.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 500ms);
  publisher.stop();  // idempotent
  EXPECT_EQ(publisher.passes(), 1u);
}

TEST_F(ScheduledPublisherTest, TwoPublishersOnOneDatabasePublishEachCommentaryOnce) {
  auto ids = schedule(db_->content(), {"2022-W01", "2022-W02", "2022-W03", "2022-W04", "2022-W05", "2022-W06"}, 5s);
  auto other = open();
  TestClock clock(kAt);
  std::mutex m;
  std::vector<Id> published;
  std::atomic<int> errors{0};
  auto options = [&] {
    return ScheduledPublisherOptions{.interval = 10ms,
                                     .on_published = [&](const std::vector<Id>& got) {
                                       std::lock_guard lock(m);
                                       published.insert(published.end(), got.begin(), got.end());
                                     },
                                     .on_error = [&](const Error&) { ++errors; }};
  };
  CommentaryService service_a(*db_, clock);
  CommentaryService service_b(*other, clock);
  ScheduledPublisher a(service_a, options());
  ScheduledPublisher b(service_b, options());
  a.start();
  b.start();
  ASSERT_TRUE(wait_passes(a, 0, 2));
  clock.set(kAt + 5s);
  ASSERT_TRUE(wait_passes(a, a.passes(), 3));
  ASSERT_TRUE(wait_passes(b, b.passes(), 3));
  a.stop();
  b.stop();
  std::lock_guard lock(m);
  std::sort(published.begin(), published.end());
  EXPECT_EQ(published, ids);  // all of them, none twice
  for (Id id : ids) EXPECT_EQ(status(id), CommentaryStatus::published);
}

TEST_F(ScheduledPublisherTest, RunOnceReportsWhatItPublished) {
  auto ids = schedule(db_->content(), {"2022-W09"});
  TestClock clock(kAt + 1s);
  CommentaryService service(*db_, clock);
  ScheduledPublisher publisher(service);
  auto first = publisher.run_once();
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, ids);
  EXPECT_TRUE(publisher.run_once().value().empty());
}

// Issue 3: a scheduled publication shows in the history like an editor's, by "scheduler".
TEST_F(ScheduledPublisherTest, RecordsARevisionAndAnAuditLineForEachCommentaryItPublishes) {
  HistoryStore* history = &db_->history();
  auto ids = schedule(db_->content(), {"2022-W09", "2022-W10"});
  auto later = schedule(db_->content(), {"2022-W11"}, 1h);
  TestClock clock(kAt + 5s);
  std::vector<Error> errors;
  CommentaryService service(*db_, clock);
  ScheduledPublisher publisher(service, {.on_error = [&](const Error& e) { errors.push_back(e); }});
  ASSERT_EQ(publisher.run_once().value().size(), 2u);
  EXPECT_TRUE(errors.empty());
  for (Id id : ids) {
    auto revisions = history->list_revisions(id);
    ASSERT_TRUE(revisions.ok());
    ASSERT_EQ(revisions->size(), 1u);
    EXPECT_EQ((*revisions)[0].summary, "published as scheduled");
    EXPECT_EQ((*revisions)[0].saved_at, kAt + 5s);
    EXPECT_FALSE((*revisions)[0].staff_user_id.has_value());
    // The snapshot is the commentary as published.
    auto revision = history->get_revision((*revisions)[0].id);
    ASSERT_TRUE(revision.ok());
    EXPECT_EQ(revision->snapshot.status, CommentaryStatus::published);
    EXPECT_EQ(revision->snapshot.id, id);
    AuditFilter filter;
    filter.subject = "commentary:" + std::to_string(id);
    auto lines = history->list_audit(filter);
    ASSERT_TRUE(lines.ok());
    ASSERT_EQ(lines->size(), 1u);
    EXPECT_EQ((*lines)[0].user_name, "scheduler");
    EXPECT_EQ((*lines)[0].action, "commentary.publish");
    EXPECT_FALSE((*lines)[0].staff_user_id.has_value());
    EXPECT_EQ((*lines)[0].at, kAt + 5s);
    EXPECT_NE((*lines)[0].detail.find("Title 2022-W"), std::string::npos) << (*lines)[0].detail;
  }
  // Not yet due: nothing recorded; and a pass that publishes nothing records nothing.
  EXPECT_TRUE(history->list_revisions(later[0])->empty());
  EXPECT_TRUE(publisher.run_once().value().empty());
  EXPECT_EQ(history->count_audit({}).value(), 2);
  // When it comes due, the later one is published with its own lines.
  clock.set(kAt + 2h);
  EXPECT_EQ(publisher.run_once().value(), later);
  EXPECT_EQ(history->count_audit({}).value(), 3);
  EXPECT_EQ(history->list_revisions(later[0])->size(), 1u);
}

}  // namespace
}  // namespace barometer::editorial
