// Middleware, ETag and gzip rules, tested on plain Request/Response values (no network).
#include "web/middleware.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <ostream>
#include <utility>
#include <string>

#include "web/etag.hpp"
#include "web/gzip.hpp"

namespace barometer::web {
namespace {

// A page of `n` bytes of HTML-like text that compresses well.
std::string page_text(std::size_t n) {
  std::string s;
  while (s.size() < n) s += "<p>The situation got worse in week " + std::to_string(s.size() % 53) + ".</p>\n";
  s.resize(n);
  return s;
}

class FnHandler final : public Handler {
 public:
  explicit FnHandler(std::function<Response(const Request&)> fn) : fn_(std::move(fn)) {}
  Response handle(const Request& request) override {
    ++calls;
    return fn_(request);
  }
  int calls = 0;

 private:
  std::function<Response(const Request&)> fn_;
};

Response html(std::string body, int status = 200) {
  Response r;
  r.status = status;
  r.set_header("Content-Type", "text/html; charset=utf-8");
  r.set_body(std::move(body));
  return r;
}

Request get(std::string path = "/en/", std::vector<Header> headers = {}) {
  Request r;
  r.method = "GET";
  r.target = r.path = std::move(path);
  r.headers = std::move(headers);
  return r;
}

int count_headers(const Response& r, std::string_view name) {
  int n = 0;
  for (const auto& h : r.headers) n += iequals(h.name, name);
  return n;
}

// ---- etag ------------------------------------------------------------------------------------

TEST(Etag, StableForSameBodyAndDiffersWhenBodyChanges) {
  std::string body = page_text(30000);
  EXPECT_EQ(make_etag(body), make_etag(std::string(body)));
  std::string changed = body;
  changed[12345] ^= 1;
  EXPECT_NE(make_etag(body), make_etag(changed));
  EXPECT_NE(make_etag("a"), make_etag("b"));
  EXPECT_NE(make_etag(""), make_etag(std::string(1, '\0')));
  std::string tag = make_etag(body);
  ASSERT_EQ(tag.size(), 18u);
  EXPECT_EQ(tag.front(), '"');
  EXPECT_EQ(tag.back(), '"');
}

TEST(Etag, IfNoneMatchWeakComparisonListsAndStar) {
  EXPECT_TRUE(if_none_match_matches("\"abc\"", "\"abc\""));
  EXPECT_TRUE(if_none_match_matches("W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(if_none_match_matches("\"abc\"", "W/\"abc\""));
  EXPECT_TRUE(if_none_match_matches("\"x\", W/\"y\" ,\"abc\"", "\"abc\""));
  EXPECT_TRUE(if_none_match_matches("*", "\"abc\""));
  EXPECT_TRUE(if_none_match_matches("\"a,b\", \"c\"", "\"a,b\""));
  EXPECT_FALSE(if_none_match_matches("\"abd\"", "\"abc\""));
  EXPECT_FALSE(if_none_match_matches("abc", "\"abc\""));
  EXPECT_FALSE(if_none_match_matches("\"abc", "\"abc\""));
  EXPECT_FALSE(if_none_match_matches("", "\"abc\""));
  EXPECT_FALSE(if_none_match_matches("\"x\", \"y\"", "\"abc\""));
}

TEST(Etag, DerivedTagKeepsQuotesAndWeakness) {
  EXPECT_EQ(derive_etag("\"abc\"", "gz"), "\"abc-gz\"");
  EXPECT_EQ(derive_etag("W/\"abc\"", "gz"), "W/\"abc-gz\"");
}

// ---- gzip ------------------------------------------------------------------------------------

TEST(Gzip, RoundTripsAndShrinksText) {
  std::string body = page_text(20000);
  auto gz = gzip_compress(body);
  ASSERT_TRUE(gz);
  EXPECT_LT(gz->size(), body.size() / 3);
  EXPECT_EQ(static_cast<unsigned char>((*gz)[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>((*gz)[1]), 0x8b);
  auto back = gzip_decompress(*gz);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, body);
  EXPECT_FALSE(gzip_decompress("not gzip at all"));
  EXPECT_FALSE(gzip_decompress(gz->substr(0, gz->size() / 2)));  // truncated
  EXPECT_FALSE(gzip_decompress(*gz, 100));                        // over the size limit
}

TEST(Gzip, AcceptEncodingQValues) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("deflate, gzip;q=0.5, br"));
  EXPECT_TRUE(accepts_gzip("GZIP ; q=1.0"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_TRUE(accepts_gzip("x-gzip"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0.000, *"));
  EXPECT_FALSE(accepts_gzip("*;q=0"));
  EXPECT_FALSE(accepts_gzip("br, deflate"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("gzip;q=abc"));
  EXPECT_FALSE(accepts_gzip("identity"));
}

TEST(Gzip, CompressibleTypes) {
  EXPECT_TRUE(is_compressible_type("text/html; charset=utf-8"));
  EXPECT_TRUE(is_compressible_type("application/json"));
  EXPECT_TRUE(is_compressible_type("image/svg+xml"));
  EXPECT_TRUE(is_compressible_type("application/atom+xml; charset=utf-8"));
  EXPECT_FALSE(is_compressible_type("image/png"));
  EXPECT_FALSE(is_compressible_type("application/octet-stream"));
  EXPECT_FALSE(is_compressible_type(""));
}

// ---- ConditionalGet --------------------------------------------------------------------------

TEST(ConditionalGet, AddsStrongEtagFromBodyOrKeepsHandlers) {
  std::string body = page_text(500);
  ConditionalGet cg(std::make_unique<FnHandler>([&](const Request&) { return html(body); }));
  Response r = cg.handle(get());
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("ETag"), make_etag(body));
  EXPECT_EQ(*r.body, body);

  ConditionalGet own(std::make_unique<FnHandler>([&](const Request&) {
    Response x = html(body);
    x.set_header("ETag", "\"v42\"");
    return x;
  }));
  EXPECT_EQ(own.handle(get()).header("ETag"), "\"v42\"");
}

TEST(ConditionalGet, NotModifiedOnMatchIncludingListsWeakAndStar) {
  std::string body = page_text(500);
  std::string tag = make_etag(body);
  auto handler = [&](const Request&) {
    Response r = html(body);
    r.set_header("Cache-Control", "public, max-age=60");
    r.set_header("Vary", "Accept-Language");
    r.set_header("X-Other", "1");
    return r;
  };
  ConditionalGet cg(std::make_unique<FnHandler>(handler));
  for (std::string inm : {tag, "\"zzz\", " + tag, "W/" + tag, std::string("*")}) {
    Response r = cg.handle(get("/en/", {{"If-None-Match", inm}}));
    EXPECT_EQ(r.status, 304) << inm;
    EXPECT_TRUE(r.body->empty());
    EXPECT_EQ(r.header("ETag"), tag);
    EXPECT_EQ(r.header("Cache-Control"), "public, max-age=60");
    EXPECT_EQ(r.header("Vary"), "Accept-Language");
    EXPECT_EQ(r.header("X-Other"), "");
    EXPECT_EQ(r.header("Content-Type"), "");
  }
  Response miss = cg.handle(get("/en/", {{"If-None-Match", "\"other\""}}));
  EXPECT_EQ(miss.status, 200);
  EXPECT_EQ(*miss.body, body);
}

TEST(ConditionalGet, NoNotModifiedForPostOrNon200) {
  std::string body = page_text(500);
  std::string tag = make_etag(body);
  int status = 200;
  ConditionalGet cg(std::make_unique<FnHandler>([&](const Request&) { return html(body, status); }));
  Request post = get("/en/", {{"If-None-Match", tag}});
  post.method = "POST";
  Response r = cg.handle(post);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(*r.body, body);
  EXPECT_EQ(r.header("ETag"), "");

  status = 404;
  Response nf = cg.handle(get("/x", {{"If-None-Match", "*"}}));
  EXPECT_EQ(nf.status, 404);
  EXPECT_EQ(*nf.body, body);

  status = 200;
  Request head = get("/en/", {{"If-None-Match", tag}});
  head.method = "HEAD";
  EXPECT_EQ(cg.handle(head).status, 304);
}

// ---- Compression -----------------------------------------------------------------------------

TEST(Compression, GzipsWhenAcceptedAndWorthwhile) {
  std::string body = page_text(30000);
  Compression c(std::make_unique<FnHandler>([&](const Request&) { return html(body); }));
  Response r = c.handle(get("/en/", {{"Accept-Encoding", "gzip, deflate, br"}}));
  EXPECT_EQ(r.header("Content-Encoding"), "gzip");
  EXPECT_EQ(r.header("Vary"), "Accept-Encoding");
  EXPECT_LT(r.body->size(), body.size());
  auto plain = gzip_decompress(*r.body);
  ASSERT_TRUE(plain);
  EXPECT_EQ(*plain, body);
  EXPECT_EQ(r.header("ETag"), derive_etag(make_etag(body), "gz"));
}

TEST(Compression, NotWhenRefusedSmallOrIncompressibleButVaryStillSet) {
  std::string body = page_text(30000);
  std::string type = "text/html";
  std::string small = page_text(500);
  bool use_small = false;
  Compression c(std::make_unique<FnHandler>([&](const Request&) {
    Response r = html(use_small ? small : body);
    r.set_header("Content-Type", type);
    return r;
  }));
  Response refused = c.handle(get("/", {{"Accept-Encoding", "gzip;q=0, deflate"}}));
  EXPECT_EQ(refused.header("Content-Encoding"), "");
  EXPECT_EQ(*refused.body, body);
  EXPECT_EQ(refused.header("Vary"), "Accept-Encoding");

  Response none = c.handle(get("/"));
  EXPECT_EQ(none.header("Content-Encoding"), "");
  EXPECT_EQ(*none.body, body);

  use_small = true;
  Response tiny = c.handle(get("/", {{"Accept-Encoding", "gzip"}}));
  EXPECT_EQ(tiny.header("Content-Encoding"), "");
  EXPECT_EQ(*tiny.body, small);

  use_small = false;
  type = "image/png";
  Response png = c.handle(get("/", {{"Accept-Encoding", "gzip"}}));
  EXPECT_EQ(png.header("Content-Encoding"), "");
  EXPECT_EQ(png.header("Vary"), "");
}

TEST(Compression, UsesPrecomputedGzipBodyAndHandlersEtag) {
  std::string body = page_text(30000);
  auto cached_gz = std::make_shared<const std::string>(*gzip_compress(body, 9));
  Compression c(std::make_unique<FnHandler>([&](const Request&) {
    Response r = html(body);
    r.gzip_body = cached_gz;
    r.set_header("ETag", "\"page7\"");
    r.set_header("Vary", "Cookie");
    return r;
  }));
  Response r = c.handle(get("/", {{"Accept-Encoding", "gzip"}}));
  EXPECT_EQ(r.body.get(), cached_gz.get());  // sent as is, not recompressed or copied
  EXPECT_EQ(r.header("ETag"), "\"page7-gz\"");
  EXPECT_EQ(r.header("Vary"), "Cookie, Accept-Encoding");
  EXPECT_EQ(count_headers(r, "Vary"), 1);
}

TEST(Compression, IncompressibleBodyIsSentPlain) {
  std::string noise;
  std::uint32_t x = 12345;
  for (int i = 0; i < 5000; ++i) {
    x = x * 1664525u + 1013904223u;
    noise += static_cast<char>(x >> 24);
  }
  Compression c(std::make_unique<FnHandler>([&](const Request&) { return html(noise); }));
  Response r = c.handle(get("/", {{"Accept-Encoding", "gzip"}}));
  EXPECT_EQ(r.header("Content-Encoding"), "");
  EXPECT_EQ(*r.body, noise);
}

// ---- SecurityHeaders and the standard chain --------------------------------------------------

TEST(SecurityHeaders, PresentAndNeverDuplicated) {
  SecurityHeaders s(std::make_unique<FnHandler>([](const Request&) {
    Response r = html("x");
    r.headers.push_back({"x-frame-options", "SAMEORIGIN"});
    return r;
  }));
  Response r = s.handle(get());
  EXPECT_NE(r.header("Content-Security-Policy").find("default-src 'self'"), std::string_view::npos);
  EXPECT_NE(r.header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string_view::npos);
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.header("Referrer-Policy"), "strict-origin-when-cross-origin");
  EXPECT_FALSE(r.header("Permissions-Policy").empty());
  EXPECT_EQ(r.header("X-Frame-Options"), "SAMEORIGIN");
  EXPECT_EQ(count_headers(r, "X-Frame-Options"), 1);
  EXPECT_EQ(count_headers(r, "Content-Security-Policy"), 1);
  EXPECT_EQ(count_headers(r, "Strict-Transport-Security"), 0);
}

TEST(SecurityHeaders, Configurable) {
  SecurityHeadersOptions o;
  o.content_security_policy = "default-src 'none'";
  o.frame_options = "";
  o.strict_transport_security = "max-age=600";
  SecurityHeaders s(std::make_unique<FnHandler>([](const Request&) { return html("x"); }), o);
  Response r = s.handle(get());
  EXPECT_EQ(r.header("Content-Security-Policy"), "default-src 'none'");
  EXPECT_EQ(count_headers(r, "X-Frame-Options"), 0);
  EXPECT_EQ(r.header("Strict-Transport-Security"), "max-age=600");
}

// ---- the standard chain, one row per request ----------------------------------------------------

// A request to with_standard_middleware over a 30 kB HTML page, and what comes back. In
// If-None-Match and ETag, "{plain}" stands for the page's tag and "{gz}" for its gzip tag.
struct ChainCase {
  std::string name;  // the test's name: letters, digits and '_'
  std::vector<Header> headers = {};
  int status = 200;
  std::string etag = "{plain}";
  std::string encoding = {};  // Content-Encoding
  std::string vary = "Accept-Encoding";
  std::string method = "GET";
};

void PrintTo(const ChainCase& c, std::ostream* os) { *os << c.name; }

std::string with_tags(std::string text, const std::string& body) {
  for (const auto& [mark, tag] : {std::pair<std::string, std::string>{"{plain}", make_etag(body)},
                                  {"{gz}", derive_etag(make_etag(body), "gz")}})
    for (auto at = text.find(mark); at != std::string::npos; at = text.find(mark)) text.replace(at, mark.size(), tag);
  return text;
}

const Header kGzip{"Accept-Encoding", "gzip"};

const ChainCase kChainCases[] = {
    {.name = "identity"},
    {.name = "gzip", .headers = {kGzip}, .etag = "{gz}", .encoding = "gzip"},
    {.name = "gzip_refused", .headers = {{"Accept-Encoding", "gzip;q=0, deflate"}}},
    // Each representation validates itself only.
    {.name = "gzip_tag_on_gzip", .headers = {kGzip, {"If-None-Match", "{gz}"}}, .status = 304, .etag = "{gz}"},
    {.name = "gzip_tag_on_identity", .headers = {{"If-None-Match", "{gz}"}}},
    {.name = "plain_tag_on_gzip", .headers = {kGzip, {"If-None-Match", "{plain}"}}, .etag = "{gz}", .encoding = "gzip"},
    {.name = "plain_tag_on_identity", .headers = {{"If-None-Match", "{plain}"}}, .status = 304},
    {.name = "weak_plain_tag", .headers = {{"If-None-Match", "W/{plain}"}}, .status = 304},
    {.name = "tag_in_a_list", .headers = {{"If-None-Match", "\"zzz\", {plain}"}}, .status = 304},
    {.name = "star", .headers = {{"If-None-Match", "*"}}, .status = 304},
    {.name = "other_tag", .headers = {{"If-None-Match", "\"other\""}}},
    {.name = "head_with_plain_tag", .headers = {{"If-None-Match", "{plain}"}}, .status = 304, .method = "HEAD"},
};

class StandardMiddlewareRows : public ::testing::TestWithParam<ChainCase> {};

TEST_P(StandardMiddlewareRows, Answers) {
  const ChainCase& row = GetParam();
  const std::string body = page_text(30000);
  auto chain = with_standard_middleware(std::make_unique<FnHandler>([&](const Request&) { return html(body); }));
  Request request = get("/");
  request.method = row.method;
  for (const auto& h : row.headers) request.headers.push_back({h.name, with_tags(h.value, body)});
  const Response r = chain->handle(request);
  EXPECT_EQ(r.status, row.status);
  EXPECT_EQ(r.header("ETag"), with_tags(row.etag, body));
  EXPECT_EQ(r.header("Content-Encoding"), row.encoding);
  EXPECT_EQ(r.header("Vary"), row.vary);
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.body->empty(), row.status == 304);
}

INSTANTIATE_TEST_SUITE_P(Chain, StandardMiddlewareRows, ::testing::ValuesIn(kChainCases),
                         [](const ::testing::TestParamInfo<ChainCase>& info) { return info.param.name; });

}  // namespace
}  // namespace barometer::web
