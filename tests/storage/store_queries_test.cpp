// CommentaryFilter semantics, ordering, pagination, counts, markers and period navigation.
#include "support/store_fixture.hpp"

namespace barometer::testing {
namespace {

// Two topics whose position order is the reverse of their id order, two authors, commentaries
// across a year boundary with a gap (2022-W02, W03 empty), and drafts.
class StoreQueryTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    west_ = add_topic("west", 2);
    elite_ = add_topic("elite", 1);
    anna_ = add_author("anna");
    ivan_ = add_author("ivan");
    put(west_, "2021-W51", {anna_});
    put(elite_, "2021-W51", {ivan_});
    put(west_, "2021-W52", {anna_, ivan_});
    put(elite_, "2022-W01", {ivan_});
    put(west_, "2022-W04", {anna_});
    put(elite_, "2022-W04", {anna_});
    put(elite_, "2022-W06", {anna_}, CommentaryStatus::draft);
    put(west_, "2022-W05", {ivan_}, CommentaryStatus::review);
  }

  Id put(Id topic, const std::string& period, std::vector<Id> authors,
         CommentaryStatus status = CommentaryStatus::published) {
    Commentary c = make_commentary(topic, period, Assessment::worse, status);
    c.author_ids = std::move(authors);
    Id id = add(c);
    ids_[std::to_string(topic) + "@" + period] = id;
    return id;
  }
  Id id(Id topic, const std::string& period) { return ids_.at(std::to_string(topic) + "@" + period); }

  std::vector<Id> found(const CommentaryFilter& f) {
    auto r = store_->find_commentaries(f);
    EXPECT_TRUE(r.ok()) << r.error().message;
    std::vector<Id> out;
    if (r.ok())
      for (const auto& c : *r) out.push_back(c.id);
    // Markers must list the same commentaries in the same order, and the count must agree.
    auto m = store_->find_markers(f);
    EXPECT_TRUE(m.ok());
    std::vector<Id> marker_ids;
    if (m.ok())
      for (const auto& k : *m) marker_ids.push_back(k.commentary_id);
    EXPECT_EQ(marker_ids, out);
    return out;
  }
  int count(const CommentaryFilter& f) {
    auto r = store_->count_commentaries(f);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : -1;
  }

  Id west_ = 0, elite_ = 0, anna_ = 0, ivan_ = 0;
  std::map<std::string, Id> ids_;
};

TEST_P(StoreQueryTest, NewestFirstThenTopicPosition) {
  CommentaryFilter f;
  EXPECT_EQ(found(f), (std::vector<Id>{id(elite_, "2022-W04"), id(west_, "2022-W04"), id(elite_, "2022-W01"),
                                       id(west_, "2021-W52"), id(elite_, "2021-W51"), id(west_, "2021-W51")}));
  EXPECT_EQ(count(f), 6);
  f.newest_first = false;
  EXPECT_EQ(found(f), (std::vector<Id>{id(elite_, "2021-W51"), id(west_, "2021-W51"), id(west_, "2021-W52"),
                                       id(elite_, "2022-W01"), id(elite_, "2022-W04"), id(west_, "2022-W04")}));
}

TEST_P(StoreQueryTest, PublishedOnlyHidesDraftsAndReviews) {
  CommentaryFilter f;
  f.published_only = false;
  auto all = found(f);
  EXPECT_EQ(all.size(), 8u);
  EXPECT_EQ(all[0], id(elite_, "2022-W06"));
  EXPECT_EQ(all[1], id(west_, "2022-W05"));
  EXPECT_EQ(count(f), 8);
  f.published_only = true;
  for (Id i : found(f)) {
    EXPECT_NE(i, id(elite_, "2022-W06"));
    EXPECT_NE(i, id(west_, "2022-W05"));
  }
}

TEST_P(StoreQueryTest, EveryFilterField) {
  CommentaryFilter f;
  f.topic_id = west_;
  EXPECT_EQ(found(f), (std::vector<Id>{id(west_, "2022-W04"), id(west_, "2021-W52"), id(west_, "2021-W51")}));
  EXPECT_EQ(count(f), 3);

  f = {};
  f.author_id = ivan_;
  EXPECT_EQ(found(f), (std::vector<Id>{id(elite_, "2022-W01"), id(west_, "2021-W52"), id(elite_, "2021-W51")}));
  EXPECT_EQ(count(f), 3);
  f.published_only = false;
  EXPECT_EQ(count(f), 4);  // + the review at 2022-W05

  f = {};
  f.period = week("2022-W04");
  EXPECT_EQ(found(f), (std::vector<Id>{id(elite_, "2022-W04"), id(west_, "2022-W04")}));
  f.period = week("2022-W03");
  EXPECT_TRUE(found(f).empty());
  EXPECT_EQ(count(f), 0);

  f = {};
  f.from = week("2021-W52");
  f.to = week("2022-W01");
  EXPECT_EQ(found(f), (std::vector<Id>{id(elite_, "2022-W01"), id(west_, "2021-W52")}));
  EXPECT_EQ(count(f), 2);

  f = {};
  f.before = week("2022-W01");
  EXPECT_EQ(found(f), (std::vector<Id>{id(west_, "2021-W52"), id(elite_, "2021-W51"), id(west_, "2021-W51")}));

  // Combined: the topic's earlier commentaries by one author ("Read more").
  f = {};
  f.topic_id = west_;
  f.author_id = anna_;
  f.before = week("2022-W04");
  EXPECT_EQ(found(f), (std::vector<Id>{id(west_, "2021-W52"), id(west_, "2021-W51")}));
  EXPECT_EQ(count(f), 2);

  f = {};
  f.author_id = 9999;
  EXPECT_TRUE(found(f).empty());
}

