// URL slugs from titles in any script: Cyrillic (and others) become Latin via ICU
// transliteration ("Мінск" -> "minsk"), then lowercase ASCII letters, digits and single hyphens.
#pragma once

#include <string>
#include <string_view>

namespace barometer {

// Never empty: falls back to "item" when nothing usable is left. Cut at a word boundary
// to at most `max_length` characters.
std::string slugify(std::string_view utf8_text, std::size_t max_length = 80);
// True when `slug` is non-empty, at most 200 characters, [a-z0-9] and single inner hyphens.
bool is_valid_slug(std::string_view slug);

}  // namespace barometer
