#include "web/router.hpp"

#include <gtest/gtest.h>

namespace barometer::web {
namespace {

RouteAction echo(std::string name) {
  return [name](const Request&, const RouteParams&) {
    Response r;
    r.set_body(name);
    return r;
  };
}

Router::Result route(const Router& router, std::string_view method, std::string_view path) {
  auto segments = split_path(path);
  EXPECT_TRUE(segments) << path;
  return router.route(method, *segments);
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router.add({"GET", "HEAD"}, "/", echo("root"));
    router.add({"GET", "HEAD"}, "/robots.txt", echo("robots"));
    router.add({"GET", "HEAD"}, "/{lang}/", echo("home"));
    router.add({"GET", "HEAD"}, "/{lang}/topics/{topic}/", echo("topic"));
    router.add({"GET", "HEAD"}, "/static/{*path}", echo("static"));
    router.add({"POST"}, "/subscribe", echo("subscribe"));
  }
  Router router;
};

TEST_F(RouterTest, MatchesLiteralsParamsAndRest) {
  auto r = route(router, "GET", "/be/topics/security/");
  ASSERT_EQ(r.outcome, Router::Outcome::matched);
  EXPECT_EQ(r.params.get("lang"), "be");
  EXPECT_EQ(r.params.get("topic"), "security");
  EXPECT_EQ(*r.route->action(Request{}, r.params).body, "topic");

  auto s = route(router, "GET", "/static/icons/a.svg");
  ASSERT_EQ(s.outcome, Router::Outcome::matched);
  EXPECT_EQ(s.params.rest, (std::vector<std::string>{"icons", "a.svg"}));

  EXPECT_EQ(route(router, "GET", "/").outcome, Router::Outcome::matched);
  EXPECT_EQ(*route(router, "GET", "/").route->action(Request{}, {}).body, "root");
  EXPECT_EQ(route(router, "GET", "/robots.txt").outcome, Router::Outcome::matched);
}

TEST_F(RouterTest, MissingTrailingSlashIsReportedNeverTheReverse) {
  EXPECT_EQ(route(router, "GET", "/en/topics/security").outcome, Router::Outcome::add_slash);
}

TEST(Router, ExtraTrailingSlashIsNotFoundAndRestNeedsASegment) {
  Router router;
  router.add({"GET"}, "/robots.txt", echo("robots"));
  router.add({"GET"}, "/static/{*path}", echo("static"));
  EXPECT_EQ(route(router, "GET", "/robots.txt/").outcome, Router::Outcome::not_found);
  EXPECT_EQ(route(router, "GET", "/static").outcome, Router::Outcome::not_found);
}

TEST_F(RouterTest, WrongMethodListsAllowed) {
  auto r = route(router, "POST", "/en/");
  EXPECT_EQ(r.outcome, Router::Outcome::method_not_allowed);
  EXPECT_EQ(r.allow, "GET, HEAD");
  auto s = route(router, "GET", "/subscribe");
  EXPECT_EQ(s.outcome, Router::Outcome::method_not_allowed);
  EXPECT_EQ(s.allow, "POST");
}

TEST_F(RouterTest, UnknownAndEmptySegmentsAreNotFound) {
  EXPECT_EQ(route(router, "GET", "/en/topics/").outcome, Router::Outcome::not_found);
  EXPECT_EQ(route(router, "GET", "/en//").outcome, Router::Outcome::not_found);
  EXPECT_EQ(route(router, "GET", "/en/topics//").outcome, Router::Outcome::not_found);
  EXPECT_EQ(route(router, "GET", "/a/b/c/d/e/").outcome, Router::Outcome::not_found);
}

}  // namespace
}  // namespace barometer::web
