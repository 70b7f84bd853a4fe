#include "domain/commentary.hpp"

namespace barometer {

std::string_view to_string(CommentaryStatus s) {
  switch (s) {
    case CommentaryStatus::draft: return "draft";
    case CommentaryStatus::review: return "review";
    case CommentaryStatus::scheduled: return "scheduled";
    case CommentaryStatus::published: return "published";
  }
  return "draft";
}

std::optional<CommentaryStatus> parse_commentary_status(std::string_view s) {
  if (s == "draft") return CommentaryStatus::draft;
  if (s == "review") return CommentaryStatus::review;
  if (s == "scheduled") return CommentaryStatus::scheduled;
  if (s == "published") return CommentaryStatus::published;
  return std::nullopt;
}

}  // namespace barometer
