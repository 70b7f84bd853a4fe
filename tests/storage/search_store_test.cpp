// The search index on both backends: the same query set finds the same documents on SQLite and
// PostgreSQL (each expected set below is checked on both), only published translations are found,
// and edits, unpublishing and the scheduler's publishing move the index in the same write.

#include <set>

#include "search/match.hpp"
#include "search/query.hpp"
#include "storage/database.hpp"
#include "support/store_fixture.hpp"

namespace barometer::testing {
namespace {

using Found = std::set<std::string>;  // slugs ("<name>-<lang>") of the matching translations

class SearchStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    security_ = add_topic("security", 1);
    economy_ = add_topic("economy", 2);
    author_ = add_author("anna");
    Commentary c1 = make_commentary(security_, "2022-W10", Assessment::worse, CommentaryStatus::published, "c1");
    c1.author_ids = {author_};
    text(c1, "en", "Border closed", "Mobilisation fears grow.",
         "Political prisoners were moved. The border with Poland closed.");
    text(c1, "be", "Мяжа зачыненая", "Рэпрэсіі ўзмацніліся.", "Палітвязняў перавялі. Выбары адкладзеныя.");
    text(c1, "ru", "Граница закрыта", "Санкции расширены.", "Санкциями недовольны. Выборы перенесли.");
    c1_ = add(c1);
    Commentary c2 = make_commentary(economy_, "2022-W11", Assessment::better, CommentaryStatus::published, "c2");
    text(c2, "en", "Sanctions eased", "Prisoner released.", "One prisoner was released after the **elections**.");
    text(c2, "be", "Санкцыі змякчылі", "Рэпрэсія спынілася.", "Палітвязні вызваленыя, выбараў не будзе.");
    text(c2, "ru", "Санкций меньше", "Мобилизация отменена.", "Тихановская выступила в Вильнюсе.");
    add(c2);
    Commentary c3 = make_commentary(security_, "2022-W12", Assessment::worse, CommentaryStatus::draft, "c3");
    text(c3, "en", "Border draft", "Border.", "A draft about the border and prisoners.");
    add(c3);
  }

  static void text(Commentary& c, const std::string& lang, std::string title, std::string lead, std::string body) {
    auto& t = c.translations[lang];
    t.title = std::move(title);
    t.lead = std::move(lead);
    t.body = std::move(body);
  }

  Found find(const std::string& q, SearchRequest r = {}) {
    auto query = search::parse_query(q, search::Analyser::shared());
    r.query = &query;
    r.limit = kMaxSearchLimit;
    auto page = db_->search().search(r);
    EXPECT_TRUE(page.ok()) << q << ": " << (page.ok() ? "" : page.error().message);
    Found found;
    if (!page.ok()) return found;
    for (const auto& h : page->hits) found.insert(h.slug);
    EXPECT_EQ(page->total, static_cast<int>(found.size())) << q;
    return found;
  }

  Id security_ = 0, economy_ = 0, author_ = 0, c1_ = 0;
};

// Queries and the translations each must find, on every backend.
std::vector<std::pair<std::string, Found>> query_set() {
  return {
      {"prisoners", {"c1-en", "c2-en"}},
      {"PRISONER", {"c1-en", "c2-en"}},
      {"border", {"c1-en"}},
      {"\"political prisoners\"", {"c1-en"}},
      {"\"prisoners political\"", {}},
      {"\"closed mobilisation\"", {}},  // title's last word, lead's first: no phrase across parts
      {"border -poland", {}},
      {"border -sanctions", {"c1-en"}},
      {"sanctions OR border", {"c1-en", "c2-en"}},
      {"sanctions | border released", {"c2-en"}},
      {"election", {"c2-en"}},
      {"рэпрэсій", {"c1-be", "c2-be"}},
      {"выбараў", {"c1-be", "c2-be"}},
      {"палітвязні", {"c1-be", "c2-be"}},
      {"санкции", {"c1-ru", "c2-ru"}},
      {"санкциями", {"c1-ru", "c2-ru"}},
      {"выборы", {"c1-ru"}},
      {"Тихановской", {"c2-ru"}},
      {"мобилизации", {"c2-ru"}},
      {"\"санкции расширены\"", {"c1-ru"}},
      {"nothing-like-this", {}},
  };
}

TEST_P(SearchStoreTest, TheQuerySetFindsTheSameDocumentsOnEveryBackend) {
  for (const auto& [q, expected] : query_set()) EXPECT_EQ(find(q), expected) << GetParam() << ": " << q;
}

// The in-memory matcher (search/match.hpp: the back office's search of drafts) follows the
// index's rules: over the published translations it finds what the index finds.
TEST_P(SearchStoreTest, TheInMemoryMatcherFindsWhatTheIndexFinds) {
  CommentaryFilter published;
  auto all = store_->find_commentaries(published);
  ASSERT_TRUE(all.ok());
  const auto& analyser = search::Analyser::shared();
  for (const auto& [q, expected] : query_set()) {
    const auto query = search::parse_query(q, analyser);
    Found found;
    for (const auto& c : *all)
      for (const auto& [lang, t] : c.translations)
        if (search::AnalysedDocument({t.title, t.lead, t.body}, analyser).matches(query)) found.insert(t.slug);
    EXPECT_EQ(found, expected) << q;
  }
}

