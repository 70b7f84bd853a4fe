// The built-in demo site: a weekly analytical monitor of Belarus in English, Belarusian and
// Russian (site, five topics, five invented analysts, an "About monitoring" page and one
// published commentary per topic and ISO week), generated deterministically and written into a
// Store in one transaction. Used by `barometer demo` and by tests that need a realistic site.
#pragma once

#include <cstdint>
#include <string>

#include "domain/period.hpp"
#include "domain/result.hpp"
#include "storage/store.hpp"

namespace barometer {

struct DemoOptions {
  // First week that gets commentaries (inclusive). Default 2020-W01 (December 30, 2019 – January 5, 2020).
  Period first = Period::containing(make_date(2020, 1, 1));
  // Last week that gets commentaries (inclusive); must not precede `first`. Default 2023-W52.
  Period last = Period::containing(make_date(2023, 12, 31));
  // Seed of the std::mt19937 that draws every choice; the same options give byte-identical
  // content on every machine.
  std::uint32_t seed = 20220228;
  // The site's public base URL, http(s), without a trailing slash.
  std::string base_url = "http://127.0.0.1:8080";
};

// The most weeks one call generates (about 40 years), so a typo cannot fill the disk.
inline constexpr int kMaxDemoWeeks = 2100;

// Writes the whole demo into `store` in one store.transact(). Errors: conflict when the store
// already has a site (nothing is changed); invalid for bad options (last before first, more than
// kMaxDemoWeeks weeks, base URL not http(s)); any store error rolls everything back.
// The seed commentary (2022-W09, security, worse, risk) is included when that week is in range.
Status seed_demo_site(Store& store, const DemoOptions& options = {});

// True when load_site() finds a site, false when the store is empty; other errors pass through.
Result<bool> demo_site_exists(Store& store);

}  // namespace barometer
