// Table-driven tests of the public site's handler: one row per request, run on both backends.
//
// A row (PageCase) says what a browser sends and what must come back; a table is a
// std::vector<PageCase>; a suite runs every row of its table on SQLite and PostgreSQL against a
// site seeded once per backend (rows only read, so they share it). To run a table:
//   class MyRows : public PageTable {};
//   TEST_P(MyRows, Answers) { run_row(shared_site("my-seed", seed_public_site)); }
//   BAROMETER_ROWS_ON_BACKENDS(MyRows, kMyRows);
// Test names: Backends/MyRows.Answers/<row name>_<backend>. See tests/web/README.md.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "services/search/site_search.hpp"
#include "support/backend_fixture.hpp"
#include "support/temp_dir.hpp"
#include "web/middleware.hpp"
#include "web/public_site_fixture.hpp"

namespace barometer::web::testing_support {

struct PageCase {
  std::string name;                    // the test's name: letters, digits and '_' only, unique per table
  std::string target;                  // path and query, sent as they are (no decoding here)
  std::vector<Header> headers = {};    // request headers: Accept-Language, If-None-Match, Cookie...
  int status = 200;
  std::vector<Header> expect = {};     // response headers; an empty value means "absent"
  std::vector<std::string> has = {};   // the body contains each
  std::vector<std::string> lacks = {}; // the body contains none
  std::optional<std::string> body = {};  // the whole body, when it is short and exact
  std::string method = "GET";
};

inline void PrintTo(const PageCase& c, std::ostream* os) { *os << c.method << " " << c.target; }

// An HTML page of `lang`: its type, language and localized <html>.
inline std::vector<Header> html_in(const std::string& lang) {
  return {{"Content-Type", "text/html; charset=utf-8"}, {"Content-Language", lang}};
}

inline Request request_of(const PageCase& c) {
  Request r = get(c.target);
  r.method = c.method;
  r.headers = c.headers;
  return r;
}

// Every expectation of the row on `r`, each failure naming the row.
inline void expect_row(const PageCase& c, const Response& r) {
  SCOPED_TRACE(c.method + " " + c.target);
  ASSERT_TRUE(r.body);
  EXPECT_EQ(r.status, c.status) << *r.body;
  EXPECT_NE(r.status, 500);  // never, whatever the input
  for (const auto& h : c.expect) EXPECT_EQ(r.header(h.name), h.value) << h.name;
  for (const auto& text : c.has) EXPECT_NE(r.body->find(text), std::string::npos) << "missing: " << text;
  for (const auto& text : c.lacks) EXPECT_EQ(r.body->find(text), std::string::npos) << "present: " << text;
  if (c.body) {
    EXPECT_EQ(*r.body, *c.body);
  }
}

// A seeded site per (seed name, backend), kept until the suite ends.
struct SharedSite {
  barometer::testing::TempDir dir;
  testing::BackendDatabase database;
  std::unique_ptr<Store> store;
  std::unique_ptr<Database> db;                       // for search (another pool, same database)
  std::unique_ptr<site_search::SiteSearch> search;    // one result per page, as archives here
  std::unique_ptr<Handler> handler;
  SeedIds ids;
  explicit SharedSite(const std::string& backend) : database(backend, dir) {}
};

class PageTable : public ::testing::TestWithParam<std::tuple<std::string, PageCase>> {
 protected:
  static std::map<std::string, std::unique_ptr<SharedSite>>& sites() {
    static std::map<std::string, std::unique_ptr<SharedSite>> all;
    return all;
  }
  static void TearDownTestSuite() { sites().clear(); }

  const std::string& backend() const { return std::get<0>(GetParam()); }
  const PageCase& row() const { return std::get<1>(GetParam()); }

  // The site `seed` builds on this test's backend (seeded by the suite's first test to ask);
  // `behind_middleware`: wrapped in with_standard_middleware as `serve` runs it (ETag/304, gzip).
  SharedSite* shared_site(const std::string& name, const std::function<void(Store&, SeedIds&)>& seed,
                          const PublicSiteOptions& options = test_site_options(), bool behind_middleware = false) {
    auto& site = sites()[name + "/" + backend()];
    if (!site) {
      auto fresh = std::make_unique<SharedSite>(backend());
      auto opened = fresh->database.open_store();
      EXPECT_TRUE(opened.ok()) << opened.error().message;
      if (!opened) return nullptr;
      fresh->store = std::move(*opened);
      seed(*fresh->store, fresh->ids);
      if (HasFailure()) return nullptr;
      auto db = fresh->database.open_database();
      EXPECT_TRUE(db.ok()) << db.error().message;
      if (!db) return nullptr;
      fresh->db = std::move(*db);
      fresh->search = std::make_unique<site_search::SiteSearch>(fresh->db->search(), 1);
      auto handler = make_public_site(*fresh->store, options, nullptr, fresh->search.get());
      EXPECT_TRUE(handler.ok()) << handler.error().message;
      if (!handler) return nullptr;
      fresh->handler = behind_middleware ? with_standard_middleware(std::move(*handler)) : std::move(*handler);
      site = std::move(fresh);
    }
    return site.get();
  }

  // Sends the row to `site` and checks the answer.
  void run_row(SharedSite* site) {
    ASSERT_NE(site, nullptr);
    expect_row(row(), site->handler->handle(request_of(row())));
  }
};

inline std::string page_case_name(const ::testing::TestParamInfo<std::tuple<std::string, PageCase>>& info) {
  return std::get<1>(info.param).name + "_" + std::get<0>(info.param);
}

}  // namespace barometer::web::testing_support

// Runs every row of ROWS (a std::vector<PageCase>) through FIXTURE's TEST_Ps on every backend.
#define BAROMETER_ROWS_ON_BACKENDS(FIXTURE, ROWS)                                                  \
  INSTANTIATE_TEST_SUITE_P(Backends, FIXTURE,                                                      \
                           ::testing::Combine(::testing::ValuesIn(::barometer::testing::test_backends()), \
                                              ::testing::ValuesIn(ROWS)),                          \
                           ::barometer::web::testing_support::page_case_name)