// A page of ranked results is a slice of one order (best first: a match in the lead outranks one
// in the body), and the count is of every match, whatever the page.
TEST_P(SearchStoreTest, PagesAreSlicesOfOneRankedOrder) {
  auto query = search::parse_query("prisoner", search::Analyser::shared());
  SearchRequest r;
  r.query = &query;
  r.limit = 1;
  std::vector<std::string> order;
  for (r.offset = 0; r.offset < 3; ++r.offset) {
    auto page = db_->search().search(r);
    ASSERT_TRUE(page.ok()) << page.error().message;
    EXPECT_EQ(page->total, 2);
    for (const auto& h : page->hits) order.push_back(h.slug);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"c2-en", "c1-en"}));
  r.offset = 0;
  r.limit = 10;
  auto page = db_->search().search(r);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->hits.size(), 2u);
  EXPECT_EQ(page->hits[0].title, "Sanctions eased");
  EXPECT_EQ(page->hits[0].period.id(), "2022-W11");
  EXPECT_EQ(page->hits[0].assessment, Assessment::better);
  EXPECT_EQ(page->hits[0].lang, "en");
  EXPECT_EQ(page->hits[1].commentary_id, c1_);
}

TEST_P(SearchStoreTest, FiltersNarrowTheMatches) {
  SearchRequest be;
  be.lang = "be";
  EXPECT_EQ(find("рэпрэсій", be), (Found{"c1-be", "c2-be"}));
  EXPECT_EQ(find("prisoners", be), Found{});
  SearchRequest worse;
  worse.assessment = Assessment::worse;
  EXPECT_EQ(find("prisoners", worse), Found{"c1-en"});
  SearchRequest topic;
  topic.topic_id = economy_;
  EXPECT_EQ(find("prisoners", topic), Found{"c2-en"});
  SearchRequest by;
  by.author_id = author_;
  EXPECT_EQ(find("prisoners", by), Found{"c1-en"});
  SearchRequest period;
  period.from = week("2022-W11");
  period.to = week("2022-W20");
  EXPECT_EQ(find("prisoners", period), Found{"c2-en"});
}

TEST_P(SearchStoreTest, FiltersAloneBrowseTheArchiveNewestFirst) {
  SearchRequest r;
  r.lang = "en";
  auto page = db_->search().search(r);
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_EQ(page->total, 2);  // the draft is not there
  ASSERT_EQ(page->hits.size(), 2u);
  EXPECT_EQ(page->hits[0].slug, "c2-en");
  EXPECT_EQ(page->hits[0].period.id(), "2022-W11");
  EXPECT_EQ(page->hits[1].assessment, Assessment::worse);
  r.assessment = Assessment::worse;
  r.limit = 1;
  r.offset = 0;
  page = db_->search().search(r);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 1);
  EXPECT_EQ(page->hits[0].title, "Border closed");
}

TEST_P(SearchStoreTest, EditsUnpublishingAndPublishingMoveTheIndex) {
  auto c1 = store_->get_commentary(c1_);
  ASSERT_TRUE(c1.ok());
  c1->translations["en"].title = "Checkpoint closed";
  c1->translations["en"].body = "Nothing else.";
  ASSERT_TRUE(store_->update_commentary(*c1).ok());
  EXPECT_EQ(find("checkpoint"), Found{"c1-en"});
  EXPECT_EQ(find("border"), Found{});
  EXPECT_EQ(find("\"political prisoners\""), Found{});

  c1->status = CommentaryStatus::draft;
  ASSERT_TRUE(store_->update_commentary(*c1).ok());
  EXPECT_EQ(find("checkpoint"), Found{});
  EXPECT_EQ(find("рэпрэсій"), Found{"c2-be"});

  // A failed write leaves the index as it was (same transaction): a slug taken in the topic.
  Commentary clash = make_commentary(economy_, "2022-W30", Assessment::worse, CommentaryStatus::published, "c2");
  text(clash, "en", "Checkpoint again", "x", "y");
  EXPECT_FALSE(store_->add_commentary(clash).ok());
  EXPECT_EQ(find("checkpoint"), Found{});

  c1->status = CommentaryStatus::scheduled;
  c1->published_at = Instant{week("2022-W10").end()};
  ASSERT_TRUE(store_->update_commentary(*c1).ok());
  EXPECT_EQ(find("checkpoint"), Found{});
  auto due = store_->publish_due(*c1->published_at + std::chrono::hours{1});
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(find("checkpoint"), Found{"c1-en"});

  auto n = db_->search().reindex();
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 6);
  EXPECT_EQ(find("checkpoint"), Found{"c1-en"});
}

TEST_P(SearchStoreTest, AnyQueryTextIsOnlyText) {
  for (const std::string& q : std::vector<std::string>
       {"\"", "\"\"\"", "NEAR(a b)", "title:border", "bord*", "border AND", "'; DROP TABLE search_documents; --",
        "a & !b <-> c:*", "\\' \\\\", "^border", "-border", "OR", std::string(10'000, '"'),
        std::string("\xff\xfe\x00x", 4)}) {
    auto found = find(q);
    if (search::parse_query(q, search::Analyser::shared()).empty())
      EXPECT_EQ(found.size(), 6u) << q.substr(0, 40);  // no words: the filters alone (here none)
    else
      EXPECT_TRUE(found.empty() || found == Found{"c1-en"}) << q.substr(0, 40);
  }
  EXPECT_EQ(find("title:border"), Found{});  // "title" is a word here, not a column filter
  EXPECT_EQ(find("border*"), Found{"c1-en"});
  SearchRequest bad;
  bad.limit = 0;
  EXPECT_EQ(db_->search().search(bad).error().code, ErrorCode::invalid);
  bad.limit = 10;
  bad.offset = -1;
  EXPECT_EQ(db_->search().search(bad).error().code, ErrorCode::invalid);
}

BAROMETER_ON_BACKENDS(SearchStoreTest);

}  // namespace
}  // namespace barometer::testing
