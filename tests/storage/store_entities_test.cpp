// Round trips, uniqueness conflicts and rejected input for every entity of the Store.
#include "support/store_fixture.hpp"

namespace barometer::testing {
namespace {

using namespace std::chrono_literals;

TEST_P(StoreTest, EmptyDatabaseHasNoSite) {
  TempDir other;
  BackendDatabase empty(GetParam(), other);
  auto fresh = empty.open_store();
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  auto site = (*fresh)->load_site();
  ASSERT_FALSE(site.ok());
  EXPECT_EQ(site.code(), ErrorCode::not_found);
}

TEST_P(StoreTest, SiteRoundTripKeepsLanguageOrderAndTexts) {
  auto site = store_->load_site();
  ASSERT_TRUE(site.ok()) << site.error().message;
  Site want = demo_site();
  EXPECT_EQ(site->name, want.name);
  EXPECT_EQ(site->subject, want.subject);
  EXPECT_EQ(site->base_url, want.base_url);
  EXPECT_EQ(site->time_zone, want.time_zone);
  ASSERT_EQ(site->languages.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(site->languages[i].code, want.languages[i].code);
    EXPECT_EQ(site->languages[i].name, want.languages[i].name);
    EXPECT_EQ(site->languages[i].icu_locale, want.languages[i].icu_locale);
  }
  // Reorder, drop an unused language, change texts.
  want.languages = {want.languages[2], want.languages[0]};
  want.name = {{"ru", "Барометр"}, {"en", "Barometer"}};
  want.subject = {{"en", "Belarus"}};
  want.base_url = "https://barometer.example";
  ASSERT_TRUE(store_->save_site(want).ok());
  site = store_->load_site();
  ASSERT_TRUE(site.ok());
  ASSERT_EQ(site->languages.size(), 2u);
  EXPECT_EQ(site->default_language().code, "ru");
  EXPECT_EQ(site->languages[1].code, "en");
  EXPECT_EQ(site->name, want.name);
  EXPECT_EQ(site->subject, want.subject);
  EXPECT_EQ(site->base_url, want.base_url);
}

TEST_P(StoreTest, LanguageInUseCannotBeRemoved) {
  Id topic = add_topic("security", 1);
  add(make_commentary(topic, "2022-W09", Assessment::worse));
  Site site = demo_site();
  site.languages.pop_back();  // ru, used by the commentary's translation
  site.name.erase("ru");
  site.subject.erase("ru");
  auto s = store_->save_site(site);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::conflict);
  EXPECT_EQ(store_->load_site()->languages.size(), 3u);  // nothing changed
}

TEST_P(StoreTest, InvalidSiteIsRejected) {
  Site none = demo_site();
  none.languages.clear();
  EXPECT_EQ(store_->save_site(none).code(), ErrorCode::invalid);
  Site twice = demo_site();
  twice.languages.push_back(twice.languages[0]);
  EXPECT_EQ(store_->save_site(twice).code(), ErrorCode::invalid);
  Site stray = demo_site();
  stray.name["de"] = "Barometer";
  auto s = store_->save_site(stray);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::invalid);
  EXPECT_NE(s.error().message.find("name[de]"), std::string::npos) << s.error().message;
}

TEST_P(StoreTest, TopicsRoundTripInPositionOrder) {
  Id b = add_topic("society", 2);
  Id a = add_topic("elite", 1);
  auto topics = store_->list_topics();
  ASSERT_TRUE(topics.ok());
  ASSERT_EQ(topics->size(), 2u);
  EXPECT_EQ((*topics)[0].id, a);
  EXPECT_EQ((*topics)[1].id, b);
  EXPECT_EQ((*topics)[0].text.at("en").name, "Topic elite");
  EXPECT_EQ((*topics)[0].text.at("be").name, "Тэма elite");

  Topic t = *store_->find_topic("society");
  EXPECT_EQ(t.id, b);
  t.slug = "society-and-parties";
  t.position = 0;
  t.text = {{"ru", {"Общество", "Партии"}}};
  ASSERT_TRUE(store_->update_topic(t).ok());
  auto found = store_->find_topic("society-and-parties");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->position, 0);
  ASSERT_EQ(found->text.size(), 1u);
  EXPECT_EQ(found->text.at("ru").description, "Партии");
  EXPECT_EQ(store_->list_topics()->front().id, b);  // now first by position
  EXPECT_EQ(store_->find_topic("society").code(), ErrorCode::not_found);
}

