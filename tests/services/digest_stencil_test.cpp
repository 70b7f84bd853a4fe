// DigestStencil / DigestStencilCache: the digest rendered once per topic selection and filled per
// subscriber must equal compose_digest's message field for field, in every language, whatever
// characters the personal values hold; and a theme that prints a link unescaped gets no stencil.
#include "services/newsletter/digest_stencil.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "mail/parsed_message.hpp"
#include "support/temp_dir.hpp"

namespace barometer::newsletter {
namespace {

using testing::source_dir;
using testing::TempDir;

class DigestStencilTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto theme = source_dir() / "themes" / "default";
    auto templates = MailTemplates::load(theme.string());
    ASSERT_TRUE(templates.ok()) << templates.error().message;
    templates_ = std::make_unique<MailTemplates>(std::move(*templates));
    std::vector<Language> languages = {{"en", "English", "en"}, {"be", "Беларуская", "be_BY"}, {"ru", "Русский", "ru_RU"}};
    auto catalogues = Catalogues::load((theme / "locales").string(), languages);
    ASSERT_TRUE(catalogues.ok()) << catalogues.error().message;
    catalogues_ = std::make_unique<Catalogues>(std::move(*catalogues));
  }

  static DigestInput digest(const std::string& lang, int subscriber) {
    DigestInput in;
    in.site = {"Барометр Беларусі", "Беларусі", "https://barometer.example", lang == "en" ? "en" : "be_BY",
               {"Барометр Беларусі", "digest@barometer.example"}};
    in.lang = lang;
    in.period = *Period::parse("2022-W09");
    in.topics = {
        {"Эканоміка", Assessment::worse, Outlook::risk, "Інфляцыя <паскорылася> & цэны", "Цэны выраслі.",
         "/" + lang + "/topics/economy/inflation/"},
        {"Правы чалавека", Assessment::better, Outlook::none, "Вызваленні", "Некалькі чалавек выйшлі.",
         "https://barometer.example/" + lang + "/topics/rights/releases/"},
    };
    in.period_url = "/" + lang + "/2022-W09/";
    const std::string n = std::to_string(subscriber);
    in.to = "reader" + n + "@example.org";
    in.preferences_url = "/" + lang + "/newsletter/preferences/?token=P" + n;
    in.unsubscribe_url = "https://barometer.example/unsubscribe/?token=U" + n;
    in.message_key = "digest/2022-W09/" + lang + "/" + n;
    in.date = from_unix(1646560800 + subscriber);
    return in;
  }

  const Catalogue& cat(const std::string& lang) { return *catalogues_->find(lang); }

  std::unique_ptr<MailTemplates> templates_;
  std::unique_ptr<Catalogues> catalogues_;
};

void expect_same(const mail::OutgoingMessage& a, const mail::OutgoingMessage& b) {
  EXPECT_EQ(a.from.name, b.from.name);
  EXPECT_EQ(a.from.address, b.from.address);
  EXPECT_EQ(a.to.address, b.to.address);
  EXPECT_EQ(a.subject, b.subject);
  EXPECT_EQ(a.text, b.text);
  EXPECT_EQ(a.html, b.html);
  EXPECT_EQ(a.message_id, b.message_id);
  EXPECT_EQ(a.date, b.date);
  EXPECT_EQ(a.headers, b.headers);
}

// A theme of only the digest templates, in `dir`.
Result<MailTemplates> theme_templates(const TempDir& dir, const std::string& html, const std::string& text) {
  const auto mail = dir.path() / "mail";
  std::filesystem::create_directories(mail);
  std::ofstream(mail / "digest.html.mustache") << html;
  std::ofstream(mail / "digest.txt.mustache") << text;
  return MailTemplates::load(dir.path().string());
}

TEST_F(DigestStencilTest, FilledMessagesEqualComposeDigestInEveryLanguage) {
  for (const std::string lang : {"en", "be", "ru"}) {
    auto stencil = DigestStencil::create(*templates_, cat(lang), digest(lang, 0));
    ASSERT_TRUE(stencil.ok()) << lang << ": " << stencil.error().message;
    for (int subscriber : {1, 2, 77}) {
      DigestInput in = digest(lang, subscriber);
      auto full = compose_digest(*templates_, cat(lang), in);
      auto filled = stencil->fill(in);
      ASSERT_TRUE(full.ok() && filled.ok());
      expect_same(*filled, *full);
    }
  }
}

