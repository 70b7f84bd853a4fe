// The Store: the site's content (what readers see), behind one interface. Callers never know which
// backend (SQLite or PostgreSQL) they talk to; concrete stores are named only in app/. The
// Store is the content facet of the Database (storage/database.hpp).
//
// Contract for every implementation:
// - Thread-safe: any method may be called from any thread at any time.
// - Every write method is atomic on its own; `transact` groups several into one transaction.
// - Expected failures are returned, never thrown: not_found, invalid (input breaks a rule),
//   conflict (uniqueness, e.g. a second commentary for the same topic and period),
//   unavailable (database busy/locked past the timeout, connection lost), io.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/author.hpp"
#include "domain/commentary.hpp"
#include "domain/page.hpp"
#include "domain/result.hpp"
#include "domain/site.hpp"
#include "domain/topic.hpp"

namespace barometer {

// Which commentaries a query returns. Empty optionals do not filter.
struct CommentaryFilter {
  std::optional<Id> topic_id;
  std::optional<Id> author_id;
  std::optional<Period> period;          // exactly this period
  std::optional<Period> from;            // periods >= from
  std::optional<Period> to;              // periods <= to
  std::optional<Period> before;          // periods < before (e.g. "earlier in this topic")
  std::optional<Assessment> assessment;  // exactly this marker
  std::optional<Outlook> outlook;        // exactly this outlook (Outlook::none: without one)
  std::optional<LangCode> lang;          // has a translation in this language
  // Keyset order for the read API (docs/decisions/0021-read-api.md): by id, newest (highest)
  // first, ids < below_id only. An id never changes, so pages cut at an id neither skip nor
  // repeat a row while others are published. Overrides newest_first.
  bool by_id_descending = false;
  std::optional<Id> below_id;            // ids < below_id
  bool published_only = true;            // readers see only status == published
  bool unpublished_only = false;         // only work in progress (draft, review, scheduled); with
                                         // published_only, nothing
  bool newest_first = true;              // by period; ties by topic position
  int offset = 0;                        // rows to skip
  int limit = 0;                         // 0 = no limit
  bool marker_texts = true;              // find_markers only: fill Marker::texts (slugs, titles,
                                         // leads); false = the markers alone (charts, counts)
};

enum class Direction { previous, next };

class Store {
 public:
  virtual ~Store() = default;

  // Runs `work` in one transaction on one connection and commits if it returns ok;
  // rolls back otherwise (also if it throws). `tx` is only valid inside `work`.
  virtual Status transact(const std::function<Status(Store& tx)>& work) = 0;

  // A number that changes whenever stored content may have changed, by this process or any
  // other sharing the database. Cheap enough to call on every request.
  virtual std::uint64_t content_version() = 0;

  // --- Site and languages
  virtual Result<Site> load_site() = 0;            // not_found on an empty database
  virtual Status save_site(const Site& site) = 0;  // replaces name, base URL, languages

  // --- Topics, ordered by position
  virtual Result<std::vector<Topic>> list_topics() = 0;
  virtual Result<Topic> find_topic(std::string_view slug) = 0;
  virtual Result<Id> add_topic(const Topic& topic) = 0;       // conflict on duplicate slug
  virtual Status update_topic(const Topic& topic) = 0;

  // --- Authors, ordered by slug
  virtual Result<std::vector<Author>> list_authors() = 0;
  virtual Result<Author> find_author(std::string_view slug) = 0;
  virtual Result<Id> add_author(const Author& author) = 0;    // conflict on duplicate slug
  virtual Status update_author(const Author& author) = 0;

  // --- Static pages, ordered by position
  virtual Result<std::vector<Page>> list_pages() = 0;
  virtual Result<Page> find_page(const LangCode& lang, std::string_view slug) = 0;
  virtual Result<Id> add_page(const Page& page) = 0;          // conflict on duplicate key/slug
  virtual Status update_page(const Page& page) = 0;

  // --- Commentaries
  // conflict if (topic, period) already has a commentary or a slug is taken in (topic, lang).
  virtual Result<Id> add_commentary(const Commentary& commentary) = 0;
  virtual Status update_commentary(const Commentary& commentary) = 0;  // replaces all parts
  virtual Result<Commentary> get_commentary(Id id) = 0;
  // The published commentary of a topic whose translation in `lang` has `slug`.
  virtual Result<Commentary> find_published(Id topic_id, const LangCode& lang, std::string_view slug) = 0;
  virtual Result<std::vector<Commentary>> find_commentaries(const CommentaryFilter& filter) = 0;
  virtual Result<int> count_commentaries(const CommentaryFilter& filter) = 0;  // ignores offset/limit
  // Lightweight rows for strips, charts and the open data, same filter semantics: no bodies or
  // evidence, but each translation's slug, title and lead (Marker::texts), so every link can name the
  // commentary's own URL. Two queries whatever the number of rows.
  virtual Result<std::vector<Marker>> find_markers(const CommentaryFilter& filter) = 0;
  // Publishes every `scheduled` commentary whose published_at <= now (status becomes published,
  // published_at stays the scheduled time, updated_at = now) in one atomic statement. Returns the
  // ids this call published: when several callers (threads or processes) race, each commentary is
  // published by exactly one of them. Moves content_version() when anything was published.
  virtual Result<std::vector<Id>> publish_due(Instant now) = 0;
  // Whether publish_due(now) would publish anything: a read, so that idle passes of the scheduler
  // write nothing.
  virtual Result<bool> has_due(Instant now) = 0;

  // --- Periods that have at least one published commentary
  virtual Result<std::optional<Period>> latest_published_period() = 0;
  virtual Result<std::optional<Period>> adjacent_published_period(const Period& from, Direction dir) = 0;
};

}  // namespace barometer
