// StaffStore on both backends: users, sessions, failed sign-ins (migration 0003_staff).
#include <gtest/gtest.h>

#include "support/store_fixture.hpp"

namespace barometer::testing {
namespace {

// The staff facet of this test's database (the content store beside it has the demo site).
class StaffStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (!HasFatalFailure()) staff_ = &db_->staff();
  }
  StaffUser user(const std::string& email, Role role = Role::analyst) {
    return {0, email, "Name of " + email, role, false, "$argon2id$fake", from_unix(1'700'000'000)};
  }
  StaffStore* staff_ = nullptr;  // db_->staff()
};

BAROMETER_ON_BACKENDS(StaffStoreTest);

TEST_P(StaffStoreTest, UsersRoundTripAndEmailsAreUnique) {
  auto a = staff_->add_user(user("b@example.org", Role::editor));
  ASSERT_TRUE(a.ok()) << a.error().message;
  auto b = staff_->add_user(user("a@example.org", Role::admin));
  ASSERT_TRUE(b.ok());
  EXPECT_NE(*a, *b);
  auto dup = staff_->add_user(user("b@example.org"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.code(), ErrorCode::conflict);

  auto found = staff_->find_user("b@example.org");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, *a);
  EXPECT_EQ(found->role, Role::editor);
  EXPECT_EQ(found->name, "Name of b@example.org");
  EXPECT_EQ(found->password_hash, "$argon2id$fake");
  EXPECT_EQ(to_unix(found->created_at), 1'700'000'000);
  EXPECT_FALSE(found->disabled);
  EXPECT_EQ(staff_->find_user("nobody@example.org").code(), ErrorCode::not_found);
  EXPECT_EQ(staff_->get_user(*b)->email, "a@example.org");

  auto all = staff_->list_users();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].email, "a@example.org");  // ordered by email
}

TEST_P(StaffStoreTest, UnicodeNamesAreStoredExactly) {
  auto u = user("x@example.org");
  u.name = "Алесь \"<b>\" Ўладзімір 'x' \xF0\x9F\x98\x80";
  auto id = staff_->add_user(u);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(staff_->get_user(*id)->name, u.name);
}

TEST_P(StaffStoreTest, DisablingEndsSessionsANewPasswordLeavesThemToTheService) {
  auto id = *staff_->add_user(user("a@example.org"));
  Instant t = from_unix(1'700'000'000);
  ASSERT_TRUE(staff_->add_session({"h1", id, "csrf1", t, t}).ok());
  ASSERT_TRUE(staff_->add_session({"h2", id, "csrf2", t, t}).ok());
  auto s = staff_->find_session("h1");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->user_id, id);
  EXPECT_EQ(s->csrf_token, "csrf1");

  ASSERT_TRUE(staff_->set_password_hash(id, "$argon2id$new").ok());
  EXPECT_EQ(staff_->get_user(id)->password_hash, "$argon2id$new");
  EXPECT_TRUE(staff_->find_session("h1").ok());
  auto ended = staff_->end_sessions(id, "h1");  // all but the one that made the change
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(*ended, 1);
  EXPECT_TRUE(staff_->find_session("h1").ok());
  EXPECT_EQ(staff_->find_session("h2").code(), ErrorCode::not_found);

  ASSERT_TRUE(staff_->add_session({"h3", id, "csrf3", t, t}).ok());
  ASSERT_TRUE(staff_->set_disabled(id, true).ok());
  EXPECT_TRUE(staff_->get_user(id)->disabled);
  EXPECT_EQ(staff_->find_session("h3").code(), ErrorCode::not_found);
  EXPECT_EQ(staff_->set_disabled(id + 100, true).code(), ErrorCode::not_found);
  EXPECT_EQ(staff_->set_password_hash(id + 100, "x").code(), ErrorCode::not_found);
}

TEST_P(StaffStoreTest, RolesChangeAndSessionsStay) {
  auto id = *staff_->add_user(user("a@example.org", Role::analyst));
  auto other = *staff_->add_user(user("b@example.org", Role::editor));
  Instant t = from_unix(1'700'000'000);
  ASSERT_TRUE(staff_->add_session({"h1", id, "csrf1", t, t}).ok());
  ASSERT_TRUE(staff_->set_role(id, Role::admin).ok());
  EXPECT_EQ(staff_->get_user(id)->role, Role::admin);
  EXPECT_EQ(staff_->get_user(other)->role, Role::editor);  // only that user
  EXPECT_TRUE(staff_->find_session("h1").ok());  // the role applies at the next request
  ASSERT_TRUE(staff_->set_role(id, Role::editor).ok());
  EXPECT_EQ(staff_->find_user("a@example.org")->role, Role::editor);
  EXPECT_EQ(staff_->set_role(id + other + 100, Role::admin).code(), ErrorCode::not_found);
}

TEST_P(StaffStoreTest, SessionsTouchDeleteAndExpire) {
  auto id = *staff_->add_user(user("a@example.org"));
  Instant t = from_unix(1'700'000'000);
  ASSERT_TRUE(staff_->add_session({"old", id, "c", t, t}).ok());
  ASSERT_TRUE(staff_->add_session({"idle", id, "c", t + std::chrono::hours{10}, t + std::chrono::hours{10}}).ok());
  ASSERT_TRUE(staff_->add_session({"fresh", id, "c", t + std::chrono::hours{10}, t + std::chrono::hours{10}}).ok());
  EXPECT_EQ(staff_->add_session({"fresh", id, "c", t, t}).code(), ErrorCode::conflict);
  ASSERT_TRUE(staff_->touch_session("fresh", t + std::chrono::hours{11}).ok());
  EXPECT_EQ(to_unix(staff_->find_session("fresh")->last_seen_at), to_unix(t + std::chrono::hours{11}));
  // Idle before 10h30 or created before 5h: "old" (created) and "idle" (idle) go.
  auto n = staff_->delete_expired_sessions(t + std::chrono::minutes{630}, t + std::chrono::hours{5});
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 2);
  EXPECT_TRUE(staff_->find_session("fresh").ok());
  ASSERT_TRUE(staff_->delete_session("fresh").ok());
  EXPECT_TRUE(staff_->delete_session("fresh").ok());  // already gone is fine
  EXPECT_EQ(staff_->find_session("fresh").code(), ErrorCode::not_found);
}

TEST_P(StaffStoreTest, FailuresAreCountedPerKeyWithinAWindow) {
  Instant t = from_unix(1'700'000'000);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(staff_->record_failure("email:a@x.org", t + std::chrono::minutes{i}).ok());
  ASSERT_TRUE(staff_->record_failure("ip:10.0.0.1", t + std::chrono::minutes{5}).ok());
  EXPECT_EQ(*staff_->count_failures("email:a@x.org", t), 3);
  EXPECT_EQ(*staff_->count_failures("email:a@x.org", t + std::chrono::minutes{1}), 2);
  EXPECT_EQ(*staff_->count_failures("ip:10.0.0.1", t), 1);
  EXPECT_EQ(*staff_->count_failures("email:other@x.org", t), 0);
  ASSERT_TRUE(staff_->prune_failures(t + std::chrono::minutes{2}).ok());
  EXPECT_EQ(*staff_->count_failures("email:a@x.org", t), 1);
  ASSERT_TRUE(staff_->clear_failures("email:a@x.org").ok());
  EXPECT_EQ(*staff_->count_failures("email:a@x.org", t), 0);
  EXPECT_EQ(*staff_->count_failures("ip:10.0.0.1", t), 1);
}

TEST_P(StaffStoreTest, SharesTheDatabaseWithTheContentStore) {
  auto content = open_store();  // a second node's content store
  ASSERT_TRUE(content.ok()) << content.error().message;
  ASSERT_TRUE((*content)->save_site(StoreTest::demo_site()).ok());
  auto id = staff_->add_user(user("a@example.org"));
  ASSERT_TRUE(id.ok());
  auto again = open_staff_store();  // and its staff store
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->get_user(*id)->email, "a@example.org");
  EXPECT_TRUE((*content)->load_site().ok());
}

}  // namespace
}  // namespace barometer::testing

namespace barometer::testing {
namespace {

TEST_P(StaffStoreTest, CommentaryOwnersAreRecordedOnce) {
  Topic t{0, "security", 1, {{"en", {"Security", ""}}}};
  auto topic = store_->add_topic(t);
  ASSERT_TRUE(topic.ok());
  Commentary c;
  c.topic_id = *topic;
  c.period = week("2022-W09");
  c.translations["en"] = {"Title", "Lead.", "Body", "title"};
  auto cid = store_->add_commentary(c);
  ASSERT_TRUE(cid.ok()) << cid.error().message;
  auto uid = *staff_->add_user(user("a@example.org"));
  EXPECT_EQ(staff_->commentary_owner(*cid).code(), ErrorCode::not_found);
  ASSERT_TRUE(staff_->set_commentary_owner(*cid, uid).ok());
  EXPECT_EQ(*staff_->commentary_owner(*cid), uid);
  EXPECT_EQ(staff_->set_commentary_owner(*cid, uid).code(), ErrorCode::conflict);
  EXPECT_FALSE(staff_->set_commentary_owner(*cid + 99, uid).ok());
}

}  // namespace
}  // namespace barometer::testing
