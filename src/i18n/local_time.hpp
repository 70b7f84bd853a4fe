// Wall-clock times in a named time zone (IANA, e.g. "Europe/Berlin"), converted with ICU's time
// zone database so daylight-saving changes fall where the zone's rules put them. Used by the
// editor's schedule field: staff type the site's local time, the store keeps an Instant.
// Thread-safe (every call builds its own ICU objects).
#pragma once

#include <string>
#include <string_view>

#include "domain/date.hpp"
#include "domain/result.hpp"

namespace barometer {

// "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS" (an <input type=datetime-local>) read as the
// wall-clock time in `time_zone`, as an instant.
// - A time the clocks skip (spring forward, e.g. 02:30 in Europe/Berlin on 2022-03-27) is
//   refused: it never happens there.
// - A time that happens twice (fall back, e.g. 02:30 in Europe/Berlin on 2022-10-30) is the
//   first of the two (still in summer time), the earlier instant.
// Errors (ErrorCode::invalid): malformed text, an impossible date or time, a skipped time, an
// unknown zone.
Result<Instant> parse_local_time(std::string_view text, std::string_view time_zone);

// `instant` as the wall-clock "YYYY-MM-DDTHH:MM" in `time_zone` (seconds dropped): the value
// for an <input type=datetime-local>. An unknown zone gives the UTC wall clock.
std::string format_local_time(Instant instant, std::string_view time_zone);

}  // namespace barometer