TEST_P(StoreTest, TopicConflictsAndMissing) {
  add_topic("security", 1);
  Topic dup{0, "security", 2, {}};
  EXPECT_EQ(store_->add_topic(dup).code(), ErrorCode::conflict);
  Id other = add_topic("west", 3);
  EXPECT_EQ(store_->update_topic(Topic{other, "security", 3, {}}).code(), ErrorCode::conflict);
  EXPECT_EQ(store_->update_topic(Topic{9999, "nowhere", 3, {}}).code(), ErrorCode::not_found);
  EXPECT_EQ(store_->list_topics()->size(), 2u);
}

TEST_P(StoreTest, InvalidTopicsAreRejectedNamingTheField) {
  for (const char* slug : {"", "Security", "a--b", "-a", "a-", "sec urity", "бяспека"}) {
    auto r = store_->add_topic(Topic{0, slug, 1, {}});
    ASSERT_FALSE(r.ok()) << slug;
    EXPECT_EQ(r.code(), ErrorCode::invalid) << slug;
    EXPECT_NE(r.error().message.find("slug"), std::string::npos);
  }
  auto unknown = store_->add_topic(Topic{0, "security", 1, {{"de", {"Sicherheit", ""}}}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.code(), ErrorCode::invalid);
  EXPECT_NE(unknown.error().message.find("text[de]"), std::string::npos) << unknown.error().message;
  auto empty = store_->add_topic(Topic{0, "security", 1, {{"en", {"  ", ""}}}});
  EXPECT_EQ(empty.code(), ErrorCode::invalid);
  EXPECT_TRUE(store_->list_topics()->empty());
}

TEST_P(StoreTest, AuthorsRoundTripInSlugOrder) {
  Id z = add_author("zhanna");
  Id a = add_author("andrei");
  auto authors = store_->list_authors();
  ASSERT_TRUE(authors.ok());
  ASSERT_EQ(authors->size(), 2u);
  EXPECT_EQ((*authors)[0].id, a);
  EXPECT_EQ((*authors)[1].id, z);
  Author author = *store_->find_author("andrei");
  author.text["be"] = {"Андрэй", "Аналітык."};
  ASSERT_TRUE(store_->update_author(author).ok());
  auto found = store_->find_author("andrei");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->text.at("be").bio, "Аналітык.");
  EXPECT_EQ(found->text.at("en").name, "Author andrei");
  EXPECT_EQ(store_->add_author(Author{0, "andrei", {}}).code(), ErrorCode::conflict);
  EXPECT_EQ(store_->find_author("nobody").code(), ErrorCode::not_found);
  EXPECT_EQ(store_->update_author(Author{12345, "x", {}}).code(), ErrorCode::not_found);
  EXPECT_EQ(store_->add_author(Author{0, "Bad Slug", {}}).code(), ErrorCode::invalid);
}

TEST_P(StoreTest, PagesRoundTripAndSlugsAreUniquePerLanguage) {
  Page about{0, "about", 2, {{"en", {"about", "About monitoring", "Text"}}, {"ru", {"o-monitoringe", "О мониторинге", "Текст"}}}};
  Page team{0, "team", 1, {{"en", {"team", "Team", ""}}, {"ru", {"about", "Команда", ""}}}};  // "about" in ru is free
  auto about_id = store_->add_page(about);
  ASSERT_TRUE(about_id.ok()) << about_id.error().message;
  auto team_id = store_->add_page(team);
  ASSERT_TRUE(team_id.ok()) << team_id.error().message;
  auto pages = store_->list_pages();
  ASSERT_TRUE(pages.ok());
  ASSERT_EQ(pages->size(), 2u);
  EXPECT_EQ((*pages)[0].key, "team");
  auto found = store_->find_page("ru", "o-monitoringe");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, *about_id);
  EXPECT_EQ(found->text.at("en").title, "About monitoring");
  EXPECT_EQ(store_->find_page("ru", "about")->id, *team_id);
  EXPECT_EQ(store_->find_page("be", "about").code(), ErrorCode::not_found);

  Page clash{0, "contact", 3, {{"en", {"about", "Contact", ""}}}};
  EXPECT_EQ(store_->add_page(clash).code(), ErrorCode::conflict);
  Page same_key{0, "about", 3, {}};
  EXPECT_EQ(store_->add_page(same_key).code(), ErrorCode::conflict);
  Page untitled{0, "contact", 3, {{"en", {"contact", "", ""}}}};
  auto r = store_->add_page(untitled);
  EXPECT_EQ(r.code(), ErrorCode::invalid);
  EXPECT_NE(r.error().message.find("title"), std::string::npos);
  EXPECT_EQ(store_->list_pages()->size(), 2u);

  Page edited = *found;
  edited.text.at("en").title = "About";
  ASSERT_TRUE(store_->update_page(edited).ok());
  EXPECT_EQ(store_->find_page("en", "about")->text.at("en").title, "About");
}

