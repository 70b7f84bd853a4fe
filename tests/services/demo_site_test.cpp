// The built-in demo site, seeded into real SQLite databases.
#include "services/demo/demo_site.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "i18n/slug.hpp"
#include "services/demo/demo_text.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "support/database_facets.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

// The content store of a database of its own at `path`.
std::unique_ptr<Store> open_store(const std::string& path) {
  auto db = open_sqlite_database({path});
  EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
  return db.ok() ? testing::content_of(std::move(db).value()) : nullptr;
}

std::vector<Commentary> all_commentaries(Store& store) {
  CommentaryFilter f;
  f.published_only = false;
  f.newest_first = false;
  auto list = store.find_commentaries(f);
  EXPECT_TRUE(list.ok());
  return list.ok() ? *list : std::vector<Commentary>{};
}

bool has_cyrillic(const std::string& s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xD0 || c == 0xD1) return true;  // lead bytes of U+0400..U+047F
  }
  return false;
}

// Everything a reader can see, in a fixed order, ids replaced by slugs.
std::string canonical_dump(Store& store) {
  std::ostringstream out;
  auto site = store.load_site();
  if (!site) return "no site";
  for (const auto& [l, n] : site->name) out << "site " << l << " " << n << " " << site->subject[l] << "\n";
  for (const auto& l : site->languages) out << "lang " << l.code << " " << l.name << " " << l.icu_locale << "\n";
  std::map<Id, std::string> topic_slug, author_slug;
  // Results are kept in locals: a range-for over *temporary would dangle.
  auto topics = store.list_topics();
  auto authors = store.list_authors();
  auto pages = store.list_pages();
  if (!topics || !authors || !pages) return "list failed";
  for (const auto& t : *topics) {
    topic_slug[t.id] = t.slug;
    out << "topic " << t.slug << " " << t.position;
    for (const auto& [l, x] : t.text) out << " " << l << ":" << x.name << "|" << x.description;
    out << "\n";
  }
  for (const auto& a : *authors) {
    author_slug[a.id] = a.slug;
    out << "author " << a.slug;
    for (const auto& [l, x] : a.text) out << " " << l << ":" << x.name << "|" << x.bio;
    out << "\n";
  }
  for (const auto& p : *pages)
    for (const auto& [l, x] : p.text) out << "page " << p.key << " " << l << " " << x.slug << " " << x.title << "\n" << x.body << "\n";
  for (const auto& c : all_commentaries(store)) {
    out << "commentary " << topic_slug[c.topic_id] << " " << c.period.id() << " " << to_string(c.assessment) << " "
        << to_string(c.outlook) << " " << to_string(c.status) << " " << to_iso(c.published_at.value_or(Instant{}))
        << "\n";
    for (auto a : c.author_ids) out << " by " << author_slug[a] << "\n";
    for (const auto& e : c.evidence) {
      out << " evidence " << to_iso(e.date) << " " << e.source_url << "\n";
      for (const auto& [l, line] : e.line) out << "  " << l << " " << line << "\n";
    }
    for (const auto& [l, t] : c.translations)
      out << " " << l << " " << t.slug << "\n" << t.title << "\n" << t.lead << "\n" << t.body << "\n";
  }
  return out.str();
}

// One full default demo, seeded once for all tests below (it is the expensive part).
class DemoSite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    store_ = open_store(dir_->file("demo.db")).release();
    ASSERT_NE(store_, nullptr);
    auto t0 = std::chrono::steady_clock::now();
    auto s = seed_demo_site(*store_, DemoOptions{});
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
    ASSERT_TRUE(s.ok()) << s.error().message;
    std::printf("[ demo     ] generated and inserted the default demo in %lld ms\n", (long long)ms.count());
    commentaries_ = new std::vector<Commentary>(all_commentaries(*store_));
  }
  static void TearDownTestSuite() {
    delete commentaries_;
    delete store_;
    delete dir_;
  }
  static testing::TempDir* dir_;
  static Store* store_;
  static std::vector<Commentary>* commentaries_;
};
testing::TempDir* DemoSite::dir_ = nullptr;
Store* DemoSite::store_ = nullptr;
std::vector<Commentary>* DemoSite::commentaries_ = nullptr;

