// Picks the reader's language from an Accept-Language header (RFC 9110 §12.5.4).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/site.hpp"

namespace barometer {

// The available language with the highest q-value (a primary-tag match counts: "ru-RU" -> "ru";
// "*" matches the fallback); `fallback` when nothing matches or the header is malformed.
LangCode negotiate_language(std::string_view accept_language, const std::vector<LangCode>& available,
                            const LangCode& fallback);

}  // namespace barometer
