// compose_digest / compose_confirmation with the default theme's catalogues and mail templates,
// built with GMime and read back with Python's email package (what a mail client would see).
#include "services/newsletter/compose.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>

#include "i18n/date_format.hpp"
#include "mail/dkim.hpp"
#include "mail/parsed_message.hpp"
#include "services/newsletter/mime_confirmation.hpp"

namespace barometer::newsletter {
namespace {

using testing::parse_with_python;
using testing::source_dir;
using testing::TempDir;

class ComposeTest : public ::testing::Test {
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

  static MailSite site(const std::string& lang) {
    MailSite s;
    s.base_url = "https://barometer.example";
    s.from.address = "digest@barometer.example";
    if (lang == "ru") {
      s = {"Барометр Беларуси", "Беларуси", s.base_url, "ru_RU", {"Барометр Беларуси", s.from.address}};
    } else if (lang == "be") {
      s = {"Барометр Беларусі", "Беларусі", s.base_url, "be_BY", {"Барометр Беларусі", s.from.address}};
    } else {
      s = {"Belarus Barometer", "Belarus", s.base_url, "en", {"Belarus Barometer", s.from.address}};
    }
    return s;
  }

  static DigestInput digest(const std::string& lang) {
    DigestInput in;
    in.site = site(lang);
    in.lang = lang;
    in.period = *Period::parse("2022-W09");
    in.topics = {
        {"Экономика", Assessment::worse, Outlook::risk, "Инфляция <ускорилась> & цены", "Цены выросли за неделю.",
         "/" + lang + "/topics/economy/inflation/"},
        {"Права человека", Assessment::better, Outlook::none, "Освобождения", "Несколько человек вышли на свободу.",
         "https://barometer.example/" + lang + "/topics/rights/releases/"},
        {"Энергетика", Assessment::unchanged, Outlook::none, "Без перемен", "Тарифы прежние.",
         "/" + lang + "/topics/energy/same/"},
    };
    in.period_url = "/" + lang + "/2022-W09/";
    in.to = "reader@example.org";
    in.preferences_url = "/preferences/TOKEN";
    in.unsubscribe_url = "https://barometer.example/unsubscribe/TOKEN";
    in.unsubscribe_mailto = "unsubscribe@barometer.example?subject=TOKEN";
    in.message_key = "digest/2022-W09/" + lang + "/42";
    in.date = from_unix(1646560800);
    return in;
  }

  nlohmann::json built(const mail::OutgoingMessage& m) {
    auto mime = mail::build_mime(m);
    EXPECT_TRUE(mime.ok()) << mime.error().message;
    return mime.ok() ? parse_with_python(dir_, *mime) : nlohmann::json::object();
  }

  const Catalogue& cat(const std::string& lang) { return *catalogues_->find(lang); }

