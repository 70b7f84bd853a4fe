// The newsletter pages end to end over the public handler, real stores on both backends (SQLite and
// PostgreSQL, support/backend_fixture.hpp) and a pinned clock, at PRODUCT.md's URLs (/subscribe,
// /confirm/{token}, /preferences/{token}, /unsubscribe/{token}): subscribe -> confirmation mail in
// the outbox -> its token -> GET shows a button and confirms nothing -> POST confirms; same answer
// for every address; honeypot; flooding; bad tokens; RFC 8058 one-click unsubscribe without
// cookies; re-subscribe; consent with hashed IPs only.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "services/newsletter/subscriptions.hpp"
#include "support/backend_fixture.hpp"
#include "web/middleware.hpp"
#include "web/public_site.hpp"

namespace barometer::web {
namespace {

using std::chrono::hours;

bool contains(const Response& r, std::string_view text) { return r.body->find(text) != std::string::npos; }

class NewsletterPagesTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    auto opened = open_database();
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(*opened);
    store_ = &db_->content();
    newsletter_ = &db_->subscribers();
    Site site;
    site.name = {{"en", "Test Monitor"}, {"be", "Тэставы манітор"}, {"ru", "Тестовый монитор"}};
    site.subject = {{"en", "Belarus"}, {"be", "Беларусі"}, {"ru", "Беларуси"}};
    site.base_url = "http://test.example";
    site.languages = {{"en", "English", "en"}, {"be", "Беларуская", "be_BY"}, {"ru", "Русский", "ru_RU"}};
    ASSERT_TRUE(store_->save_site(site).ok());
    for (auto [slug, pos] : {std::pair{"security", 1}, std::pair{"west", 2}}) {
      Topic t;
      t.slug = slug;
      t.position = pos;
      t.text = {{"en", {std::string("Topic ") + slug, "d"}}, {"be", {std::string("Тэма ") + slug, "d"}},
                {"ru", {std::string("Тема ") + slug, "d"}}};
      auto id = store_->add_topic(t);
      ASSERT_TRUE(id.ok());
      (pos == 1 ? security_id_ : west_id_) = *id;
    }
    newsletter::SubscriptionOptions o;
    o.base_url = "https://test.example";
    o.unsubscribe_mailbox = "unsubscribe@test.example";
    auto subs = newsletter::Subscriptions::create(*newsletter_, clock_,
                                                  newsletter::plain_confirmation_composer("<news@test.example>"), o);
    ASSERT_TRUE(subs.ok()) << subs.error().message;
    subscriptions_ = std::move(*subs);
    PublicSiteOptions options;
    options.theme_dir = (barometer::testing::source_dir() / "themes/default").string();
    auto handler = make_public_site(*store_, options, subscriptions_.get());
    ASSERT_TRUE(handler.ok()) << handler.error().message;
    handler_ = with_standard_middleware(std::move(*handler));
  }

  Response send(const std::string& method, const std::string& target, const std::string& body = "",
                const std::string& content_type = "application/x-www-form-urlencoded", const std::string& ip = "192.0.2.7") {
    Request r;
    r.method = method;
    r.target = target;
    const auto q = target.find('?');
    r.path = target.substr(0, q);
    r.query = q == std::string::npos ? "" : target.substr(q + 1);
    if (!body.empty()) r.headers.push_back({"Content-Type", content_type});
    if (!accept_language_.empty()) r.headers.push_back({"Accept-Language", accept_language_});
    r.body = body;
    r.remote_address = ip;
    return handler_->handle(r);
  }
  Response subscribe(const std::string& email, const std::string& extra = "", const std::string& ip = "192.0.2.7") {
    return send("POST", "/subscribe", "email=" + email + "&lang=be" + extra, "application/x-www-form-urlencoded", ip);
  }
  std::vector<OutboxMail> queued() { return *newsletter_->list_mail(OutboxState::queued); }
  // The token of the first "<path>/{token}" link in a mail.
  static std::string token_in(const std::string& message, const std::string& path) {
    auto at = message.find(path + "/");
    if (at == std::string::npos) return "";
    at += path.size() + 1;
    auto end = message.find_first_of("\r\n> ", at);
    return message.substr(at, end - at);
  }

