// HistoryStore on both backends (migration 0004_history): revisions keep whole snapshots and list
// newest first; the audit log filters, counts and pages; foreign keys hold.
#include <gtest/gtest.h>

#include "storage/commentary_json.hpp"
#include "support/store_fixture.hpp"

namespace barometer::testing {
namespace {

class HistoryStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    history_ = &db_->history();
    staff_ = &db_->staff();
  }
  Id user(const std::string& email, const std::string& name) {
    auto id = staff_->add_user({0, email, name, Role::editor, false, "$argon2id$fake", from_unix(1'700'000'000)});
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }
  AuditEntry audit(std::int64_t at, std::optional<Id> uid, std::string action, std::string subject) {
    return {0, from_unix(at), uid, uid ? "User " + std::to_string(*uid) : "", std::move(action), std::move(subject),
            "detail"};
  }

  HistoryStore* history_ = nullptr;  // db_->history()
  StaffStore* staff_ = nullptr;      // db_->staff()
};

BAROMETER_ON_BACKENDS(HistoryStoreTest);

TEST_P(HistoryStoreTest, RevisionsKeepTheWholeCommentaryAndListNewestFirst) {
  Id topic = add_topic("security", 1);
  Commentary c = make_commentary(topic, "2022-W09", Assessment::worse, CommentaryStatus::draft);
  c.outlook = Outlook::risk;
  c.author_ids = {add_author("ann"), add_author("bob")};
  c.id = add(c);
  Id editor = user("ed@example.org", "Edith Editor");

  auto first = history_->add_revision({0, c.id, from_unix(1'646'300'000), editor, "", "saved"}, c);
  ASSERT_TRUE(first.ok()) << first.error().message;
  Commentary changed = c;
  changed.translations["en"].body = "Another body\nwith two lines, «quotes» & <tags>";
  changed.status = CommentaryStatus::published;
  changed.published_at = from_unix(1'646'400'000);
  auto second = history_->add_revision({0, c.id, from_unix(1'646'400'000), std::nullopt, "", "published"}, changed);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_NE(*first, *second);

  auto list = history_->list_revisions(c.id);
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, *second);
  EXPECT_EQ((*list)[0].summary, "published");
  EXPECT_FALSE((*list)[0].staff_user_id.has_value());
  EXPECT_EQ((*list)[1].id, *first);
  EXPECT_EQ((*list)[1].staff_user_id, editor);
  EXPECT_EQ((*list)[1].user_name, "Edith Editor");
  EXPECT_EQ((*list)[1].saved_at, from_unix(1'646'300'000));

  auto got = history_->get_revision(*second);
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->info.commentary_id, c.id);
  const Commentary& s = got->snapshot;
  EXPECT_EQ(s.id, c.id);
  EXPECT_EQ(s.topic_id, topic);
  EXPECT_EQ(s.period.id(), "2022-W09");
  EXPECT_EQ(s.assessment, Assessment::worse);
  EXPECT_EQ(s.outlook, Outlook::risk);
  EXPECT_EQ(s.author_ids, c.author_ids);
  EXPECT_EQ(s.status, CommentaryStatus::published);
  EXPECT_EQ(s.published_at, from_unix(1'646'400'000));
  EXPECT_EQ(s.updated_at, c.updated_at);
  ASSERT_EQ(s.evidence.size(), 1u);
  EXPECT_EQ(s.evidence[0].date, c.evidence[0].date);
  EXPECT_EQ(s.evidence[0].source_url, "https://example.org/a");
  EXPECT_EQ(s.evidence[0].line.at("ru"), "Событие.");
  ASSERT_EQ(s.translations.size(), 3u);
  EXPECT_EQ(s.translations.at("en").body, "Another body\nwith two lines, «quotes» & <tags>");
  EXPECT_EQ(s.translations.at("be").slug, c.translations.at("be").slug);
  EXPECT_EQ(s.translations.at("ru").title, c.translations.at("ru").title);

  EXPECT_EQ(history_->get_revision(*second + 100).code(), ErrorCode::not_found);
  auto none = history_->list_revisions(c.id + 100);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(HistoryStoreTest, RevisionsNeedAnExistingCommentaryAndAMatchingSnapshot) {
  Commentary c = make_commentary(add_topic("security", 1), "2022-W09", Assessment::better);
  c.id = add(c);
  Commentary ghost = c;
  ghost.id = c.id + 50;
  EXPECT_EQ(history_->add_revision({0, ghost.id, from_unix(1), std::nullopt, "", "saved"}, ghost).code(),
            ErrorCode::conflict);
  EXPECT_EQ(history_->add_revision({0, c.id, from_unix(1), std::nullopt, "", "saved"}, ghost).code(),
            ErrorCode::invalid);
  EXPECT_EQ(history_->add_revision({0, c.id, from_unix(1), Id{9999}, "", "saved"}, c).code(), ErrorCode::conflict);
}

TEST_P(HistoryStoreTest, AuditLogFiltersCountsAndPagesNewestFirst) {
  Id ann = user("ann@example.org", "Ann");
  Id bob = user("bob@example.org", "Bob");
  ASSERT_TRUE(history_->add_audit(audit(100, ann, "session.sign_in", "user:" + std::to_string(ann))).ok());
  ASSERT_TRUE(history_->add_audit(audit(200, ann, "commentary.save", "commentary:1")).ok());
  ASSERT_TRUE(history_->add_audit(audit(300, bob, "commentary.publish", "commentary:1")).ok());
  ASSERT_TRUE(history_->add_audit(audit(300, bob, "commentary.save", "commentary:2")).ok());
  ASSERT_TRUE(history_->add_audit(audit(400, std::nullopt, "commentary%save", "commentary:2")).ok());

  AuditFilter all;
  auto lines = history_->list_audit(all);
  ASSERT_TRUE(lines.ok()) << lines.error().message;
  ASSERT_EQ(lines->size(), 5u);
  EXPECT_EQ((*lines)[0].action, "commentary%save");
  EXPECT_FALSE((*lines)[0].staff_user_id.has_value());
  EXPECT_EQ((*lines)[1].action, "commentary.save");  // same second: the later id first
  EXPECT_EQ((*lines)[2].action, "commentary.publish");
  EXPECT_EQ((*lines)[2].staff_user_id, bob);
  EXPECT_EQ((*lines)[2].user_name, "User " + std::to_string(bob));
  EXPECT_EQ((*lines)[2].subject, "commentary:1");
  EXPECT_EQ((*lines)[2].detail, "detail");
  EXPECT_EQ((*lines)[2].at, from_unix(300));
  EXPECT_EQ(*history_->count_audit(all), 5);

  AuditFilter by_ann;
  by_ann.staff_user_id = ann;
  EXPECT_EQ(*history_->count_audit(by_ann), 2);
  AuditFilter saves;
  saves.action_prefix = "commentary.";  // '%' and '_' are not wildcards
  EXPECT_EQ(*history_->count_audit(saves), 3);
  saves.action_prefix = "commentary.save";
  EXPECT_EQ(*history_->count_audit(saves), 2);
  saves.staff_user_id = bob;
  auto bob_saves = history_->list_audit(saves);
  ASSERT_TRUE(bob_saves.ok());
  ASSERT_EQ(bob_saves->size(), 1u);
  EXPECT_EQ((*bob_saves)[0].subject, "commentary:2");
  AuditFilter subject;
  subject.subject = "commentary:1";
  EXPECT_EQ(*history_->count_audit(subject), 2);
  AuditFilter window;
  window.after = from_unix(200);
  window.before = from_unix(400);
  EXPECT_EQ(*history_->count_audit(window), 3);

  AuditFilter page;
  page.limit = 2;
  page.offset = 2;
  auto second_page = history_->list_audit(page);
  ASSERT_TRUE(second_page.ok());
  ASSERT_EQ(second_page->size(), 2u);
  EXPECT_EQ((*second_page)[0].action, "commentary.publish");
  EXPECT_EQ((*second_page)[1].action, "commentary.save");
  EXPECT_EQ(*history_->count_audit(page), 5);  // offset and limit do not change the count

  page.limit = 0;
  EXPECT_EQ(history_->list_audit(page).code(), ErrorCode::invalid);
  page.limit = 10;
  page.offset = -1;
  EXPECT_EQ(history_->list_audit(page).code(), ErrorCode::invalid);
}

TEST(CommentaryJsonTest, RefusesWhatItDidNotWrite) {
  for (const char* text : {"", "null", "[]", "{\"v\":2}", "{\"v\":1}", "{not json",
                           "{\"v\":1,\"id\":1,\"topic_id\":1,\"period\":\"2022-W99\",\"assessment\":\"worse\","
                           "\"outlook\":\"\",\"author_ids\":[],\"status\":\"draft\",\"updated_at\":0}",
                           "{\"v\":1,\"id\":\"x\",\"topic_id\":1,\"period\":\"2022-W09\",\"assessment\":\"worse\","
                           "\"outlook\":\"\",\"author_ids\":[],\"status\":\"draft\",\"updated_at\":0}"}) {
    auto c = storage::commentary_from_json(text);
    EXPECT_FALSE(c.ok()) << text;
    if (!c.ok()) {
      EXPECT_EQ(c.code(), ErrorCode::invalid) << text;
    }
  }
  Commentary c;
  c.id = 7;
  c.translations["en"] = {"T", "L", "B", "s"};
  auto back = storage::commentary_from_json(storage::commentary_to_json(c));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->id, 7);
  EXPECT_FALSE(back->published_at.has_value());
  EXPECT_EQ(back->translations.at("en").slug, "s");
}

}  // namespace
}  // namespace barometer::testing