  TempDir dir_;
  std::unique_ptr<MailTemplates> templates_;
  std::unique_ptr<Catalogues> catalogues_;
};

// Every href in the HTML and every URL in the text is absolute.
void expect_absolute_links(const std::string& html, const std::string& text) {
  static const std::regex kHref(R"re(href="([^"]*)")re");
  int hrefs = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kHref); it != std::sregex_iterator(); ++it, ++hrefs)
    EXPECT_TRUE((*it)[1].str().starts_with("https://barometer.example/")) << (*it)[1].str();
  EXPECT_GT(hrefs, 0);
  EXPECT_EQ(text.find(" /"), std::string::npos) << "a relative path in the text part";
}

TEST_F(ComposeTest, RussianDigestReadsBackWithCyrillicSubjectAndBothParts) {
  auto m = compose_digest(*templates_, cat("ru"), digest("ru"));
  ASSERT_TRUE(m.ok()) << m.error().message;
  auto p = built(*m);
  const std::string range = format_date_range(Period::parse("2022-W09")->start(), Period::parse("2022-W09")->end(), "ru_RU");
  EXPECT_EQ(p["subject"], "Ситуация в Беларуси: " + range);
  EXPECT_NE(range.find("февраля"), std::string::npos);
  EXPECT_NE(p["raw_subject"].get<std::string>().find("=?"), std::string::npos);
  EXPECT_EQ(p["from_name"], "Барометр Беларуси");
  EXPECT_EQ(p["content_type"], "multipart/alternative");
  ASSERT_EQ(p["parts"].size(), 2u);
  EXPECT_EQ(p["parts"][0]["type"], "text/plain");
  EXPECT_EQ(p["parts"][1]["type"], "text/html");
  EXPECT_EQ(p["parts"][0]["charset"], "utf-8");
  EXPECT_EQ(p["parts"][1]["charset"], "utf-8");
  EXPECT_TRUE(p["defects"].empty()) << p["defects"];

  const std::string text = p["parts"][0]["content"], html = p["parts"][1]["content"];
  for (const std::string& s : {text, html}) {
    EXPECT_NE(s.find("Барометр Беларуси"), std::string::npos);
    EXPECT_NE(s.find(range), std::string::npos);
    EXPECT_NE(s.find("Ситуация ухудшилась"), std::string::npos);
    EXPECT_NE(s.find("Ситуация улучшилась"), std::string::npos);
    EXPECT_NE(s.find("Ситуация не изменилась"), std::string::npos);
    EXPECT_NE(s.find("Риск: вскоре возможно ухудшение"), std::string::npos);
    EXPECT_NE(s.find("Цены выросли за неделю."), std::string::npos);
    EXPECT_NE(s.find("https://barometer.example/ru/topics/economy/inflation/"), std::string::npos);
    EXPECT_NE(s.find("https://barometer.example/ru/2022-W09/"), std::string::npos);
    EXPECT_NE(s.find("https://barometer.example/preferences/TOKEN"), std::string::npos);
    EXPECT_NE(s.find("https://barometer.example/unsubscribe/TOKEN"), std::string::npos);
    EXPECT_NE(s.find("Отписаться"), std::string::npos);
  }
  // Marker colours inline, title escaped in HTML and verbatim in text.
  EXPECT_NE(html.find("color:#a8380f"), std::string::npos);
  EXPECT_NE(html.find("color:#0b5a85"), std::string::npos);
  EXPECT_NE(html.find("Инфляция &lt;ускорилась&gt; &amp; цены"), std::string::npos);
  EXPECT_NE(text.find("Инфляция <ускорилась> & цены"), std::string::npos);
  EXPECT_NE(html.find("role=\"presentation\""), std::string::npos);
  EXPECT_NE(html.find("name=\"color-scheme\""), std::string::npos);
  expect_absolute_links(html, text);

  EXPECT_EQ(p["headers"]["list-id"], "<digest.barometer.example>");
  EXPECT_EQ(p["headers"]["list-unsubscribe"],
            "<https://barometer.example/unsubscribe/TOKEN>, <mailto:unsubscribe@barometer.example?subject=TOKEN>");
  EXPECT_EQ(p["headers"]["list-unsubscribe-post"], "List-Unsubscribe=One-Click");
  EXPECT_EQ(p["message_id"], mail::make_message_id("barometer.example", "digest/2022-W09/ru/42"));
}

TEST_F(ComposeTest, BelarusianDigestUsesBelarusianWordsAndDates) {
  auto m = compose_digest(*templates_, cat("be"), digest("be"));
  ASSERT_TRUE(m.ok()) << m.error().message;
  auto p = built(*m);
  EXPECT_TRUE(p["subject"].get<std::string>().starts_with("Сітуацыя ў Беларусі: ")) << p["subject"];
  EXPECT_NE(p["subject"].get<std::string>().find("лютага"), std::string::npos) << p["subject"];
  const std::string text = p["parts"][0]["content"], html = p["parts"][1]["content"];
  EXPECT_NE(html.find("Сітуацыя пагоршылася"), std::string::npos);
  EXPECT_NE(text.find("Адпісацца"), std::string::npos);
  EXPECT_NE(html.find("lang=\"be\""), std::string::npos);
  expect_absolute_links(html, text);
}

TEST_F(ComposeTest, MessageIdIsStableForTheSameKey) {
  auto a = compose_digest(*templates_, cat("en"), digest("en"));
  auto in = digest("en");
  in.date = from_unix(1646560800 + 3600);  // a re-send an hour later
  auto b = compose_digest(*templates_, cat("en"), in);
  in.message_key = "digest/2022-W09/en/43";
  auto c = compose_digest(*templates_, cat("en"), in);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->message_id, b->message_id);
  EXPECT_NE(a->message_id, c->message_id);
  in.message_id = "<ledger-7@barometer.example>";  // the delivery ledger's id wins over the key
  auto d = compose_digest(*templates_, cat("en"), in);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->message_id, "<ledger-7@barometer.example>");
}

