// A commentary: the one assessment of a topic for a period, with its evidence and translations.
// Unique per (topic, period).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/assessment.hpp"
#include "domain/date.hpp"
#include "domain/period.hpp"
#include "domain/topic.hpp"

namespace barometer {

// draft -> review -> scheduled | published. Only `published` is visible to readers.
enum class CommentaryStatus { draft, review, scheduled, published };
std::string_view to_string(CommentaryStatus s);
std::optional<CommentaryStatus> parse_commentary_status(std::string_view s);

// A dated event behind the marker. Date and source are shared; the line is per language.
struct Evidence {
  Date date;
  std::string source_url;           // optional; http(s) only
  PerLanguage<std::string> line;    // one sentence per language
};

struct Translation {
  std::string title;   // headline
  std::string lead;    // one sentence that explains the marker
  std::string body;    // Markdown (raw HTML is never rendered)
  std::string slug;    // unique within (topic, language); ASCII [a-z0-9-]
};

struct Commentary {
  Id id = 0;
  Id topic_id = 0;
  Period period = Period::containing(make_date(1970, 1, 1));
  Assessment assessment = Assessment::unchanged;
  Outlook outlook = Outlook::none;
  std::vector<Id> author_ids;       // in byline order
  CommentaryStatus status = CommentaryStatus::draft;
  std::optional<Instant> published_at;  // set when published, or the scheduled time
  Instant updated_at{};
  std::vector<Evidence> evidence;   // ordered by date
  PerLanguage<Translation> translations;
};

// One language's address, headline and lead of a marker's commentary (no body).
struct MarkerText {
  LangCode lang;
  std::string slug;    // the commentary's slug in `lang` (its URL there)
  std::string title;
  std::string lead;
};

// What a strip cell, a chart, an archive entry or the open data needs, without bodies or
// evidence: enough to name and link the commentary's own page in each language that has it.
struct Marker {
  Id commentary_id = 0;
  Id topic_id = 0;
  Period period = Period::containing(make_date(1970, 1, 1));
  Assessment assessment = Assessment::unchanged;
  Outlook outlook = Outlook::none;
  std::vector<MarkerText> texts;  // one per translation, ordered by language code

  // The text in `lang`, or nullptr.
  const MarkerText* text(const LangCode& lang) const {
    for (const auto& t : texts)
      if (t.lang == lang) return &t;
    return nullptr;
  }
};

}  // namespace barometer