TEST_P(StoreTest, CommentaryRoundTripIsComplete) {
  Id topic = add_topic("security", 1);
  Id a1 = add_author("a-one");
  Id a2 = add_author("a-two");
  Commentary c = make_commentary(topic, "2022-W09", Assessment::worse);
  c.outlook = Outlook::risk;
  c.author_ids = {a2, a1};  // byline order, not id order
  c.evidence = {
      {make_date(2022, 3, 4), "", {{"en", "Later."}, {"be", "Пазней."}}},
      {make_date(2022, 2, 28), "https://example.org/x", {{"en", "First."}, {"ru", "Первое."}, {"be", "Першае."}}},
      {make_date(2022, 3, 4), "http://example.org/y", {{"en", "Same day, second."}}},
  };
  Id id = add(c);
  auto got = store_->get_commentary(id);
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->id, id);
  EXPECT_EQ(got->topic_id, topic);
  EXPECT_EQ(got->period, c.period);
  EXPECT_EQ(got->period.id(), "2022-W09");
  EXPECT_EQ(got->assessment, Assessment::worse);
  EXPECT_EQ(got->outlook, Outlook::risk);
  EXPECT_EQ(got->status, CommentaryStatus::published);
  EXPECT_EQ(got->published_at, c.published_at);
  EXPECT_EQ(got->updated_at, c.updated_at);
  EXPECT_EQ(got->author_ids, (std::vector<Id>{a2, a1}));
  ASSERT_EQ(got->evidence.size(), 3u);
  EXPECT_EQ(got->evidence[0].date, make_date(2022, 2, 28));
  EXPECT_EQ(got->evidence[0].source_url, "https://example.org/x");
  EXPECT_EQ(got->evidence[0].line, c.evidence[1].line);
  EXPECT_EQ(got->evidence[1].line.at("en"), "Later.");  // same date keeps given order
  EXPECT_EQ(got->evidence[2].line.at("en"), "Same day, second.");
  ASSERT_EQ(got->translations.size(), 3u);
  for (const auto& [lang, t] : c.translations) {
    EXPECT_EQ(got->translations.at(lang).title, t.title);
    EXPECT_EQ(got->translations.at(lang).lead, t.lead);
    EXPECT_EQ(got->translations.at(lang).body, t.body);
    EXPECT_EQ(got->translations.at(lang).slug, t.slug);
  }

  // Update replaces every part.
  Commentary edited = *got;
  edited.assessment = Assessment::better;
  edited.outlook = Outlook::none;
  edited.status = CommentaryStatus::review;
  edited.published_at.reset();
  edited.author_ids = {a1};
  edited.evidence.resize(1);
  edited.translations.erase("ru");
  edited.translations.at("en").title = "New title";
  ASSERT_TRUE(store_->update_commentary(edited).ok());
  got = store_->get_commentary(id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->assessment, Assessment::better);
  EXPECT_EQ(got->outlook, Outlook::none);
  EXPECT_EQ(got->status, CommentaryStatus::review);
  EXPECT_FALSE(got->published_at.has_value());
  EXPECT_EQ(got->author_ids, std::vector<Id>{a1});
  EXPECT_EQ(got->evidence.size(), 1u);
  EXPECT_EQ(got->translations.size(), 2u);
  EXPECT_EQ(got->translations.at("en").title, "New title");

  EXPECT_EQ(store_->get_commentary(id + 100).code(), ErrorCode::not_found);
  edited.id = id + 100;
  EXPECT_EQ(store_->update_commentary(edited).code(), ErrorCode::not_found);
}

