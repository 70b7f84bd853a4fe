// Golden files for the HTML of four public page types (home, a week, a topic, a commentary),
// rendered from a small site written inline here, compared byte for byte with
// tests/web/golden/*.html. Any change to a template, a catalogue or a view model shows up as a
// diff of those files in review.
//
// After an intended change, rewrite the files and review their diff:
//   BAROMETER_UPDATE_GOLDEN=1 build-asan/tests/test_web --gtest_filter='GoldenPages*'
//
// SQLite only: the pages do not depend on the backend (the backend tests prove the stores agree).
// Nothing on these pages depends on the time they are rendered at: the public site has no clock,
// and every date of the seed (periods, publication times, evidence) is fixed below.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>

#include "support/backend_fixture.hpp"
#include "support/temp_dir.hpp"
#include "web/public_site.hpp"

namespace barometer::web {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUpdateVariable = "BAROMETER_UPDATE_GOLDEN";
constexpr const char* kUpdateCommand =
    "BAROMETER_UPDATE_GOLDEN=1 build-asan/tests/test_web --gtest_filter='GoldenPages*'";

bool updating() {
  const char* value = std::getenv(kUpdateVariable);
  return value != nullptr && std::string(value) == "1";
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Where two texts first differ, as "line N: expected `...` got `...`" (lines cut to 200 bytes).
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::istringstream e(expected), a(actual);
  std::string el, al;
  for (int line = 1;; ++line) {
    const bool more_e = static_cast<bool>(std::getline(e, el));
    const bool more_a = static_cast<bool>(std::getline(a, al));
    if (!more_e && !more_a) return "they differ only in the final newline";
    if (!more_e || !more_a || el != al)
      return "first difference at line " + std::to_string(line) + ":\n  golden:   " +
             (more_e ? el.substr(0, 200) : "<end of file>") + "\n  rendered: " + (more_a ? al.substr(0, 200) : "<end of page>");
  }
}

class GoldenPages : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = database_.open_store();
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
    seed();
    if (HasFatalFailure()) return;
    PublicSiteOptions options;
    options.theme_dir = (barometer::testing::source_dir() / "themes/default").string();
    options.cache_bytes = 0;  // every fetch renders
    auto site = make_public_site(*store_, options);
    ASSERT_TRUE(site.ok()) << site.error().message;
    site_ = std::move(*site);
  }

  // Two languages, two topics, one author, three published weeks and a draft (never shown).
  void seed() {
    Site site;
    site.name = {{"en", "Golden Monitor"}, {"ru", "Золотой монитор"}};
    site.subject = {{"en", "Belarus"}, {"ru", "Беларуси"}};
    site.base_url = "https://golden.example";
    site.languages = {{"en", "English", "en_GB"}, {"ru", "Русский", "ru_RU"}};
    ASSERT_TRUE(store_->save_site(site).ok());

    auto security = store_->add_topic({0, "security", 1,
                                       {{"en", {"Security issues", "Army, police and borders."}},
                                        {"ru", {"Безопасность", "Армия, милиция и границы."}}}});
    ASSERT_TRUE(security.ok()) << security.error().message;
    auto economy = store_->add_topic({0, "economy", 2, {{"en", {"Economy", "Prices, wages and trade."}}}});
    ASSERT_TRUE(economy.ok()) << economy.error().message;
    auto anna = store_->add_author({0, "anna", {{"en", {"Anna Analyst", "Writes on security."}},
                                                {"ru", {"Анна Аналитик", "Пишет о безопасности."}}}});
    ASSERT_TRUE(anna.ok()) << anna.error().message;

    Commentary w09;
    w09.topic_id = *security;
    w09.period = *Period::parse("2022-W09");
    w09.assessment = Assessment::worse;
    w09.outlook = Outlook::risk;
    w09.author_ids = {*anna};
    w09.status = CommentaryStatus::published;
    w09.published_at = from_unix(1'646'589'600);  // 2022-03-06 18:00 UTC
    w09.evidence = {{make_date(2022, 3, 1), "https://news.example/troops",
                     {{"en", "Troops moved to the border."}, {"ru", "Войска двинулись к границе."}}},
                    {make_date(2022, 3, 3), "", {{"en", "A new decree on checkpoints."}}}};
    w09.translations = {
        {"en", {"Troops at the <border>", "The regime lets the army use its roads & rails.",
                "First paragraph with **bold** and a [link](https://news.example/).\n\n- one\n- two\n",
                "troops-at-the-border"}},
        {"ru", {"Войска у границы", "Режим предоставил армии дороги.", "Текст.", "voyska-u-granicy"}}};
    ASSERT_TRUE(store_->add_commentary(w09).ok());

    Commentary w08;
    w08.topic_id = *security;
    w08.period = *Period::parse("2022-W08");
    w08.assessment = Assessment::better;
    w08.author_ids = {*anna};
    w08.status = CommentaryStatus::published;
    w08.published_at = from_unix(1'645'984'800);  // 2022-02-27 18:00 UTC
    w08.translations = {{"en", {"A calm week", "Nothing moved.", "Quiet.", "a-calm-week"}}};
    ASSERT_TRUE(store_->add_commentary(w08).ok());

    Commentary economy_w09;
    economy_w09.topic_id = *economy;
    economy_w09.period = *Period::parse("2022-W09");
    economy_w09.assessment = Assessment::unchanged;
    economy_w09.outlook = Outlook::opportunity;
    economy_w09.status = CommentaryStatus::published;
    economy_w09.published_at = from_unix(1'646'589'600);
    economy_w09.translations = {{"en", {"Prices hold", "No change.", "Same as last week.", "prices-hold"}}};
    ASSERT_TRUE(store_->add_commentary(economy_w09).ok());

    Commentary draft;
    draft.topic_id = *economy;
    draft.period = *Period::parse("2022-W10");
    draft.assessment = Assessment::worse;
    draft.status = CommentaryStatus::draft;
    draft.translations = {{"en", {"Draft", "Not yet.", "Draft.", "draft"}}};
    ASSERT_TRUE(store_->add_commentary(draft).ok());
  }

  // Renders `path` and compares its body with tests/web/golden/`name`.html (or rewrites the file
  // when BAROMETER_UPDATE_GOLDEN=1).
  void expect_golden(const std::string& path, const std::string& name) {
    Request request;
    request.method = "GET";
    request.target = path;
    request.path = path;
    Response page = site_->handle(request);
    ASSERT_EQ(page.status, 200) << path;
    ASSERT_TRUE(page.body) << path;
    const fs::path file = barometer::testing::source_dir() / "tests/web/golden" / (name + ".html");
    if (updating()) {
      std::ofstream(file, std::ios::binary | std::ios::trunc) << *page.body;
      std::cout << "[ golden  ] wrote " << file.string() << "\n";
      return;
    }
    ASSERT_TRUE(fs::exists(file)) << "The golden file " << file.string() << " of " << path
                                  << " is missing. Write it with:\n  " << kUpdateCommand;
    const std::string golden = read_file(file);
    EXPECT_TRUE(golden == *page.body)
        << path << " no longer renders as " << file.string() << "; " << first_difference(golden, *page.body)
        << "\nIf the change is intended, rewrite the golden files and review their diff:\n  " << kUpdateCommand;
  }

  barometer::testing::TempDir dir_;
  barometer::testing::BackendDatabase database_{"sqlite", dir_};
  std::unique_ptr<Store> store_;
  std::unique_ptr<Handler> site_;
};

TEST_F(GoldenPages, Home) { expect_golden("/en/", "home"); }

TEST_F(GoldenPages, Week) { expect_golden("/en/2022-W09/", "week"); }

TEST_F(GoldenPages, Topic) { expect_golden("/en/topics/security/", "topic"); }

TEST_F(GoldenPages, Commentary) { expect_golden("/en/topics/security/troops-at-the-border/", "commentary"); }

}  // namespace
}  // namespace barometer::web