TEST(DemoText, BanksAreParallelAcrossLanguages) {
  EXPECT_TRUE(demo::check_parallel(demo::bank_en(), demo::bank_be()).ok());
  EXPECT_TRUE(demo::check_parallel(demo::bank_en(), demo::bank_ru()).ok());
  demo::LanguageBank broken = demo::bank_ru();
  broken.quotes.pop_back();
  EXPECT_EQ(demo::check_parallel(demo::bank_en(), broken).code(), ErrorCode::invalid);
}

TEST(DemoText, FillsSlotsAndCapitalizesCyrillic) {
  demo::Slots s{{"Крэмль", "Крамля"}, {"the KGB"}, {"Мінск", "Мінска", "Мінску"}, 7};
  EXPECT_EQ(demo::fill_template("з боку {a_gen} у {p_loc}: {n}, {B} {x}", s), "з боку Крамля у Мінску: 7, The KGB {x}");
  EXPECT_EQ(demo::capitalize("ўрад"), "Ўрад");
  EXPECT_EQ(demo::capitalize("органы"), "Органы");
  EXPECT_EQ(demo::capitalize("іспыт"), "Іспыт");
}

TEST_F(DemoSite, SiteTopicsAuthorsAndAboutPage) {
  auto site = store_->load_site();
  ASSERT_TRUE(site.ok());
  ASSERT_EQ(site->languages.size(), 3u);
  EXPECT_EQ(site->languages[0].code, "en");
  EXPECT_EQ(site->languages[1].icu_locale, "be_BY");
  EXPECT_EQ(site->languages[2].icu_locale, "ru_RU");
  EXPECT_EQ(site->name["be"], "Беларускі барометр");
  EXPECT_EQ(site->subject["ru"], "Беларуси");
  auto topics = store_->list_topics();
  ASSERT_TRUE(topics.ok());
  std::vector<std::string> slugs;
  for (const auto& t : *topics) slugs.push_back(t.slug);
  EXPECT_EQ(slugs, (std::vector<std::string>{"ruling-elite", "society", "security", "west", "russia"}));
  EXPECT_EQ((*topics)[3].text.at("en").name, "Belarus–West relations");
  auto authors = store_->list_authors();
  ASSERT_TRUE(authors.ok());
  EXPECT_GE(authors->size(), 4u);
  EXPECT_LE(authors->size(), 5u);
  auto about = store_->find_page("be", "pra-manitorynh");
  ASSERT_TRUE(about.ok());
  EXPECT_EQ(about->key, "about");
  EXPECT_NE(about->text.at("en").body.find("_Risk_"), std::string::npos);
  EXPECT_TRUE(store_->find_page("ru", "o-monitoringe").ok());
}