TEST_F(DigestStencilTest, PersonalValuesWithMarkupCharactersAreEscapedAsMustacheDoes) {
  auto stencil = DigestStencil::create(*templates_, cat("en"), digest("en", 0));
  ASSERT_TRUE(stencil.ok()) << stencil.error().message;
  DigestInput in = digest("en", 5);
  in.to = "o'brien&sons+stencil@example.org";
  in.preferences_url = "/en/newsletter/preferences/?a=1&b='2'";
  in.unsubscribe_url = "https://barometer.example/u/?t=1&x=stencil-to-";
  in.message_id = "<ledger.5@barometer.example>";
  auto full = compose_digest(*templates_, cat("en"), in);
  auto filled = stencil->fill(in);
  ASSERT_TRUE(full.ok() && filled.ok());
  expect_same(*filled, *full);
  EXPECT_NE(filled->html.find("o&apos;brien&amp;sons"), std::string::npos) << "the HTML escapes the address";
  EXPECT_EQ(filled->message_id, "<ledger.5@barometer.example>");
}

TEST_F(DigestStencilTest, TwoSubscribersMessagesDifferOnlyInThePersonalParts) {
  auto stencil = DigestStencil::create(*templates_, cat("be"), digest("be", 0));
  ASSERT_TRUE(stencil.ok()) << stencil.error().message;
  auto a = stencil->fill(digest("be", 1));
  auto b = stencil->fill(digest("be", 2));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->html, b->html);
  EXPECT_NE(a->message_id, b->message_id);
  // Replacing subscriber 1's personal values by subscriber 2's turns one message into the other.
  auto swap = [](std::string s) {
    for (auto [from, to] : {std::pair{"reader1@", "reader2@"}, std::pair{"token=P1", "token=P2"},
                            std::pair{"token=U1", "token=U2"}})
      for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at)) s.replace(at, std::string(from).size(), to);
    return s;
  };
  EXPECT_EQ(swap(a->html), b->html);
  EXPECT_EQ(swap(a->text), b->text);
  EXPECT_NE(a->html.find("reader1@example.org"), std::string::npos);
  EXPECT_NE(a->text.find("https://barometer.example/be/newsletter/preferences/?token=P1"), std::string::npos);
}

TEST_F(DigestStencilTest, BadPersonalValuesAreRefusedAndTheCacheGivesComposeDigestsError) {
  auto stencil = DigestStencil::create(*templates_, cat("en"), digest("en", 0));
  ASSERT_TRUE(stencil.ok());
  DigestInput in = digest("en", 3);
  in.unsubscribe_url = "/relative/unsubscribe";
  EXPECT_FALSE(stencil->fill(in).ok());
  DigestStencilCache cache;
  auto m = cache.compose(*templates_, cat("en"), in);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().message, compose_digest(*templates_, cat("en"), in).error().message);
  in = digest("en", 3);
  in.preferences_url = "//evil.example/x";
  EXPECT_FALSE(stencil->fill(in).ok());
}

TEST_F(DigestStencilTest, CacheMakesOneStencilPerTopicSelectionAndMatchesComposeDigest) {
  DigestStencilCache cache;
  for (int subscriber = 1; subscriber <= 6; ++subscriber) {
    DigestInput in = digest("ru", subscriber);
    if (subscriber % 2 == 0) in.topics.pop_back();  // a subscriber who chose one topic
    auto cached = cache.compose(*templates_, cat("ru"), in);
    auto full = compose_digest(*templates_, cat("ru"), in);
    ASSERT_TRUE(cached.ok() && full.ok());
    expect_same(*cached, *full);
  }
  EXPECT_EQ(cache.size(), 2u);
}

TEST_F(DigestStencilTest, ThemePrintingALinkUnescapedGetsNoStencilButTheCacheStillComposes) {
  TempDir dir;
  auto templates = theme_templates(dir, "<p>{{intro}}</p><a href=\"{{{unsubscribe_url}}}\">x</a>", "{{intro}} {{unsubscribe_url}}\n");
  ASSERT_TRUE(templates.ok()) << templates.error().message;
  EXPECT_FALSE(DigestStencil::create(*templates, cat("en"), digest("en", 0)).ok());
  DigestStencilCache cache;
  DigestInput in = digest("en", 9);
  in.unsubscribe_url = "https://barometer.example/u/?a=1&b=2";
  auto m = cache.compose(*templates, cat("en"), in);
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_NE(m->html.find("?a=1&b=2\""), std::string::npos) << "composed in full: the raw & as the theme wants";
}

