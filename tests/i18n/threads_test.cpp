// Smoke test: the per-thread ICU caches give every thread the same, correct text.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "i18n/catalogue.hpp"
#include "i18n/date_format.hpp"
#include "i18n/negotiate.hpp"
#include "i18n/plural.hpp"
#include "i18n/slug.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

TEST(Threads, FourThreadsFormatConcurrently) {
  auto ru = Catalogue::load((testing::source_dir() / "tests/i18n/fixtures/ru.toml").string(), "ru_RU");
  ASSERT_TRUE(ru.ok());
  const Catalogue& catalogue = *ru;
  const Date first = make_date(2022, 2, 28);
  const Date last = make_date(2022, 3, 6);
  // Computed once on this thread; the workers must agree with it.
  const std::string en_range = format_date_range(first, last, "en");
  const std::string ru_range = format_date_range(first, last, "ru_RU", DateStyle::short_);
  const std::string be_date = format_date(last, "be_BY");

  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        if (format_date_range(first, last, "en") != en_range) ++mismatches;
        if (format_date_range(first, last, "ru_RU", DateStyle::short_) != ru_range) ++mismatches;
        if (format_date(last, "be_BY") != be_date) ++mismatches;
        if (slugify("Мінск будзе абараняць Крэмль") != "minsk-budze-abaranyats-kreml") ++mismatches;
        if (catalogue.format("commentaries_count", {}, {{"count", 21 + t}}) !=
            (t == 0 ? "21 комментарий" : t == 1 ? "22 комментария" : t == 2 ? "23 комментария" : "24 комментария"))
          ++mismatches;
        if (plural_category(5, "be_BY") != "many") ++mismatches;
        if (negotiate_language("be-BY, ru;q=0.5", {"en", "be", "ru"}, "en") != "be") ++mismatches;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_EQ(en_range, "February 28\u2009–\u2009March 6, 2022");
}

}  // namespace
}  // namespace barometer