TEST_F(DemoSite, OneCommentaryPerTopicAndWeekWithTranslationsEvidenceAndAuthors) {
  ASSERT_EQ(commentaries_->size(), 209u * 5u);
  std::set<std::pair<Id, std::string>> seen;
  std::size_t translations = 0;
  std::map<Id, std::map<Id, int>> by_author_topic;
  for (const auto& c : *commentaries_) {
    EXPECT_TRUE(seen.insert({c.topic_id, c.period.id()}).second);
    EXPECT_EQ(c.status, CommentaryStatus::published);
    ASSERT_TRUE(c.published_at.has_value());
    EXPECT_EQ(*c.published_at, Instant{c.period.end()} + std::chrono::hours{18});
    EXPECT_GE(c.evidence.size(), 2u);
    EXPECT_LE(c.evidence.size(), 5u);
    EXPECT_GE(c.author_ids.size(), 1u);
    EXPECT_LE(c.author_ids.size(), 2u);
    for (auto a : c.author_ids) by_author_topic[a][c.topic_id]++;
    for (const auto& e : c.evidence) {
      EXPECT_GE(e.date, c.period.start());
      EXPECT_LE(e.date, c.period.end());
      EXPECT_TRUE(e.source_url.empty() || e.source_url.rfind("https://example.org/", 0) == 0 ||
                  e.source_url.rfind("https://example.com/", 0) == 0)
          << e.source_url;
      EXPECT_EQ(e.line.size(), 3u);
    }
    ASSERT_EQ(c.translations.size(), 3u);
    for (const auto& [lang, t] : c.translations) {
      ++translations;
      EXPECT_FALSE(t.title.empty());
      EXPECT_FALSE(t.lead.empty());
      EXPECT_FALSE(t.body.empty());
      EXPECT_EQ(t.body.find('{'), std::string::npos) << "unfilled slot in " << lang << ": " << t.body;
      if (lang != "en") {
        EXPECT_TRUE(has_cyrillic(t.title) && has_cyrillic(t.lead) && has_cyrillic(t.body)) << t.title;
      }
    }
    EXPECT_NE(c.translations.at("be").body, c.translations.at("ru").body);
    EXPECT_NE(c.translations.at("be").title, c.translations.at("ru").title);
  }
  EXPECT_GE(translations, 2340u);
  // Each analyst mostly covers one or two topics: those take at least 80% of their bylines.
  for (const auto& [author, topics] : by_author_topic) {
    std::vector<int> counts;
    int total = 0;
    for (const auto& [t, n] : topics) counts.push_back(n), total += n;
    std::sort(counts.rbegin(), counts.rend());
    int top_two = counts[0] + (counts.size() > 1 ? counts[1] : 0);
    EXPECT_GE(top_two * 10, total * 8) << "author " << author;
  }
}

TEST_F(DemoSite, SeedCommentaryIsWhereItBelongs) {
  auto security = store_->find_topic("security");
  ASSERT_TRUE(security.ok());
  CommentaryFilter f;
  f.topic_id = security->id;
  f.period = Period::parse("2022-W09").value();
  auto list = store_->find_commentaries(f);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  const auto& c = list->front();
  EXPECT_EQ(c.assessment, Assessment::worse);
  EXPECT_EQ(c.outlook, Outlook::risk);
  EXPECT_EQ(c.evidence.size(), 3u);
  EXPECT_EQ(to_iso(c.evidence.front().date), "2022-02-28");
  const auto& en = c.translations.at("en");
  EXPECT_NE(en.title.find("Minsk will shield the Kremlin from the West"), std::string::npos);
  EXPECT_NE(en.body.find("\n- the Belarusian army is not taking part"), std::string::npos);
  for (const auto& [lang, t] : c.translations) {
    int items = 0;
    for (std::size_t at = t.body.find("\n- "); at != std::string::npos; at = t.body.find("\n- ", at + 1)) ++items;
    EXPECT_EQ(items, 3) << lang;
  }
  EXPECT_NE(c.translations.at("be").body.find("Лукашэнка"), std::string::npos);
  EXPECT_NE(c.translations.at("ru").body.find("Лукашенко"), std::string::npos);
  auto by_slug = store_->find_published(security->id, "en", en.slug);
  ASSERT_TRUE(by_slug.ok());
  EXPECT_EQ(by_slug->id, c.id);
}

TEST_F(DemoSite, SlugsAreValidAndUniquePerTopicAndLanguage) {
  std::set<std::tuple<Id, std::string, std::string>> seen;
  std::set<std::string> titles_en;
  for (const auto& c : *commentaries_)
    for (const auto& [lang, t] : c.translations) {
      EXPECT_TRUE(is_valid_slug(t.slug)) << t.slug;
      EXPECT_TRUE(seen.insert({c.topic_id, lang, t.slug}).second) << t.slug;
      if (lang == "en") titles_en.insert(t.title);
    }
  // Titles rarely repeat: at least three quarters of them are distinct.
  std::printf("[ demo     ] %zu distinct English titles of %zu\n", titles_en.size(), commentaries_->size());
  EXPECT_GE(titles_en.size() * 4, commentaries_->size() * 3);
}

