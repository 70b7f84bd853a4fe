// Passwords and tokens: the pinned argon2id parameters, verification, the password rules.
#include <gtest/gtest.h>

#include <set>

#include "services/staff/password.hpp"
#include "services/staff/permissions.hpp"

namespace barometer::staff {
namespace {

TEST(StaffPassword, HashesWithThePinnedArgon2idParameters) {
  auto h = hash_password("correct horse battery");
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_EQ(h->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << *h;
  EXPECT_TRUE(verify_password(*h, "correct horse battery"));
  EXPECT_FALSE(verify_password(*h, "correct horse batterY"));
  EXPECT_FALSE(verify_password("not a hash", "correct horse battery"));
  EXPECT_NE(*hash_password("correct horse battery"), *h);  // salted
}

TEST(StaffPassword, RulesNameTheProblem) {
  EXPECT_EQ(hash_password("").code(), ErrorCode::invalid);
  EXPECT_NE(check_password_rules("short").error().message.find("at least 12"), std::string::npos);
  EXPECT_FALSE(check_password_rules(std::string("0123456789ab\0x", 14)).ok());
  EXPECT_FALSE(check_password_rules(std::string(kMaxPasswordLength + 1, 'a')).ok());
  // ASVS 4.0 2.1.1: at least 12 characters (bytes).
  EXPECT_FALSE(check_password_rules("eleven char").ok());
  EXPECT_TRUE(check_password_rules("twelve chars").ok());
}

TEST(StaffPassword, TokensAreRandomHexAndHashesAreSha256) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) seen.insert(random_token(32));
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_EQ(seen.begin()->size(), 64u);
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

TEST(StaffPermissions, RolesAndOwnDrafts) {
  StaffUser analyst{1, "a@x.org", "A", Role::analyst, false, "", {}};
  StaffUser editor{2, "e@x.org", "E", Role::editor, false, "", {}};
  EXPECT_TRUE(role_allows(Role::analyst, Permission::write_commentary));
  EXPECT_FALSE(role_allows(Role::analyst, Permission::publish));
  EXPECT_TRUE(role_allows(Role::editor, Permission::publish));
  EXPECT_FALSE(role_allows(Role::editor, Permission::manage_staff));
  EXPECT_TRUE(role_allows(Role::admin, Permission::manage_staff));
  EXPECT_TRUE(may_edit_commentary(analyst, 1, CommentaryStatus::draft));
  EXPECT_FALSE(may_edit_commentary(analyst, 1, CommentaryStatus::review));
  EXPECT_FALSE(may_edit_commentary(analyst, 2, CommentaryStatus::draft));
  EXPECT_FALSE(may_edit_commentary(analyst, 0, CommentaryStatus::draft));
  EXPECT_TRUE(may_edit_commentary(editor, 1, CommentaryStatus::published));
}

}  // namespace
}  // namespace barometer::staff
