// TrustedProxies: which address is the client's (spoofed X-Forwarded-For from an untrusted peer
// ignored, proxy chains, IPv6, garbage), and over real sockets: behind a trusted proxy two
// X-Forwarded-For clients get separate subscribe limits, while an untrusted peer's header is
// ignored (web::Server + the public site + Subscriptions on SQLite).
#include "web/client_address.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "services/newsletter/subscriptions.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"
#include "web/middleware.hpp"
#include "web/public_site.hpp"
#include "web/server.hpp"

namespace barometer::web {
namespace {

TrustedProxies trusting(std::vector<std::string> entries) {
  auto t = TrustedProxies::parse(entries);
  EXPECT_TRUE(t.ok()) << t.error().message;
  return t.ok() ? std::move(*t) : TrustedProxies();
}

TEST(TrustedProxies, ParsesAddressesAndNetworksAndRefusesTheRest) {
  auto t = trusting({"127.0.0.1", " 10.0.0.0/8 ", "::1", "fd00::/8", "192.168.1.77/24"});
  EXPECT_FALSE(t.empty());
  EXPECT_TRUE(t.trusts("127.0.0.1"));
  EXPECT_FALSE(t.trusts("127.0.0.2"));
  EXPECT_TRUE(t.trusts("10.200.3.4"));
  EXPECT_FALSE(t.trusts("11.0.0.1"));
  EXPECT_TRUE(t.trusts("::1"));
  EXPECT_TRUE(t.trusts("fd12:3456::1"));
  EXPECT_FALSE(t.trusts("fe80::1"));
  EXPECT_TRUE(t.trusts("192.168.1.3"));  // host bits of the entry ignored: 192.168.1.0/24
  EXPECT_FALSE(t.trusts("192.168.2.3"));
  EXPECT_TRUE(t.trusts("::ffff:10.1.1.1"));  // an IPv4 peer as a dual-stack socket reports it
  EXPECT_FALSE(t.trusts("not an address"));
  EXPECT_FALSE(t.trusts(""));
  EXPECT_TRUE(TrustedProxies().empty());
  EXPECT_FALSE(TrustedProxies().trusts("127.0.0.1"));

  for (const char* bad : {"", "localhost", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0/8", "1.2.3.4/8x",
                          "10.0.0.0/0000000000000000000008", "1.2.3.4, 5.6.7.8", "::1/-1"}) {
    auto r = TrustedProxies::parse({"127.0.0.1", bad});
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.code(), ErrorCode::invalid);
    EXPECT_NE(r.error().message.find("trusted_proxies"), std::string::npos) << r.error().message;
  }
  EXPECT_FALSE(TrustedProxies::parse({std::string("127.0.0.1\0/8", 12)}).ok());  // a NUL cuts nothing short
}

TEST(TrustedProxies, AnUntrustedPeersForwardedForIsIgnored) {
  auto t = trusting({"10.0.0.0/8"});
  EXPECT_EQ(t.client_address("203.0.113.5", "198.51.100.1"), "203.0.113.5");
  EXPECT_EQ(t.client_address("203.0.113.5", "10.0.0.1"), "203.0.113.5");
  // Nobody trusted: the peer, whatever it says.
  EXPECT_EQ(TrustedProxies().client_address("127.0.0.1", "198.51.100.1"), "127.0.0.1");
}

TEST(TrustedProxies, ATrustedPeerNamesTheRightMostUntrustedAddress) {
  auto t = trusting({"127.0.0.1", "10.0.0.0/8"});
  EXPECT_EQ(t.client_address("127.0.0.1", "198.51.100.1"), "198.51.100.1");
  // The client sent its own header; nginx appended the real address: only that one counts.
  EXPECT_EQ(t.client_address("127.0.0.1", "1.2.3.4, 198.51.100.1"), "198.51.100.1");
  EXPECT_EQ(t.client_address("127.0.0.1", "anything at all, 198.51.100.1"), "198.51.100.1");
  // A chain of trusted proxies is walked through.
  EXPECT_EQ(t.client_address("127.0.0.1", "1.2.3.4,198.51.100.1, 10.0.0.7 ,\t10.0.0.8"), "198.51.100.1");
  // Every hop trusted: the left-most is the farthest known.
  EXPECT_EQ(t.client_address("127.0.0.1", "10.0.0.9, 10.0.0.7"), "10.0.0.9");
  // No header, or an empty one: the peer.
  EXPECT_EQ(t.client_address("127.0.0.1", ""), "127.0.0.1");
  EXPECT_EQ(t.client_address("127.0.0.1", "  "), "127.0.0.1");
}

TEST(TrustedProxies, Ipv6ClientsAndProxies) {
  auto t = trusting({"::1", "fd00::/8"});
  EXPECT_EQ(t.client_address("::1", "2001:db8::1"), "2001:db8::1");
  EXPECT_EQ(t.client_address("::1", "2001:DB8:0:0::1, fd00::2"), "2001:db8::1");  // canonical text
  EXPECT_EQ(t.client_address("::1", "198.51.100.1"), "198.51.100.1");              // a v4 client
  EXPECT_EQ(t.client_address("::1", "::ffff:198.51.100.1"), "198.51.100.1");       // one key per client
  EXPECT_EQ(t.client_address("2001:db8::99", "2001:db8::1"), "2001:db8::99");       // untrusted peer
  auto v4 = trusting({"127.0.0.1"});
  EXPECT_EQ(v4.client_address("::ffff:127.0.0.1", "2001:db8::5"), "2001:db8::5");  // dual-stack peer
}

TEST(TrustedProxies, GarbageWhereAnAddressIsReadMeansThePeer) {
  auto t = trusting({"127.0.0.1", "10.0.0.0/8"});
  for (const char* garbage : {"unknown", "198.51.100.1:8080", "[2001:db8::1]", "198.51.100.1, 10.0.0.1, garbage",
                              "198.51.100.1,,", "198.51.100.1, ", "300.1.1.1", "\"198.51.100.1\"",
                              "198.51.100.1 198.51.100.2", "1.2.3.4\x01"}) {
    EXPECT_EQ(t.client_address("127.0.0.1", garbage), "127.0.0.1") << garbage;
  }
  EXPECT_EQ(t.client_address("127.0.0.1", std::string(100000, ',') + "198.51.100.1"), "198.51.100.1");
  EXPECT_EQ(t.client_address("127.0.0.1", std::string(5000, 'a')), "127.0.0.1");
}

TEST(TrustedProxies, EveryForwardedForFieldIsReadInOrder) {
  Request r;
  r.headers = {{"X-Forwarded-For", "1.2.3.4"}, {"Host", "x"}, {"x-forwarded-for", "198.51.100.1"}};
  EXPECT_EQ(forwarded_for(r), "1.2.3.4,198.51.100.1");
  EXPECT_EQ(trusting({"127.0.0.1"}).client_address("127.0.0.1", forwarded_for(r)), "198.51.100.1");
  EXPECT_EQ(forwarded_for(Request{}), "");
}

// ---- over real sockets ------------------------------------------------------------------------

// POSTs a subscribe form over `proxy` (one keep-alive connection, like nginx's to its upstream:
// many clients' requests) with that X-Forwarded-For; returns the status.
int subscribe(barometer::testing::HttpConnection& proxy, const std::string& email, const std::string& forwarded_for) {
  return proxy
      .request("POST", "/subscribe",
               {{"Content-Type", "application/x-www-form-urlencoded"}, {"X-Forwarded-For", forwarded_for}},
               "email=" + email + "&lang=en")
      .status;
}

class ClientAddressHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = open_sqlite_database({.path = dir_.file("site.db")});
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    store_ = &db_->content();
    newsletter_ = &db_->subscribers();
    Site site;
    site.name = {{"en", "Test Monitor"}};
    site.subject = {{"en", "Belarus"}};
    site.base_url = "http://test.example";
    site.languages = {{"en", "English", "en"}};
    ASSERT_TRUE(store_->save_site(site).ok());
    newsletter::SubscriptionOptions o;
    o.base_url = "https://test.example";
    o.max_subscribes_per_ip = 2;
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
  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
  }
  void start(std::vector<std::string> trusted) {
    ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.threads = 1;
    options.trusted_proxies = trusting(std::move(trusted));
    auto created = Server::create(std::move(options), *handler_);
    ASSERT_TRUE(created.ok()) << created.error().message;
    server_ = std::move(*created);
    thread_ = std::thread([this] { server_->run(); });
  }
  // The stored subscriber, or one with an empty email when the subscribe changed nothing.
  Subscriber subscriber(const std::string& email) {
    auto s = newsletter_->find_subscriber(email);
    return s.ok() ? *s : Subscriber{};
  }
  bool subscribed(const std::string& email) { return !subscriber(email).email.empty(); }

  barometer::testing::TempDir dir_;
  FixedClock clock_{from_unix(1'750'000'000)};
  std::unique_ptr<Database> db_;           // outlives everything that uses its facets
  Store* store_ = nullptr;                 // db_->content()
  NewsletterStore* newsletter_ = nullptr;  // db_->subscribers()
  std::unique_ptr<newsletter::Subscriptions> subscriptions_;
  std::unique_ptr<Handler> handler_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

TEST_F(ClientAddressHttpTest, BehindATrustedProxyEachForwardedClientHasItsOwnLimit) {
  start({"127.0.0.1"});
  barometer::testing::HttpConnection proxy("127.0.0.1", server_->port());
  // Client A (its own spoofed entry on the left, nginx's on the right) uses up its two.
  EXPECT_EQ(subscribe(proxy, "a1@example.org", "203.0.113.9, 198.51.100.1"), 200);
  EXPECT_EQ(subscribe(proxy, "a2@example.org", "198.51.100.1"), 200);
  EXPECT_EQ(subscribe(proxy, "a3@example.org", "198.51.100.1"), 200);  // same page, nothing done
  EXPECT_EQ(subscribe(proxy, "a4@example.org", "192.0.2.200, 198.51.100.1"), 200);  // spoofing helps not
  EXPECT_TRUE(subscribed("a1@example.org"));
  EXPECT_TRUE(subscribed("a2@example.org"));
  EXPECT_FALSE(subscribed("a3@example.org"));
  EXPECT_FALSE(subscribed("a4@example.org"));
  // Client B, on the same proxy connection, is not limited by A.
  EXPECT_EQ(subscribe(proxy, "b1@example.org", "198.51.100.2"), 200);
  EXPECT_EQ(subscribe(proxy, "b2@example.org", "198.51.100.2"), 200);
  EXPECT_EQ(subscribe(proxy, "b3@example.org", "198.51.100.2"), 200);
  EXPECT_TRUE(subscribed("b1@example.org"));
  EXPECT_TRUE(subscribed("b2@example.org"));
  EXPECT_FALSE(subscribed("b3@example.org"));
  // The consent records hash each client's own address.
  EXPECT_EQ(subscriber("a1@example.org").ip_hash, subscriber("a2@example.org").ip_hash);
  EXPECT_NE(subscriber("a1@example.org").ip_hash, subscriber("b1@example.org").ip_hash);
  EXPECT_FALSE(subscriber("a1@example.org").ip_hash.empty());
}

TEST_F(ClientAddressHttpTest, AnUntrustedPeersForwardedForIsIgnored) {
  start({"10.0.0.0/8", "::1"});  // not the loopback peer this test connects from
  barometer::testing::HttpConnection peer("127.0.0.1", server_->port());
  EXPECT_EQ(subscribe(peer, "c1@example.org", "198.51.100.3"), 200);
  EXPECT_EQ(subscribe(peer, "c2@example.org", "198.51.100.4"), 200);
  EXPECT_EQ(subscribe(peer, "c3@example.org", "198.51.100.5"), 200);
  EXPECT_TRUE(subscribed("c1@example.org"));
  EXPECT_TRUE(subscribed("c2@example.org"));
  EXPECT_FALSE(subscribed("c3@example.org"));  // one peer, one limit, whatever the header says
  EXPECT_EQ(subscriber("c1@example.org").ip_hash, subscriber("c2@example.org").ip_hash);
}

}  // namespace
}  // namespace barometer::web
