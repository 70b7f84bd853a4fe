// A whole Commentary as JSON text and back: the snapshot format of revisions (HistoryStore).
// Version field "v": 1. Every field of Commentary is kept, including id, status and times.
#pragma once

#include <string>
#include <string_view>

#include "domain/commentary.hpp"
#include "domain/result.hpp"

namespace barometer::storage {

std::string commentary_to_json(const Commentary& c);
// invalid (naming the field) for text that is not a snapshot this program wrote; never throws.
Result<Commentary> commentary_from_json(std::string_view text);

}  // namespace barometer::storage