TEST_F(ComposeTest, EmptyWeekSaysSo) {
  auto in = digest("en");
  in.topics.clear();
  auto m = compose_digest(*templates_, cat("en"), in);
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_NE(m->text.find("No commentary was published for this week."), std::string::npos);
  EXPECT_NE(m->html.find("No commentary was published for this week."), std::string::npos);
}

TEST_F(ComposeTest, BadInputIsInvalid) {
  auto in = digest("en");
  in.unsubscribe_url = "/unsubscribe/TOKEN";
  EXPECT_EQ(compose_digest(*templates_, cat("en"), in).code(), ErrorCode::invalid);
  in = digest("en");
  in.topics[0].url = "javascript:alert(1)";
  EXPECT_EQ(compose_digest(*templates_, cat("en"), in).code(), ErrorCode::invalid);
  in = digest("en");
  in.topics[0].url = "//evil.example/x";
  EXPECT_EQ(compose_digest(*templates_, cat("en"), in).code(), ErrorCode::invalid);
  in = digest("en");
  in.message_key.clear();
  EXPECT_EQ(compose_digest(*templates_, cat("en"), in).code(), ErrorCode::invalid);
  in = digest("en");
  in.site.base_url = "https://barometer.example/";
  EXPECT_EQ(compose_digest(*templates_, cat("en"), in).code(), ErrorCode::invalid);
  in = digest("en");
  in.unsubscribe_mailto = "a@b>, <https://evil";
  EXPECT_EQ(compose_digest(*templates_, cat("en"), in).code(), ErrorCode::invalid);
  EXPECT_EQ(MailTemplates::load("/nonexistent/theme").code(), ErrorCode::io);
}

TEST_F(ComposeTest, ConfirmationHasTheLinkAndNoListHeaders) {
  ConfirmationInput in{site("ru"), "ru", "reader@example.org", "/ru/newsletter/confirm/TOKEN", "confirm/7/1",
                       from_unix(1646560800), "", ""};
  auto m = compose_confirmation(*templates_, cat("ru"), in);
  ASSERT_TRUE(m.ok()) << m.error().message;
  auto p = built(*m);
  EXPECT_EQ(p["subject"], "Подтвердите подписку на Барометр Беларуси");
  ASSERT_EQ(p["parts"].size(), 2u);
  const std::string text = p["parts"][0]["content"], html = p["parts"][1]["content"];
  for (const std::string& s : {text, html}) {
    EXPECT_NE(s.find("https://barometer.example/ru/newsletter/confirm/TOKEN"), std::string::npos);
    EXPECT_NE(s.find("reader@example.org"), std::string::npos);
  }
  EXPECT_NE(html.find("Подтвердить подписку"), std::string::npos);
  expect_absolute_links(html, text);
  EXPECT_FALSE(p["headers"].contains("list-unsubscribe"));
  EXPECT_TRUE(p["defects"].empty());
}