TEST_P(StoreQueryTest, PaginationWalksTheSameOrderAndCountsIgnoreIt) {
  CommentaryFilter all;
  auto everything = found(all);
  std::vector<Id> paged;
  for (int offset = 0; offset < 10; offset += 4) {
    CommentaryFilter page = all;
    page.offset = offset;
    page.limit = 4;
    auto part = found(page);
    EXPECT_LE(part.size(), 4u);
    paged.insert(paged.end(), part.begin(), part.end());
    EXPECT_EQ(count(page), 6);
  }
  EXPECT_EQ(paged, everything);
  CommentaryFilter skip_only;
  skip_only.offset = 5;
  EXPECT_EQ(found(skip_only), std::vector<Id>{everything.back()});
  CommentaryFilter past_end;
  past_end.offset = 100;
  past_end.limit = 3;
  EXPECT_TRUE(found(past_end).empty());
}

TEST_P(StoreQueryTest, ListedCommentariesAreComplete) {
  CommentaryFilter f;
  f.period = week("2021-W52");
  auto r = store_->find_commentaries(f);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  const Commentary& c = r->front();
  EXPECT_EQ(c.author_ids, (std::vector<Id>{anna_, ivan_}));
  EXPECT_EQ(c.translations.size(), 3u);
  ASSERT_EQ(c.evidence.size(), 1u);
  EXPECT_EQ(c.evidence[0].line.size(), 2u);
  auto markers = store_->find_markers(f);
  ASSERT_TRUE(markers.ok());
  EXPECT_EQ(markers->front().topic_id, west_);
  EXPECT_EQ(markers->front().period.id(), "2021-W52");
  EXPECT_EQ(markers->front().assessment, Assessment::worse);
  // The marker carries every translation's slug, title and lead (the links of strips, cards and
  // the open data), ordered by language, and nothing of it when not asked.
  const Marker& m = markers->front();
  ASSERT_EQ(m.texts.size(), c.translations.size());
  for (std::size_t i = 0; i < m.texts.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(m.texts[i - 1].lang, m.texts[i].lang);
    }
    const Translation& t = c.translations.at(m.texts[i].lang);
    EXPECT_EQ(m.texts[i].slug, t.slug);
    EXPECT_EQ(m.texts[i].title, t.title);
    EXPECT_EQ(m.texts[i].lead, t.lead);
    EXPECT_EQ(m.text(m.texts[i].lang), &m.texts[i]);
  }
  EXPECT_EQ(m.text("xx"), nullptr);
  f.marker_texts = false;
  auto bare = store_->find_markers(f);
  ASSERT_TRUE(bare.ok());
  ASSERT_EQ(bare->size(), 1u);
  EXPECT_TRUE(bare->front().texts.empty());
}

TEST_P(StoreQueryTest, LatestAndAdjacentPublishedPeriods) {
  auto latest = store_->latest_published_period();
  ASSERT_TRUE(latest.ok());
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ((*latest)->id(), "2022-W04");  // drafts/reviews at W05, W06 do not count

  auto adjacent = [&](const char* from, Direction dir) -> std::string {
    auto r = store_->adjacent_published_period(week(from), dir);
    EXPECT_TRUE(r.ok());
    return r.ok() && r->has_value() ? (*r)->id() : "none";
  };
  EXPECT_EQ(adjacent("2022-W01", Direction::previous), "2021-W52");  // across the year boundary
  EXPECT_EQ(adjacent("2021-W52", Direction::next), "2022-W01");
  EXPECT_EQ(adjacent("2022-W04", Direction::previous), "2022-W01");  // over the gap
  EXPECT_EQ(adjacent("2022-W01", Direction::next), "2022-W04");
  EXPECT_EQ(adjacent("2022-W03", Direction::previous), "2022-W01");  // from an empty week
  EXPECT_EQ(adjacent("2022-W03", Direction::next), "2022-W04");
  EXPECT_EQ(adjacent("2022-W04", Direction::next), "none");          // W05/W06 unpublished
  EXPECT_EQ(adjacent("2021-W51", Direction::previous), "none");
}

TEST_P(StoreTest, NoPublishedPeriodOnAnEmptyStore) {
  auto latest = store_->latest_published_period();
  ASSERT_TRUE(latest.ok());
  EXPECT_FALSE(latest->has_value());
  Id topic = add_topic("security", 1);
  add(make_commentary(topic, "2022-W09", Assessment::worse, CommentaryStatus::draft));
  EXPECT_FALSE(store_->latest_published_period()->has_value());
  auto next = store_->adjacent_published_period(week("2022-W01"), Direction::next);
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next->has_value());
}

TEST_P(StoreQueryTest, FindPublishedByTopicLanguageAndSlug) {
  Commentary c = *store_->get_commentary(id(west_, "2021-W52"));
  auto found_be = store_->find_published(west_, "be", c.translations.at("be").slug);
  ASSERT_TRUE(found_be.ok()) << found_be.error().message;
  EXPECT_EQ(found_be->id, c.id);
  EXPECT_EQ(found_be->translations.size(), 3u);
  EXPECT_EQ(store_->find_published(elite_, "be", c.translations.at("be").slug).code(), ErrorCode::not_found);
  EXPECT_EQ(store_->find_published(west_, "en", c.translations.at("be").slug).code(), ErrorCode::not_found);
  Commentary draft = *store_->get_commentary(id(elite_, "2022-W06"));
  EXPECT_EQ(store_->find_published(elite_, "en", draft.translations.at("en").slug).code(), ErrorCode::not_found);
}

BAROMETER_ON_BACKENDS(StoreQueryTest);

}  // namespace
}  // namespace barometer::testing
