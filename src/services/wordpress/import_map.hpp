// How a WordPress site's categories and tags become barometer's topics and assessments: the
// --map file of `barometer import wordpress` (TOML), and the defaults used without one.
//
//   [topics]                 # a category or tag (its name or slug) -> a topic slug
//   "Security issues" = "security"
//   [assessments]            # a category or tag -> worse | better (also "improved") | unchanged
//   "situation got worse" = "worse"
//   [options]
//   default_assessment = "unchanged"   # for posts no term assesses; absent: they are skipped
//   create_topics = true               # a category that maps to no topic becomes a new topic
//
// Defaults, after the file's entries: a term whose slug is a topic's slug, or whose name is a
// topic's name in any language, is that topic; a term that says "worse", "improved",
// "unchanged" in English, Belarusian or Russian (a short list of stems, kAssessmentWords) is
// that assessment. Terms compare case-folded (ASCII and Cyrillic), spaces trimmed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "domain/assessment.hpp"
#include "domain/result.hpp"

namespace barometer::wordpress {

struct ImportMap {
  std::map<std::string, std::string> topics;      // folded term name or slug -> topic slug
  std::map<std::string, Assessment> assessments;  // folded term name or slug -> assessment
  std::optional<Assessment> default_assessment;   // none: a post without one is skipped
  // A post's first category that is neither a topic nor an assessment becomes a new topic (its
  // slug and name; the name in the site's default language). Default false: such posts are skipped.
  bool create_topics = false;
};

// Parses the TOML text; invalid naming the file, line and key for anything unknown or wrong.
Result<ImportMap> parse_import_map(std::string_view toml_text, const std::string& name);
// Reads and parses a file (at most 1 MiB); io when it cannot be read.
Result<ImportMap> load_import_map(const std::string& path);

// Lowercase for ASCII and the Cyrillic letters of Belarusian and Russian; spaces trimmed and
// runs of spaces made one.
std::string fold_term(std::string_view text);

// The assessment the default word list reads in a folded term, if any.
std::optional<Assessment> assessment_from_words(std::string_view folded_term);

}  // namespace barometer::wordpress
