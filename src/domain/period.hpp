// A period: the unit of the monitor's rhythm. By default (and for now only) an ISO 8601 week,
// Monday to Sunday, identified as "2022-W09". Weeks 52/53 and year boundaries follow ISO 8601:
// week 1 is the week with the year's first Thursday.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "domain/date.hpp"
#include "domain/result.hpp"

namespace barometer {

class Period {
 public:
  // The week that contains `date`.
  static Period containing(Date date);
  // Parses "2022-W09" (also accepts lowercase 'w'). Rejects week 0, week 53 in 52-week years.
  static Result<Period> parse(std::string_view id);
  // Number of ISO weeks (52 or 53) in ISO year `iso_year`.
  static int weeks_in_year(int iso_year);

  int iso_year() const { return iso_year_; }
  int week() const { return week_; }
  Date start() const { return start_; }       // Monday
  Date end() const { return start_ + std::chrono::days{6}; }  // Sunday, inclusive
  std::string id() const;                     // "2022-W09"
  Period next() const { return containing(start_ + std::chrono::days{7}); }
  Period previous() const { return containing(start_ - std::chrono::days{7}); }

  friend bool operator==(const Period& a, const Period& b) { return a.start_ == b.start_; }
  friend auto operator<=>(const Period& a, const Period& b) { return a.start_ <=> b.start_; }

 private:
  Period(int iso_year, int week, Date start) : iso_year_(iso_year), week_(week), start_(start) {}
  int iso_year_;
  int week_;
  Date start_;
};

}  // namespace barometer
