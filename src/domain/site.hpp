// The site and its languages.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace barometer {

using LangCode = std::string;  // BCP 47, e.g. "en", "be", "ru"

// Text that exists once per language, keyed by language code.
template <class T>
using PerLanguage = std::map<LangCode, T>;

struct Language {
  LangCode code;            // "be"
  std::string name;         // display name in the language itself: "Беларуская"
  std::string icu_locale;   // "be_BY"
};

struct Site {
  PerLanguage<std::string> name;        // "Belarus Barometer" per language
  PerLanguage<std::string> subject;     // what is monitored, for "Situation in …": "Belarus"
  std::string base_url;                 // "http://127.0.0.1:8080", no trailing slash
  std::vector<Language> languages;      // ordered; the first is the default
  std::string time_zone = "UTC";        // IANA name; used for publish times shown to staff

  const Language& default_language() const { return languages.front(); }
  const Language* language(const std::string& code) const {
    for (const auto& l : languages)
      if (l.code == code) return &l;
    return nullptr;
  }
};

}  // namespace barometer
