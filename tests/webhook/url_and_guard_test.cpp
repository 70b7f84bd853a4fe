// The webhook URL parser and the SSRF guard (docs/decisions/0022-webhooks.md): the refusal table
// at registration (literal hosts) and at delivery (after resolving, on loopback receivers), and
// the signature a receiver verifies.
#include <gtest/gtest.h>

#include "support/webhook_receiver.hpp"
#include "webhook/address_guard.hpp"
#include "webhook/http_post.hpp"
#include "webhook/signature.hpp"
#include "webhook/url.hpp"

namespace barometer::webhook {
namespace {

TEST(WebhookUrl, ParsesHttpAndHttpsWithPortsPathsAndIpv6) {
  auto a = parse_url("https://Hooks.Example.org/in?x=1");
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->https);
  EXPECT_EQ(a->host, "hooks.example.org");
  EXPECT_EQ(a->port, 443);
  EXPECT_EQ(a->target, "/in?x=1");
  EXPECT_EQ(host_header(*a), "hooks.example.org");
  auto b = parse_url("http://[2001:db8::1]:8080");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->host, "2001:db8::1");
  EXPECT_EQ(b->port, 8080);
  EXPECT_EQ(b->target, "/");
  EXPECT_EQ(host_header(*b), "[2001:db8::1]:8080");
}

TEST(WebhookUrl, RefusesOtherSchemesCredentialsAndMalformedUrls) {
  for (const char* bad : {"", "ftp://example.org/", "file:///etc/passwd", "gopher://example.org/",
                          "javascript:alert(1)", "//example.org/", "example.org/hook",
                          "https://user:pass@example.org/", "https://user@example.org/", "https://example.org/#frag",
                          "https://exa mple.org/", "https://example.org:0/", "https://example.org:65536/",
                          "https://example.org:/", "https://[::1/", "https:///path", "https://ex..ample.org/",
                          "https://example.org/\xd1\x84", "http://example.org:80x/"}) {
    EXPECT_FALSE(parse_url(bad).ok()) << bad;
  }
  EXPECT_FALSE(parse_url("https://example.org/" + std::string(kMaxUrlLength, 'a')).ok());
}

// The registration-time table: every literal below is refused while private addresses are not
// allowed, and accepted when they are.
TEST(WebhookGuard, RefusesEveryNonPublicLiteral) {
  struct Case {
    const char* host;
    const char* reason;
  };
  for (const Case& c : {Case{"127.0.0.1", "loopback"}, Case{"127.1", "loopback"}, Case{"2130706433", "loopback"},
                        Case{"0x7f.0.0.1", "loopback"}, Case{"::1", "loopback"}, Case{"10.1.2.3", "private"},
                        Case{"172.16.0.1", "private"}, Case{"172.31.255.255", "private"}, Case{"192.168.1.1", "private"},
                        Case{"100.64.0.1", "private"}, Case{"169.254.169.254", "link-local"},
                        Case{"fe80::1", "link-local"}, Case{"fd00::1", "unique-local"}, Case{"fc00::1", "unique-local"},
                        Case{"::ffff:127.0.0.1", "loopback"}, Case{"::ffff:10.0.0.1", "private"},
                        Case{"::ffff:169.254.169.254", "link-local"}, Case{"64:ff9b::7f00:1", "loopback"},
                        Case{"2002:7f00:1::", "loopback"}, Case{"0.0.0.0", "unspecified"}, Case{"::", "unspecified"},
                        Case{"224.0.0.1", "multicast"}, Case{"ff02::1", "multicast"}, Case{"255.255.255.255", "reserved"},
                        Case{"::127.0.0.1", "reserved"}}) {
    auto ip = parse_ip_literal(c.host);
    ASSERT_TRUE(ip.has_value()) << c.host;
    EXPECT_EQ(refusal_reason(*ip), c.reason) << c.host;
    auto refused = check_literal_host(c.host, false);
    EXPECT_EQ(refused.code(), ErrorCode::invalid) << c.host;
    EXPECT_EQ(refused.error().field, "url");
    EXPECT_TRUE(check_literal_host(c.host, true).ok()) << c.host;
  }
  for (const char* ok : {"93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:93.184.216.34"}) {
    auto ip = parse_ip_literal(ok);
    ASSERT_TRUE(ip.has_value()) << ok;
    EXPECT_EQ(refusal_reason(*ip), "") << ok;
    EXPECT_TRUE(check_literal_host(ok, false).ok()) << ok;
  }
  // Names are judged after resolving, at delivery.
  EXPECT_TRUE(check_literal_host("localhost", false).ok());
}

