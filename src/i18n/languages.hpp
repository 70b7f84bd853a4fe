// The languages barometer can set up a site in: code, native name, ICU locale. One table for the
// CLI (`barometer init --languages`) and the back office's site settings.
#pragma once

#include <vector>

#include "domain/site.hpp"

namespace barometer {

// In a stable order (English first); immutable, safe from any thread.
const std::vector<Language>& supported_languages();
// The entry for `code`, or nullptr.
const Language* find_supported_language(const LangCode& code);

}  // namespace barometer
