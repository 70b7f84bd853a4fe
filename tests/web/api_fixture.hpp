// The read API (web/api/read_api.hpp) over the tiny public test site (public_site_fixture.hpp:
// topics security and west, author anna, security 2022-W09 worse+risk in en/be/ru and W08 better
// in en, west W09 unchanged in en/ru, a draft for west W10), behind the standard middleware as
// `serve` runs it, with its own page cache. Tests are TEST_P and run on SQLite and PostgreSQL.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "web/api/read_api.hpp"
#include "web/middleware.hpp"
#include "web/public_site_fixture.hpp"
#include "web/url.hpp"

namespace barometer::web::testing_support {

class ApiTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    auto db = open_database();
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    seed_public_site(db_->content(), ids_);
    if (HasFatalFailure()) return;
    api::ReadApiOptions o;
    o.base_url = "http://api.test";
    o.rate_limit = 0;
    make_api(o);
  }

  void make_api(api::ReadApiOptions o) {
    cache_ = std::make_shared<PageCache>();
    o.cache = cache_;
    auto api = api::make_read_api(db_->content(), &db_->search(), o);
    ASSERT_TRUE(api.ok()) << api.error().message;
    handler_ = with_standard_middleware(std::move(*api));
  }

  Response fetch(const std::string& target, const std::string& method = "GET", std::vector<Header> headers = {},
                 const std::string& remote = "192.0.2.1") {
    Request r = get(target);
    r.method = method;
    r.headers = std::move(headers);
    r.remote_address = remote;
    return handler_->handle(r);
  }

  // The body of a 200 (or `status`) as JSON; fails the test when it is not JSON.
  nlohmann::json json_of(const std::string& target, int status = 200) {
    Response r = fetch(target);
    EXPECT_EQ(r.status, status) << target << ": " << *r.body;
    EXPECT_EQ(r.header("Content-Type"), "application/json") << target;
    auto parsed = nlohmann::json::parse(*r.body, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << target << ": not JSON: " << *r.body;
    return parsed;
  }

  // The ids in a list's "data" (commentaries' "id", search hits' "commentary").
  static std::vector<std::int64_t> ids_in(const nlohmann::json& page, const char* key = "id") {
    std::vector<std::int64_t> out;
    for (const auto& item : page["data"]) out.push_back(item[key].get<std::int64_t>());
    return out;
  }

  // The path and query of an absolute next URL ("http://api.test/api/v1/x?y" -> "/api/v1/x?y").
  static std::string local(const std::string& url) {
    const std::string base = "http://api.test";
    return url.rfind(base, 0) == 0 ? url.substr(base.size()) : url;
  }

  // Published commentaries' ids, newest (highest) first, as the store has them.
  std::vector<std::int64_t> published_ids() {
    CommentaryFilter f;
    f.by_id_descending = true;
    auto rows = db_->content().find_commentaries(f);
    EXPECT_TRUE(rows.ok());
    std::vector<std::int64_t> out;
    if (rows)
      for (const auto& c : *rows) out.push_back(c.id);
    return out;
  }

  std::unique_ptr<Database> db_;
  std::shared_ptr<PageCache> cache_;
  std::unique_ptr<Handler> handler_;
  SeedIds ids_;
};

}  // namespace barometer::web::testing_support