  FixedClock clock_{from_unix(1'750'000'000)};
  std::unique_ptr<Database> db_;           // outlives everything that uses its facets
  Store* store_ = nullptr;                 // db_->content()
  NewsletterStore* newsletter_ = nullptr;  // db_->subscribers()
  std::unique_ptr<newsletter::Subscriptions> subscriptions_;
  std::unique_ptr<Handler> handler_;
  Id security_id_ = 0, west_id_ = 0;
  std::string accept_language_;  // sent with every request when set
};

TEST_P(NewsletterPagesTest, EveryPublicPageCarriesTheCacheableForm) {
  auto home = send("GET", "/en/");
  ASSERT_EQ(home.status, 200);
  EXPECT_TRUE(contains(home, "action=\"/subscribe\""));
  EXPECT_TRUE(contains(home, "name=\"website\""));  // honeypot
  EXPECT_TRUE(contains(home, "<div hidden>"));
  EXPECT_TRUE(contains(home, "value=\"security\""));  // topic checkbox
  EXPECT_TRUE(contains(home, "<option value=\"en\" lang=\"en\" selected>English</option>"));
  EXPECT_TRUE(contains(home, "href=\"/subscribe?lang=en\""));  // the footer's link
  EXPECT_EQ(home.header("Cache-Control"), "public, max-age=60");
  auto missing = send("GET", "/ru/no-such-page/");
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(contains(missing, "action=\"/subscribe\""));
  EXPECT_TRUE(contains(missing, "<option value=\"ru\" lang=\"ru\" selected>"));  // the page's language chosen
  auto form = send("GET", "/subscribe?lang=be");
  ASSERT_EQ(form.status, 200);
  EXPECT_EQ(form.header("Cache-Control"), "no-store");
  EXPECT_TRUE(contains(form, "Падпішыцеся на рассылку"));
  EXPECT_EQ(std::string(*form.body).find("id=\"subscribe-email\""), std::string(*form.body).rfind("id=\"subscribe-email\""))
      << "the form appears once";
  // Without ?lang= (or with one the site lacks) the reader's Accept-Language decides.
  accept_language_ = "ru-RU,ru;q=0.9";
  EXPECT_TRUE(contains(send("GET", "/subscribe"), "<option value=\"ru\" lang=\"ru\" selected>"));
  EXPECT_TRUE(contains(send("GET", "/subscribe?lang=xx"), "<option value=\"ru\" lang=\"ru\" selected>"));
  // The former per-language URLs are gone (no newsletter page answers there).
  for (const char* old_path : {"/en/subscribe/", "/be/subscription/", "/unsubscribe"}) {
    auto r = send("GET", old_path);
    EXPECT_NE(r.status, 200) << old_path;
    EXPECT_FALSE(contains(r, "id=\"subscribe-email\"") && r.header("Cache-Control") == "no-store") << old_path;
  }
}

TEST_P(NewsletterPagesTest, TheAnswerSpeaksTheLanguageChosenInTheForm) {
  accept_language_ = "en";
  auto posted = send("POST", "/subscribe", "email=r%40example.org&lang=ru");
  ASSERT_EQ(posted.status, 200) << *posted.body;
  EXPECT_TRUE(contains(posted, "lang=\"ru\""));
  EXPECT_EQ(newsletter_->find_subscriber("r@example.org")->lang, "ru");
  // No language field: the negotiated one, for the page and the subscription.
  auto plain = send("POST", "/subscribe", "email=p%40example.org");
  ASSERT_EQ(plain.status, 200) << *plain.body;
  EXPECT_TRUE(contains(plain, "Check your inbox"));
  EXPECT_EQ(newsletter_->find_subscriber("p@example.org")->lang, "en");
}

TEST_P(NewsletterPagesTest, DoubleOptInThroughThePages) {
  auto posted = subscribe("reader%40example.org", "&topic=west");
  ASSERT_EQ(posted.status, 200) << *posted.body;
  EXPECT_EQ(posted.header("Cache-Control"), "no-store");
  EXPECT_TRUE(contains(posted, "Праверце пошту"));  // the language chosen in the form
  ASSERT_EQ(queued().size(), 1u);
  const std::string message = queued()[0].message;
  EXPECT_EQ(queued()[0].recipient, "reader@example.org");
  EXPECT_NE(message.find("List-Unsubscribe: <https://test.example/unsubscribe/m."), std::string::npos);
  EXPECT_NE(message.find(", <mailto:unsubscribe@test.example"), std::string::npos);
  EXPECT_NE(message.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), std::string::npos);
  const std::string token = token_in(message, "https://test.example/confirm");
  ASSERT_FALSE(token.empty()) << message;

  // A mail scanner follows the link: it sees a button and confirms nothing.
  auto shown = send("GET", "/confirm/" + token);
  ASSERT_EQ(shown.status, 200) << *shown.body;
  EXPECT_TRUE(contains(shown, "method=\"post\""));
  EXPECT_TRUE(contains(shown, "Пацвердзіць падпіску"));
  EXPECT_TRUE(contains(shown, "reader@example.org"));
  EXPECT_EQ(shown.header("Cache-Control"), "no-store");
  EXPECT_EQ(newsletter_->find_subscriber("reader@example.org")->status, SubscriberStatus::pending);
  EXPECT_EQ(send("HEAD", "/confirm/" + token).status, 200);
  EXPECT_EQ(newsletter_->find_subscriber("reader@example.org")->status, SubscriberStatus::pending);

  auto confirmed = send("POST", "/confirm/" + token);
  ASSERT_EQ(confirmed.status, 200) << *confirmed.body;
  EXPECT_TRUE(contains(confirmed, "Вы паспяхова падпісаліся"));
  auto s = newsletter_->find_subscriber("reader@example.org");
  EXPECT_EQ(s->status, SubscriberStatus::confirmed);
  EXPECT_EQ(s->lang, "be");
  EXPECT_EQ(s->topic_ids, (std::vector<Id>{west_id_}));

  // Used: a clear page, not a 500, with a way back.
  auto again = send("POST", "/confirm/" + token);
  EXPECT_EQ(again.status, 410);
  EXPECT_TRUE(contains(again, "href=\"/subscribe?lang=en\""));  // the reader's language: the token names nobody
}

TEST_P(NewsletterPagesTest, SameAnswerForKnownUnknownLimitedAndHoneypot) {
  auto first = subscribe("a%40example.org");
  ASSERT_TRUE(newsletter_->find_subscriber("a@example.org").ok());
  auto token = token_in(queued()[0].message, "https://test.example/confirm");
  ASSERT_EQ(send("POST", "/confirm/" + token).status, 200);
  auto known = subscribe("a%40example.org");
  auto unknown = subscribe("b%40example.org");
  auto bot = subscribe("c%40example.org", "&website=http%3A%2F%2Fspam.example");
  for (const auto* r : {&known, &unknown, &bot}) {
    EXPECT_EQ(r->status, first.status);
    EXPECT_EQ(*r->body, *first.body);
  }
  EXPECT_EQ(newsletter_->find_subscriber("c@example.org").code(), ErrorCode::not_found);  // honeypot: nothing done
  EXPECT_EQ(queued().size(), 2u);  // a's first mail and b's; none for the confirmed a nor the bot
}

TEST_P(NewsletterPagesTest, FloodingOneAddressQueuesAtMostTheLimit) {
  for (int i = 0; i < 100; ++i) {
    auto r = subscribe("victim%40example.org", "", "198.51.100." + std::to_string(i % 250));
    ASSERT_EQ(r.status, 200);
  }
  EXPECT_EQ(queued().size(), std::size_t(subscriptions_->options().max_confirmations_per_address));
  // And from one IP, the per-IP limit holds across addresses.
  for (int i = 0; i < 30; ++i) subscribe("x" + std::to_string(i) + "%40example.org", "", "203.0.113.5");
  EXPECT_EQ(queued().size(), std::size_t(subscriptions_->options().max_confirmations_per_address +
                                         subscriptions_->options().max_subscribes_per_ip));
}

TEST_P(NewsletterPagesTest, MalformedInputIsA422WithTheFormRefilled) {
  auto bad = subscribe("not%20an%20address%3Cb%3E");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad, "Гэта не падобна на адрас электроннай пошты"));  // in the form's language
  EXPECT_TRUE(contains(bad, "value=\"not an address&lt;b&gt;\""));  // refilled, escaped
  EXPECT_TRUE(contains(bad, "aria-invalid=\"true\""));
  EXPECT_TRUE(contains(bad, "<option value=\"be\" lang=\"be\" selected>"));
  EXPECT_EQ(send("POST", "/subscribe", "email=a%40example.org&lang=xx").status, 422);
  EXPECT_EQ(send("POST", "/subscribe", "email=a%40example.org&lang=en&topic=nope").status, 422);
  EXPECT_EQ(send("POST", "/subscribe", "email=a%40example.org", "text/plain").status, 400);
  EXPECT_EQ(send("POST", "/subscribe", "email=" + std::string(20000, 'a')).status, 400);
  EXPECT_EQ(send("POST", "/subscribe", "email=%ZZ").status, 400);
  EXPECT_NE(send("POST", "/subscribe/", "email=a%40example.org").status, 200);  // no such form target
  EXPECT_TRUE(queued().empty());
  // An internationalized domain is fine.
  EXPECT_EQ(subscribe("ivan%40%D0%BF%D1%80%D0%B8%D0%BC%D0%B5%D1%80.%D1%80%D1%84").status, 200);
  EXPECT_TRUE(newsletter_->find_subscriber("ivan@xn--e1afmkfd.xn--p1ai").ok());
}