// The MIME bytes: spliced by the stencil's MimeStencil, equal to build_mime of compose_digest's
// message (with the stencil's boundary) byte for byte, in every language (en quoted-printable,
// be/ru base64), for addresses and tokens of many lengths, with and without the mailto.
TEST_F(DigestStencilTest, MimeBytesEqualBuildMimeOfComposeDigestInEveryLanguage) {
  std::mt19937 rng(42);
  auto random = [&](std::size_t n, std::string_view alphabet) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
    return s;
  };
  for (const std::string lang : {"en", "be", "ru"}) {
    auto stencil = DigestStencil::create(*templates_, cat(lang), digest(lang, 0));
    ASSERT_TRUE(stencil.ok()) << lang << ": " << stencil.error().message;
    for (int subscriber = 1; subscriber <= 40; ++subscriber) {
      DigestInput in = digest(lang, subscriber);
      in.to = random(1 + rng() % 60, "abcdefghijklmnopqrstuvwxyz0123456789._+-") + "@example.org";
      const std::string token = random(1 + rng() % 120, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
      in.preferences_url = "/" + lang + "/newsletter/preferences/?token=" + token;
      in.unsubscribe_url = "https://barometer.example/unsubscribe/?token=" + token;
      auto filled = stencil->fill(in);
      auto full = compose_digest(*templates_, cat(lang), in);
      ASSERT_TRUE(filled.ok() && full.ok());
      if (subscriber % 2 == 0) {  // as DigestContent adds the subscriber's mailto
        for (auto* m : {&*filled, &*full})
          for (auto& [name, value] : m->headers)
            if (name == "List-Unsubscribe") value += ", <mailto:unsubscribe@barometer.example?subject=unsubscribe%20" + token + ">";
      }
      ASSERT_TRUE(stencil->splices(*filled)) << lang << ": the default theme's digest must splice";
      auto spliced = stencil->mime(*filled);
      ASSERT_TRUE(spliced.ok()) << spliced.error().message;
      full->boundary = stencil->boundary();
      auto built = mail::build_mime(*full);
      ASSERT_TRUE(built.ok());
      ASSERT_EQ(*spliced, *built) << lang << " subscriber " << subscriber;
    }
  }
}

TEST_F(DigestStencilTest, ASplicedDigestReadsBackInPythonLikeABuiltOne) {
  TempDir dir;
  auto stencil = DigestStencil::create(*templates_, cat("ru"), digest("ru", 0));
  ASSERT_TRUE(stencil.ok());
  auto filled = stencil->fill(digest("ru", 7));
  ASSERT_TRUE(filled.ok());
  auto spliced = stencil->mime(*filled);
  ASSERT_TRUE(spliced.ok());
  auto parsed = testing::parse_with_python(dir, *spliced);
  EXPECT_TRUE(parsed["defects"].empty()) << parsed["defects"];
  EXPECT_EQ(parsed["to_address"], "reader7@example.org");
  ASSERT_EQ(parsed["parts"].size(), 2u);
  EXPECT_EQ(parsed["parts"][0]["encoding"], "base64");
  EXPECT_NE(parsed["parts"][0]["content"].get<std::string>().find("token=P7"), std::string::npos);
  EXPECT_NE(parsed["parts"][1]["content"].get<std::string>().find("reader7@example.org"), std::string::npos);
  auto built = mail::build_mime(*filled);  // a random boundary: the parts read the same
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(parsed["parts"], testing::parse_with_python(dir, *built)["parts"]);
}

TEST_F(DigestStencilTest, ThemeWithUnescapedLinkGetsNoStencilFromTheCache) {
  TempDir dir;
  auto templates = theme_templates(dir, "<p>{{intro}}</p><a href=\"{{{unsubscribe_url}}}\">x</a>", "{{intro}} {{unsubscribe_url}}\n");
  ASSERT_TRUE(templates.ok()) << templates.error().message;
  DigestStencilCache cache;
  EXPECT_EQ(cache.stencil(*templates, cat("en"), digest("en", 1)), nullptr) << "callers compose and build in full";
  DigestStencilCache default_theme;  // a cache serves one theme
  EXPECT_NE(default_theme.stencil(*templates_, cat("en"), digest("en", 1)), nullptr);
}

TEST_F(DigestStencilTest, AThemeWhosePartsDifferFromTheFirstByteStillBuildsEqualBytes) {
  // The personal value opens both parts: nothing is shared, the whole part is encoded per message.
  TempDir dir;
  auto templates = theme_templates(dir, "<a href=\"{{unsubscribe_url}}\">{{intro}}</a>\n", "{{{unsubscribe_url}}}\n{{{intro}}}\n");
  ASSERT_TRUE(templates.ok()) << templates.error().message;
  auto stencil = DigestStencil::create(*templates, cat("be"), digest("be", 0));
  ASSERT_TRUE(stencil.ok()) << stencil.error().message;
  auto filled = stencil->fill(digest("be", 3));
  ASSERT_TRUE(filled.ok());
  EXPECT_TRUE(stencil->splices(*filled));
  auto spliced = stencil->mime(*filled);
  mail::OutgoingMessage full = *filled;
  full.boundary = stencil->boundary();
  auto built = mail::build_mime(full);
  ASSERT_TRUE(spliced.ok() && built.ok());
  EXPECT_EQ(*spliced, *built);
}

}  // namespace
}  // namespace barometer::newsletter
