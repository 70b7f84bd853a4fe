#include "services/search/commentary_search.hpp"

#include <algorithm>

#include "search/match.hpp"

namespace barometer::site_search {

namespace {

// Unpublished commentaries read per search at most (newest first): far more than a newsroom has
// in progress, and a bound on the work one request can cause.
constexpr int kMaxWorkInProgress = 2000;

}  // namespace

Result<CommentarySearchOutcome> CommentarySearch::run(std::string_view q) const {
  if (limit_ < 1 || limit_ > kMaxSearchLimit) return invalid("limit: must be 1..100");
  const auto& analyser = search::Analyser::shared();
  const search::Query query = search::parse_query(q, analyser);
  CommentarySearchOutcome out;
  out.has_words = !query.empty();
  out.truncated = query.truncated;
  if (!out.has_words) return out;
  const std::vector<std::string> stems = query.positive_stems();
  auto add = [&](Id id, Id topic_id, Period period, CommentaryStatus status, const LangCode& lang,
                 std::string_view title) {
    if (static_cast<int>(out.found.size()) == limit_) {
      out.more = true;
      return;
    }
    out.found.push_back({id, topic_id, period, status, lang, search::highlight(title, stems, analyser)});
  };

  CommentaryFilter wip;
  wip.published_only = false;
  wip.unpublished_only = true;
  wip.limit = kMaxWorkInProgress;
  auto unpublished = content_.find_commentaries(wip);
  if (!unpublished) return unpublished.error();
  for (const auto& c : *unpublished)
    for (const auto& [lang, t] : c.translations)
      if (search::AnalysedDocument({t.title, t.lead, t.body}, analyser).matches(query)) {
        add(c.id, c.topic_id, c.period, c.status, lang, t.title);
        break;
      }

  SearchRequest r;
  r.query = &query;
  r.limit = kMaxSearchLimit;
  auto published = index_.search(r);
  if (!published) return published.error();
  std::vector<Id> seen;
  for (const auto& hit : published->hits) {
    if (std::find(seen.begin(), seen.end(), hit.commentary_id) != seen.end()) continue;
    seen.push_back(hit.commentary_id);
    add(hit.commentary_id, hit.topic_id, hit.period, CommentaryStatus::published, hit.lang, hit.title);
  }
  if (published->total > static_cast<int>(published->hits.size())) out.more = true;
  return out;
}

}  // namespace barometer::site_search
