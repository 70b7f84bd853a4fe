#include "services/search/site_search.hpp"

#include <limits>

namespace barometer::site_search {

Result<SearchOutcome> SiteSearch::run(const SearchInput& input) const {
  if (input.page < 1) return invalid("page: must be 1 or more");
  if (page_size_ < 1 || page_size_ > kMaxSearchLimit) return invalid("page size: must be 1..100");
  const auto& analyser = search::Analyser::shared();
  const search::Query query = search::parse_query(input.q, analyser);
  SearchOutcome out;
  out.page = input.page;
  out.has_words = !query.empty();
  out.truncated = query.truncated;
  out.needs_word = query.empty() && input.q.find_first_not_of(" \t\r\n") != std::string::npos;

  SearchRequest r = input.filters;
  r.query = out.has_words ? &query : nullptr;
  r.limit = page_size_;
  if (input.page - 1 > std::numeric_limits<int>::max() / page_size_) return out;  // far past the end
  r.offset = (input.page - 1) * page_size_;
  auto found = store_.search(r);
  if (!found) return found.error();
  out.total = found->total;
  out.pages = (found->total + page_size_ - 1) / page_size_;

  const std::vector<std::string> stems = query.positive_stems();
  for (auto& hit : found->hits) {
    ResultLine line;
    line.title = search::highlight(hit.title, stems, analyser);
    line.snippet = search::snippet(hit.lead + " " + search::markdown_to_plain(hit.body), stems, analyser);
    line.hit = std::move(hit);
    out.lines.push_back(std::move(line));
  }

  if (out.total == 0 && out.has_words) {  // suggestions: where the same words would be found
    SearchRequest wider = r;
    wider.offset = 0;
    wider.limit = 1;
    if (r.lang) {
      wider.lang.reset();
      auto all = store_.search(wider);
      if (!all) return all.error();
      out.in_all_languages = all->total;
      wider.lang = r.lang;
    }
    if (r.from || r.to) {
      wider.from.reset();
      wider.to.reset();
      auto all = store_.search(wider);
      if (!all) return all.error();
      out.in_all_periods = all->total;
    }
  }
  return out;
}

}  // namespace barometer::site_search
