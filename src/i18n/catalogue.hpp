// Message catalogues: every UI string, per language, from the theme's locales/<lang>.toml.
// Values are ICU MessageFormat patterns, so plurals follow each language's rules:
//   commentaries_count = "{count, plural, one {# commentary} other {# commentaries}}"
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "domain/site.hpp"

namespace barometer {

class Catalogue {
 public:
  // Loads one TOML file of `key = "pattern"` (nested tables become dotted keys: [marker] worse ->
  // "marker.worse"). invalid on a syntax error or a pattern ICU cannot parse.
  // Errors name the file and line ("locales/be.toml:12: ..."); a missing or unreadable file is io.
  static Result<Catalogue> load(const std::string& path, const std::string& icu_locale);
  // The same from TOML text already in memory (inline test fixtures, embedded themes);
  // `source_name` stands in for the file name in error messages.
  static Result<Catalogue> parse(std::string_view toml_text, const std::string& source_name,
                                 const std::string& icu_locale);

  // Thread-safety: a loaded Catalogue is immutable; every const member may be called from any
  // number of threads (ICU formatters are compiled and cached per thread).
  bool has(std::string_view key) const;
  // The plain string for `key`; the key itself when missing (visible, and caught by tests).
  const std::string& text(std::string_view key) const;
  // The pattern for `key` formatted with named arguments (numbers or strings). A missing key gives
  // the key; a missing argument leaves its placeholder ("{name}") visible.
  std::string format(std::string_view key, const std::map<std::string, std::string>& string_args,
                     const std::map<std::string, long long>& number_args = {}) const;
  const std::map<std::string, std::string, std::less<>>& entries() const { return entries_; }
  const std::string& icu_locale() const { return icu_locale_; }

 private:
  std::map<std::string, std::string, std::less<>> entries_;
  std::string icu_locale_;
};

// All catalogues of a theme, by language code.
class Catalogues {
 public:
  // Loads `dir`/<code>.toml for every language of the site; invalid if one is missing or broken.
  static Result<Catalogues> load(const std::string& dir, const std::vector<Language>& languages);
  const Catalogue* find(const LangCode& code) const;

 private:
  std::map<LangCode, std::shared_ptr<const Catalogue>> by_code_;
};

}  // namespace barometer
