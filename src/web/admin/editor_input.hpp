// Internal to web/admin: the commentary editor's form as typed, its validation, and the
// Commentary it becomes. Kept apart from the page handlers (commentary_pages.cpp) so the rules
// read in one place.
//
// Form fields (all application/x-www-form-urlencoded):
//   topic, period ("2022-W09"), assessment, outlook, author (repeated, slugs)
//   title_<lang>, lead_<lang>, body_<lang>, slug_<lang>      per site language
//   ev_date_<n>, ev_source_<n>, ev_line_<n>_<lang>, ev_remove_<n>   evidence row n = 0, 1, ...
//   schedule_at   "YYYY-MM-DDTHH:MM" (an <input type=datetime-local>), the site's local time
//                 (Site::time_zone), stored as an Instant (i18n/local_time.hpp)
// An evidence row whose fields are all empty is ignored; a row with ev_remove_<n> is dropped.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/author.hpp"
#include "domain/commentary.hpp"
#include "domain/site.hpp"
#include "domain/topic.hpp"
#include "web/url.hpp"

namespace barometer::web::admin {

inline constexpr std::size_t kMaxTitle = 300;        // bytes
inline constexpr std::size_t kMaxLead = 1000;        // bytes
inline constexpr std::size_t kMaxBody = 200000;      // bytes
inline constexpr std::size_t kMaxEvidenceLine = 500; // bytes per language
inline constexpr std::size_t kMaxSourceUrl = 2000;   // bytes
inline constexpr std::size_t kMaxEvidenceRows = 40;  // rows read from one form
inline constexpr std::size_t kBlankEvidenceRows = 3; // empty rows offered for new evidence

// One evidence row exactly as typed.
struct EvidenceInput {
  std::string date, source;
  std::map<LangCode, std::string> line;
  bool remove = false;
};

// What the editor form holds, exactly as typed (so nothing is lost on a validation error).
struct EditorInput {
  std::string topic, period, assessment, outlook;
  std::vector<std::string> authors;  // slugs
  std::map<LangCode, Translation> text;
  std::vector<EvidenceInput> evidence;  // non-blank rows, in form order
  std::string schedule_at;              // "YYYY-MM-DDTHH:MM" (site time zone) or ""
};

using Errors = std::map<std::string, std::string>;  // field name -> catalogue key

// The form of a stored commentary; a schedule shows in `time_zone` (the site's).
EditorInput input_from(const Commentary& c, const std::vector<Topic>& topics, const std::vector<Author>& authors,
                       const std::string& time_zone);
EditorInput input_from(const QueryParams& form, const Site& site);

// Checks the input and fills `out` (keeping id, status and times of `out`). Slugs left empty are
// made from the title. Evidence errors are keyed ev_date_<n> / ev_source_<n> / ev_line_<n>, n
// being the row's index in in.evidence.
Errors validate(EditorInput& in, const std::vector<Topic>& topics, const std::vector<Author>& authors,
                Commentary& out);

// "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS" read as the wall clock in `time_zone` (IANA), as
// an instant; nullopt for anything else, including a time the clocks skip that day (DST).
// A time that happens twice (the hour the clocks go back) is its first occurrence.
std::optional<Instant> parse_schedule_time(const std::string& text, const std::string& time_zone);
// The datetime-local form of `t` in `time_zone`: "YYYY-MM-DDTHH:MM".
std::string schedule_field(Instant t, const std::string& time_zone);

}  // namespace barometer::web::admin