TEST(WebhookSignature, ReceiversCanVerifyItAndNothingElsePasses) {
  const std::string body = R"({"event":"commentary.published"})";
  const std::string header = signature_header("whsec_s", 1700000000, body);
  EXPECT_EQ(header.rfind("t=1700000000,v1=", 0), 0u);
  EXPECT_EQ(header.size(), std::string("t=1700000000,v1=").size() + 64);
  EXPECT_TRUE(verify_signature("whsec_s", header, body));
  EXPECT_FALSE(verify_signature("whsec_other", header, body));
  EXPECT_FALSE(verify_signature("whsec_s", header, body + " "));
  EXPECT_FALSE(verify_signature("whsec_s", "t=1700000001" + header.substr(12), body));
  EXPECT_FALSE(verify_signature("whsec_s", "garbage", body));
  // Known answer, computed independently with
  // python3 -c "import hmac,hashlib;print(hmac.new(b'key',b'1.x',hashlib.sha256).hexdigest())").
  EXPECT_EQ(signature_hex("key", 1, "x"), "fc4913c41a7bf793267e2a384f3261c9436ec2cd097bd745e7b0d99113f510ec");
}

// Delivery-time checks on a real receiver on loopback.
TEST(WebhookPost, RefusesLoopbackAfterResolvingUnlessAllowed) {
  testing::WebhookReceiver receiver;
  PostOptions options;
  options.total_timeout = std::chrono::milliseconds(3000);
  for (const std::string& host : {std::string("127.0.0.1"), std::string("localhost")}) {
    auto url = parse_url("http://" + host + ":" + std::to_string(receiver.port()) + "/hook");
    ASSERT_TRUE(url.ok());
    PostResult refused = http_post(*url, {}, "{}", options);
    EXPECT_TRUE(refused.refused) << host << ": " << refused.error;
    EXPECT_FALSE(refused.status.has_value());
    EXPECT_NE(refused.error.find("loopback"), std::string::npos) << refused.error;
  }
  EXPECT_TRUE(receiver.requests().empty());

  options.allow_private = true;
  receiver.answer(201, "created <b>");
  auto url = parse_url(receiver.url("/hook?x=1"));
  PostResult ok = http_post(*url, {{"Content-Type", "application/json"}, {"Barometer-Event", "test"}}, "{\"a\":1}",
                            options);
  EXPECT_EQ(ok.status, 201) << ok.error;
  EXPECT_EQ(ok.body, "created <b>");
  const auto all = receiver.requests();
  ASSERT_EQ(all.size(), 1u);
  const auto& got = all.front();
  EXPECT_EQ(got.method, "POST");
  EXPECT_EQ(got.target, "/hook?x=1");
  EXPECT_EQ(got.body, "{\"a\":1}");
  EXPECT_EQ(got.headers.at("content-type"), "application/json");
  EXPECT_EQ(got.headers.at("barometer-event"), "test");
  EXPECT_EQ(got.headers.at("host"), "127.0.0.1:" + std::to_string(receiver.port()));
}

TEST(WebhookPost, AHangingReceiverCostsAtMostTheTotalTimeout) {
  testing::WebhookReceiver receiver;
  receiver.hang(true);
  PostOptions options;
  options.allow_private = true;
  options.total_timeout = std::chrono::milliseconds(700);
  const auto start = std::chrono::steady_clock::now();
  PostResult r = http_post(*parse_url(receiver.url()), {}, "{}", options);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(r.status.has_value());
  EXPECT_FALSE(r.error.empty());
  EXPECT_LT(took, std::chrono::milliseconds(3000));
  receiver.hang(false);
}

TEST(WebhookPost, ARefusedConnectionIsAnErrorNotACrash) {
  int port;
  {
    testing::WebhookReceiver closed;
    port = closed.port();
  }
  PostOptions options;
  options.allow_private = true;
  options.total_timeout = std::chrono::milliseconds(2000);
  PostResult r = http_post(*parse_url("http://127.0.0.1:" + std::to_string(port) + "/"), {}, "{}", options);
  EXPECT_FALSE(r.status.has_value());
  EXPECT_FALSE(r.refused);
  EXPECT_NE(r.error.find("connect"), std::string::npos) << r.error;
}

}  // namespace
}  // namespace barometer::webhook
