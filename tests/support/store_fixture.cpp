#include "support/store_fixture.hpp"

namespace barometer::testing {

BAROMETER_ON_BACKENDS(StoreTest);

Period week(const std::string& id) {
  auto p = Period::parse(id);
  EXPECT_TRUE(p.ok()) << id;
  return p.ok() ? *p : Period::containing(make_date(1970, 1, 1));
}

void StoreTest::SetUp() {
  auto db = open_database();
  ASSERT_TRUE(db.ok()) << db.error().message;
  db_ = std::move(*db);
  store_ = &db_->content();
  auto saved = store_->save_site(demo_site());
  ASSERT_TRUE(saved.ok()) << saved.error().message;
}

std::unique_ptr<Store> StoreTest::open_again() {
  auto s = open_store();
  EXPECT_TRUE(s.ok()) << s.error().message;
  return s.ok() ? std::move(*s) : nullptr;
}

Site StoreTest::demo_site() {
  Site site;
  site.name = {{"en", "Belarus Barometer"}, {"be", "Беларускі барометр"}, {"ru", "Белорусский барометр"}};
  site.subject = {{"en", "Belarus"}, {"be", "Беларусь"}, {"ru", "Беларусь"}};
  site.base_url = "http://127.0.0.1:8080";
  site.languages = {{"en", "English", "en_GB"}, {"be", "Беларуская", "be_BY"}, {"ru", "Русский", "ru_RU"}};
  site.time_zone = "Europe/Minsk";
  return site;
}

Id StoreTest::add_topic(const std::string& slug, int position) {
  Topic t;
  t.slug = slug;
  t.position = position;
  t.text["en"] = {"Topic " + slug, "About " + slug};
  t.text["be"] = {"Тэма " + slug, ""};
  auto id = store_->add_topic(t);
  EXPECT_TRUE(id.ok()) << id.error().message;
  return id.ok() ? *id : 0;
}

Id StoreTest::add_author(const std::string& slug) {
  Author a;
  a.slug = slug;
  a.text["en"] = {"Author " + slug, "Analyst."};
  auto id = store_->add_author(a);
  EXPECT_TRUE(id.ok()) << id.error().message;
  return id.ok() ? *id : 0;
}

Commentary StoreTest::make_commentary(Id topic_id, const std::string& period_id, Assessment assessment,
                                      CommentaryStatus status, const std::string& slug) {
  Commentary c;
  c.topic_id = topic_id;
  c.period = week(period_id);
  c.assessment = assessment;
  c.status = status;
  if (status == CommentaryStatus::published) c.published_at = Instant{c.period.end()} + std::chrono::hours{18};
  c.updated_at = Instant{c.period.end()} + std::chrono::hours{12};
  std::string base = slug.empty() ? "c" + std::to_string(topic_id) + "-" + c.period.id() : slug;
  for (auto& ch : base)
    if (ch == 'W') ch = 'w';
  for (const char* lang : {"en", "be", "ru"})
    c.translations[lang] = {"Title " + base + " " + lang, "Lead.", "Body *" + std::string(lang) + "*",
                            base + "-" + lang};
  c.evidence.push_back({c.period.start(), "https://example.org/a", {{"en", "Event."}, {"ru", "Событие."}}});
  return c;
}

Id StoreTest::add(const Commentary& c) {
  auto id = store_->add_commentary(c);
  EXPECT_TRUE(id.ok()) << id.error().message;
  return id.ok() ? *id : 0;
}

}  // namespace barometer::testing