TEST_F(DemoSite, MarkersFormPlausibleRunsAndOutlooksMatchThem) {
  std::set<std::pair<Assessment, Outlook>> combos;
  int flagged = 0;
  std::map<Id, std::vector<Assessment>> by_topic;  // commentaries_ are oldest first
  for (const auto& c : *commentaries_) {
    combos.insert({c.assessment, c.outlook});
    if (c.outlook != Outlook::none) ++flagged;
    EXPECT_FALSE(c.assessment == Assessment::worse && c.outlook == Outlook::opportunity);
    EXPECT_FALSE(c.assessment == Assessment::better && c.outlook == Outlook::risk);
    by_topic[c.topic_id].push_back(c.assessment);
  }
  for (auto combo : {std::pair{Assessment::worse, Outlook::risk}, {Assessment::better, Outlook::opportunity},
                     {Assessment::unchanged, Outlook::risk}, {Assessment::unchanged, Outlook::opportunity},
                     {Assessment::worse, Outlook::none}, {Assessment::better, Outlook::none},
                     {Assessment::unchanged, Outlook::none}})
    EXPECT_TRUE(combos.count(combo)) << to_string(combo.first) << "/" << to_string(combo.second);
  const double share = double(flagged) / double(commentaries_->size());
  EXPECT_GT(share, 0.05);
  EXPECT_LT(share, 0.16);
  ASSERT_EQ(by_topic.size(), 5u);
  for (const auto& [topic, markers] : by_topic)
    for (auto a : {Assessment::worse, Assessment::better, Assessment::unchanged}) {
      int run = 0, longest = 0;
      for (auto m : markers) longest = std::max(longest, run = (m == a ? run + 1 : 0));
      EXPECT_GE(longest, 3) << "topic " << topic << " " << to_string(a);
    }
}

TEST_F(DemoSite, SeedingTwiceIsAConflictAndChangesNothing) {
  auto exists = demo_site_exists(*store_);
  ASSERT_TRUE(exists.ok());
  EXPECT_TRUE(*exists);
  const std::string before = canonical_dump(*store_);
  DemoOptions other;
  other.seed = 7;
  auto s = seed_demo_site(*store_, other);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::conflict);
  EXPECT_EQ(canonical_dump(*store_), before);
}

TEST(DemoSiteOptions, SameOptionsGiveIdenticalContentAndOtherSeedsDiffer) {
  testing::TempDir dir;
  DemoOptions o;
  o.first = Period::parse("2021-W50").value();
  o.last = Period::parse("2022-W12").value();
  std::vector<std::string> dumps;
  for (auto [name, seed] : {std::pair{"a.db", o.seed}, {"b.db", o.seed}, {"c.db", o.seed + 1}}) {
    auto store = open_store(dir.file(name));
    ASSERT_NE(store, nullptr);
    auto empty = demo_site_exists(*store);
    ASSERT_TRUE(empty.ok());
    EXPECT_FALSE(*empty);
    DemoOptions run = o;
    run.seed = seed;
    auto s = seed_demo_site(*store, run);
    ASSERT_TRUE(s.ok()) << s.error().message;
    dumps.push_back(canonical_dump(*store));
  }
  EXPECT_EQ(dumps[0], dumps[1]);
  EXPECT_NE(dumps[0], dumps[2]);
  EXPECT_NE(dumps[0].find("2022-W09"), std::string::npos);
}

TEST(DemoSiteOptions, BadOptionsAreRejectedAndWriteNothing) {
  testing::TempDir dir;
  auto store = open_store(dir.file("bad.db"));
  ASSERT_NE(store, nullptr);
  DemoOptions reversed;
  reversed.first = Period::parse("2022-W10").value();
  reversed.last = Period::parse("2022-W09").value();
  EXPECT_EQ(seed_demo_site(*store, reversed).code(), ErrorCode::invalid);
  DemoOptions url;
  url.base_url = "ftp://example.org";
  EXPECT_EQ(seed_demo_site(*store, url).code(), ErrorCode::invalid);
  DemoOptions huge;
  huge.first = Period::parse("1900-W01").value();
  EXPECT_EQ(seed_demo_site(*store, huge).code(), ErrorCode::invalid);
  auto exists = demo_site_exists(*store);
  ASSERT_TRUE(exists.ok());
  EXPECT_FALSE(*exists);
}

}  // namespace
}  // namespace barometer