TEST_F(ComposeTest, SignedDigestPassesDkimVerification) {
  const std::string key = dir_.file("key.pem"), pub = dir_.file("pub.pem");
  const std::string cmd = "openssl genrsa -out " + key + " 2048 2>/dev/null && openssl rsa -in " + key +
                          " -pubout -out " + pub + " 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "openssl is needed for this test";
  auto signer = mail::DkimSigner::create({"barometer.example", "digest", testing::read_file(key), "", ""});
  ASSERT_TRUE(signer.ok()) << signer.error().message;
  auto m = compose_digest(*templates_, cat("ru"), digest("ru"));
  ASSERT_TRUE(m.ok());
  auto mime = mail::build_mime(*m);
  ASSERT_TRUE(mime.ok());
  auto signed_message = signer->sign(*mime);
  ASSERT_TRUE(signed_message.ok()) << signed_message.error().message;
  testing::write_file(dir_.path() / "signed.eml", *signed_message);
  auto [status, out] = testing::run_python(source_dir() / "tests" / "mail" / "dkim_verify.py",
                                           {(dir_.path() / "signed.eml").string(), pub});
  EXPECT_EQ(status, 0);
  EXPECT_TRUE(out.starts_with("pass")) << out;
  // Still a well-formed message with the signature in front.
  auto p = parse_with_python(dir_.path() / "signed.eml");
  EXPECT_TRUE(p["headers"].contains("dkim-signature"));
  EXPECT_EQ(p["parts"].size(), 2u);
}

TEST(UrlHost, StripsSchemePortAndPath) {
  EXPECT_EQ(url_host("https://a.example:8443/x"), "a.example");
  EXPECT_EQ(url_host("http://127.0.0.1:8080"), "127.0.0.1");
  EXPECT_EQ(url_host("https://user@b.example"), "b.example");
  EXPECT_EQ(url_host("no scheme"), "");
}

}  // namespace
}  // namespace barometer::newsletter

namespace barometer::newsletter {
namespace {

TEST(MimeConfirmationComposer, ComposesTheSubscribersLanguageWithListUnsubscribe) {
  const auto theme = testing::source_dir() / "themes" / "default";
  MimeConfirmationOptions o;
  auto templates = MailTemplates::load(theme.string());
  ASSERT_TRUE(templates.ok());
  o.templates = std::make_shared<const MailTemplates>(std::move(*templates));
  std::vector<Language> languages = {{"en", "English", "en"}, {"be", "Беларуская", "be_BY"}, {"ru", "Русский", "ru_RU"}};
  auto catalogues = Catalogues::load((theme / "locales").string(), languages);
  ASSERT_TRUE(catalogues.ok());
  o.catalogues = std::make_shared<const Catalogues>(std::move(*catalogues));
  o.sites["be"] = {"Барометр Беларусі", "Беларусі", "https://barometer.example", "be_BY",
                   {"Барометр Беларусі", "news@barometer.example"}};
  FixedClock clock(from_unix(1646560800));
  auto composer = mime_confirmation_composer(std::move(o), clock);

  ConfirmationMail mail;
  mail.to = "reader@xn--e1afmkfd.example";
  mail.display_to = "reader@пример.example";
  mail.lang = "be";
  mail.confirm_url = "https://barometer.example/confirm/abc";
  mail.unsubscribe_url = "https://barometer.example/unsubscribe/def";
  mail.list_unsubscribe = "<" + mail.unsubscribe_url + ">";
  auto message = composer(mail);
  ASSERT_TRUE(message.ok()) << message.error().message;
  testing::TempDir dir;
  auto p = testing::parse_with_python(dir, *message);
  EXPECT_EQ(p["subject"], "Пацвердзіце падпіску на Барометр Беларусі");
  EXPECT_EQ(p["to_address"], "reader@xn--e1afmkfd.example");
  EXPECT_EQ(p["headers"]["list-unsubscribe"], "<https://barometer.example/unsubscribe/def>");
  EXPECT_EQ(p["headers"]["list-unsubscribe-post"], "List-Unsubscribe=One-Click");
  const std::string text = p["parts"][0]["content"];
  EXPECT_NE(text.find("https://barometer.example/confirm/abc"), std::string::npos);
  EXPECT_NE(text.find("reader@пример.example"), std::string::npos);
  EXPECT_NE(p["date"].get<std::string>().find("06 Mar 2022"), std::string::npos);

  mail.lang = "fr";
  EXPECT_EQ(composer(mail).code(), ErrorCode::invalid);
}

}  // namespace
}  // namespace barometer::newsletter
