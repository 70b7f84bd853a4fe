// NewsletterStore::search_subscribers / count_subscribers on both backends: email substring
// (case-insensitive, wildcards literal), status and language filters, paging by id.
#include <gtest/gtest.h>

#include "support/store_fixture.hpp"

namespace barometer::testing {
namespace {

class SubscriberSearchTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    subscribers_ = &db_->subscribers();
    // 12 subscribers: a0..a11@example.org; even ones confirmed, languages alternate be/ru/en.
    const char* langs[] = {"be", "ru", "en"};
    for (int i = 0; i < 12; ++i) {
      Subscriber s;
      s.email = "a" + std::to_string(i) + "@example.org";
      s.lang = langs[i % 3];
      s.status = i % 2 == 0 ? SubscriberStatus::confirmed : SubscriberStatus::pending;
      s.created_at = from_unix(1'700'000'000 + i);
      auto id = subscribers_->add_subscriber(s);
      ASSERT_TRUE(id.ok()) << id.error().message;
    }
    Subscriber odd;
    odd.email = "under_score%@other.net";
    odd.lang = "be";
    odd.status = SubscriberStatus::unsubscribed;
    ASSERT_TRUE(subscribers_->add_subscriber(odd).ok());
  }
  std::vector<std::string> emails(const SubscriberQuery& q) {
    auto found = subscribers_->search_subscribers(q);
    EXPECT_TRUE(found.ok()) << found.error().message;
    std::vector<std::string> out;
    if (found.ok())
      for (const auto& s : *found) out.push_back(s.email);
    return out;
  }
  std::int64_t count(const SubscriberQuery& q) {
    auto n = subscribers_->count_subscribers(q);
    EXPECT_TRUE(n.ok()) << n.error().message;
    return n.ok() ? *n : -1;
  }
  NewsletterStore* subscribers_ = nullptr;  // db_->subscribers()
};

BAROMETER_ON_BACKENDS(SubscriberSearchTest);

TEST_P(SubscriberSearchTest, FiltersCombineAndCountsMatchTheFilter) {
  EXPECT_EQ(count({}), 13);
  SubscriberQuery confirmed;
  confirmed.status = SubscriberStatus::confirmed;
  EXPECT_EQ(count(confirmed), 6);
  confirmed.lang = "be";  // a0, a6 (i % 3 == 0 and even)
  EXPECT_EQ(emails(confirmed), (std::vector<std::string>{"a0@example.org", "a6@example.org"}));
  EXPECT_EQ(count(confirmed), 2);

  SubscriberQuery text;
  text.email_contains = "A1";  // case-insensitive: a1, a10, a11
  EXPECT_EQ(emails(text), (std::vector<std::string>{"a1@example.org", "a10@example.org", "a11@example.org"}));
  EXPECT_EQ(count(text), 3);
}

TEST_P(SubscriberSearchTest, WildcardsInTheSearchAreLiteral) {
  SubscriberQuery q;
  q.email_contains = "_";
  EXPECT_EQ(emails(q), std::vector<std::string>{"under_score%@other.net"});
  q.email_contains = "%";
  EXPECT_EQ(count(q), 1);
  q.email_contains = "!";
  EXPECT_EQ(count(q), 0);
}

TEST_P(SubscriberSearchTest, PagesAreDisjointAndOrderedById) {
  SubscriberQuery q;
  q.limit = 5;
  auto first = emails(q);
  q.offset = 5;
  auto second = emails(q);
  q.offset = 10;
  auto third = emails(q);
  ASSERT_EQ(first.size(), 5u);
  ASSERT_EQ(second.size(), 5u);
  ASSERT_EQ(third.size(), 3u);
  EXPECT_EQ(first.front(), "a0@example.org");
  EXPECT_EQ(second.front(), "a5@example.org");
  EXPECT_EQ(third.back(), "under_score%@other.net");
  q.offset = -3;  // clamped, not an error
  EXPECT_EQ(emails(q).front(), "a0@example.org");
}

}  // namespace
}  // namespace barometer::testing