TEST_P(NewsletterPagesTest, ForgedAndExpiredTokensGetClearPages) {
  subscribe("a%40example.org");
  const std::string token = token_in(queued()[0].message, "https://test.example/confirm");
  std::string forged = token;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  const std::vector<std::string> targets = {"/confirm/" + forged, "/confirm/%FF", "/unsubscribe/" + forged,
                                            "/preferences/garbage", "/unsubscribe/" + token /* a confirm token */};
  for (const std::string& target : targets) {
    auto r = send("GET", target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(r.header("Cache-Control"), "no-store");
    EXPECT_TRUE(contains(r, "href=\"/")) << target;
  }
  EXPECT_EQ(send("POST", "/confirm/" + forged).status, 400);
  clock_.set(clock_.now() + hours(24 * 8));
  accept_language_ = "be";  // a dead token names nobody: the reader's language
  auto expired = send("POST", "/confirm/" + token);
  EXPECT_EQ(expired.status, 410);
  EXPECT_TRUE(contains(expired, "Тэрмін дзеяння спасылкі скончыўся"));
  EXPECT_EQ(newsletter_->find_subscriber("a@example.org")->status, SubscriberStatus::pending);
}

TEST_P(NewsletterPagesTest, OneClickUnsubscribeWithoutCookiesThenResubscribe) {
  subscribe("a%40example.org");
  const std::string message = queued()[0].message;
  ASSERT_EQ(send("POST", "/confirm/" + token_in(message, "https://test.example/confirm"))
                .status,
            200);
  const std::string manage = token_in(message, "https://test.example/unsubscribe");
  ASSERT_FALSE(manage.empty());

  auto page = send("GET", "/unsubscribe/" + manage);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page, "Адпісацца"));  // the subscriber's language, not the default
  EXPECT_EQ(newsletter_->find_subscriber("a@example.org")->status, SubscriberStatus::confirmed);

  // RFC 8058: no cookie, no CSRF token, multipart or urlencoded body; 200, never a redirect.
  auto one_click = send("POST", "/unsubscribe/" + manage,
                        "--b\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b--\r\n",
                        "multipart/form-data; boundary=b", "209.85.0.1");
  EXPECT_EQ(one_click.status, 200);
  auto urlencoded = send("POST", "/unsubscribe/" + manage, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded", "209.85.0.1");
  EXPECT_EQ(urlencoded.status, 200);
  EXPECT_TRUE(urlencoded.header("Location").empty());
  EXPECT_EQ(urlencoded.header("Cache-Control"), "no-store");
  EXPECT_TRUE(contains(urlencoded, "Вы адпісаліся"));
  auto s = newsletter_->find_subscriber("a@example.org");
  EXPECT_EQ(s->status, SubscriberStatus::unsubscribed);

  // Re-subscribing works: a new confirmation, and the old unsubscribe link is retired.
  ASSERT_EQ(subscribe("a%40example.org").status, 200);
  ASSERT_EQ(queued().size(), 2u);
  const std::string second = queued()[1].message;
  EXPECT_EQ(send("GET", "/unsubscribe/" + manage).status, 410);
  ASSERT_EQ(send("POST", "/confirm/" + token_in(second, "https://test.example/confirm"))
                .status,
            200);
  EXPECT_EQ(newsletter_->find_subscriber("a@example.org")->status, SubscriberStatus::confirmed);

  // Consent rows: every step, with keyed IP hashes and never the raw IP.
  auto events = newsletter_->consent_events(s->id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 5u);  // subscribe, confirm, unsubscribe, subscribe, confirm
  EXPECT_EQ((*events)[2].action, ConsentAction::unsubscribe);
  EXPECT_EQ((*events)[2].source, "one-click");
  for (const auto& e : *events) {
    EXPECT_EQ(e.ip_hash.find("192.0.2"), std::string::npos);
    EXPECT_EQ(e.ip_hash.find("209.85"), std::string::npos);
  }
  EXPECT_EQ((*events)[0].ip_hash.size(), 32u);
  EXPECT_EQ((*events)[0].ip_hash, (*events)[1].ip_hash);
}

TEST_P(NewsletterPagesTest, PreferencesPageChangesLanguageAndTopics) {
  subscribe("a%40example.org");
  const std::string manage = token_in(queued()[0].message, "https://test.example/preferences");
  ASSERT_FALSE(manage.empty()) << queued()[0].message;
  auto page = send("GET", "/preferences/" + manage);
  ASSERT_EQ(page.status, 200) << *page.body;
  EXPECT_TRUE(contains(page, "Налады рассылкі"));
  auto saved = send("POST", "/preferences/" + manage, "lang=ru&topic=security");
  ASSERT_EQ(saved.status, 200) << *saved.body;
  EXPECT_TRUE(contains(saved, "Настройки сохранены"));  // answered in the new language
  auto s = newsletter_->find_subscriber("a@example.org");
  EXPECT_EQ(s->lang, "ru");
  EXPECT_EQ(s->topic_ids, (std::vector<Id>{security_id_}));
  EXPECT_EQ(send("POST", "/preferences/" + manage, "lang=zz").status, 422);
  EXPECT_EQ(newsletter_->find_subscriber("a@example.org")->lang, "ru");
}

BAROMETER_ON_BACKENDS(NewsletterPagesTest);

}  // namespace
}  // namespace barometer::web