TEST_P(StoreTest, SecondCommentaryForTopicAndPeriodConflicts) {
  Id topic = add_topic("security", 1);
  Id other = add_topic("west", 2);
  add(make_commentary(topic, "2022-W09", Assessment::worse));
  auto again = store_->add_commentary(make_commentary(topic, "2022-W09", Assessment::better, CommentaryStatus::draft, "x"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.code(), ErrorCode::conflict);
  // Same period, other topic; same topic, next period: both fine.
  add(make_commentary(other, "2022-W09", Assessment::worse));
  Id next = add(make_commentary(topic, "2022-W10", Assessment::worse));
  // Moving a commentary onto a taken period conflicts too.
  Commentary moved = *store_->get_commentary(next);
  moved.period = week("2022-W09");
  EXPECT_EQ(store_->update_commentary(moved).code(), ErrorCode::conflict);
  CommentaryFilter all;
  all.published_only = false;
  EXPECT_EQ(*store_->count_commentaries(all), 3);
}

TEST_P(StoreTest, TranslationSlugsAreUniquePerTopicAndLanguage) {
  Id topic = add_topic("security", 1);
  Id other = add_topic("west", 2);
  add(make_commentary(topic, "2022-W09", Assessment::worse, CommentaryStatus::published, "sanctions"));
  auto dup = store_->add_commentary(
      make_commentary(topic, "2022-W10", Assessment::worse, CommentaryStatus::published, "sanctions"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.code(), ErrorCode::conflict);
  EXPECT_NE(dup.error().message.find("slug"), std::string::npos) << dup.error().message;
  // The failed add left nothing behind (not even the commentary row).
  CommentaryFilter all;
  all.published_only = false;
  EXPECT_EQ(*store_->count_commentaries(all), 1);
  // Another topic may use the same slug.
  add(make_commentary(other, "2022-W10", Assessment::worse, CommentaryStatus::published, "sanctions"));
  // The same slug in a different language of the same topic is fine.
  Commentary c = make_commentary(topic, "2022-W11", Assessment::worse);
  c.translations = {{"ru", {"Заголовок", "", "", "sanctions-en"}}};
  add(c);
}

TEST_P(StoreTest, InvalidCommentariesAreRejectedNamingTheField) {
  Id topic = add_topic("security", 1);
  struct Case {
    const char* field;
    std::function<void(Commentary&)> spoil;
  };
  std::vector<Case> cases = {
      {"translations[de]", [](Commentary& c) { c.translations["de"] = {"Titel", "", "", "titel"}; }},
      {"translations[en].slug", [](Commentary& c) { c.translations["en"].slug = "Not A Slug"; }},
      {"translations[en].slug", [](Commentary& c) { c.translations["en"].slug = ""; }},
      {"translations[be].title", [](Commentary& c) { c.translations["be"].title = ""; }},
      {"topic_id", [](Commentary& c) { c.topic_id = 0; }},
      {"topic_id", [](Commentary& c) { c.topic_id = 4242; }},
      {"author_ids[0]", [](Commentary& c) { c.author_ids = {777}; }},
      {"evidence[0].source_url", [](Commentary& c) { c.evidence[0].source_url = "javascript:alert(1)"; }},
      {"evidence[0].line[xx]", [](Commentary& c) { c.evidence[0].line["xx"] = "?"; }},
  };
  for (const auto& k : cases) {
    Commentary c = make_commentary(topic, "2022-W09", Assessment::worse);
    k.spoil(c);
    auto r = store_->add_commentary(c);
    ASSERT_FALSE(r.ok()) << k.field;
    EXPECT_EQ(r.code(), ErrorCode::invalid) << k.field << ": " << r.error().message;
    EXPECT_NE(r.error().message.find(k.field), std::string::npos) << r.error().message;
  }
  CommentaryFilter all;
  all.published_only = false;
  EXPECT_EQ(*store_->count_commentaries(all), 0);
  CommentaryFilter negative;
  negative.offset = -1;
  EXPECT_EQ(store_->find_commentaries(negative).code(), ErrorCode::invalid);
  negative.offset = 0;
  negative.limit = -5;
  EXPECT_EQ(store_->find_markers(negative).code(), ErrorCode::invalid);
}

}  // namespace
}  // namespace barometer::testing
