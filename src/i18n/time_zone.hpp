// Time zone names (IANA, e.g. "Europe/Minsk") checked against ICU's time zone database.
#pragma once

#include <string_view>

namespace barometer {

// True when ICU knows `name` as a time zone ID ("Europe/Minsk", "UTC"); false for anything else,
// including ICU's "Etc/Unknown" and strings that are not ASCII IDs. Thread-safe.
bool is_valid_time_zone(std::string_view name);

}  // namespace barometer
