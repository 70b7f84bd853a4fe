// SiteContent: the back office's changes to what readers see besides commentaries — topics and
// their order on the home page, authors, pages, the site's settings. Each change is ONE
// transaction with its audit line (history::AuditedChanges), and the acting user's role is
// checked there: topics, authors and pages need manage_content, settings manage_staff.
//
// What holds whatever the caller (back office, import, CLI) is decided here or by the database:
// a new topic goes last, a move renumbers positions 1..n, slugs and keys are unique (conflict).
// Checking a form's fields (required names, lengths) stays with the form that shows the errors.
//
// Thread-safe (the database is); the database and clock must outlive the object.
#pragma once

#include <string>

#include "domain/clock.hpp"
#include "domain/author.hpp"
#include "domain/page.hpp"
#include "domain/result.hpp"
#include "domain/site.hpp"
#include "domain/staff.hpp"
#include "domain/topic.hpp"
#include "services/history/audited_changes.hpp"
#include "storage/database.hpp"

namespace barometer::editorial {

enum class Move { up, down };

class SiteContent {
 public:
  SiteContent(Database& database, const Clock& clock) : changes_(database, clock) {}

  // Adds `topic` after every other topic; returns it with its id and position. conflict when
  // the slug is taken.
  Result<Topic> add_topic(const StaffUser& by, Topic topic);
  // Writes `topic` over the stored topic with its id. `was` is the stored topic the editor saw
  // (the audit line names a changed slug). conflict when the new slug is taken.
  Status update_topic(const StaffUser& by, const Topic& topic, const Topic& was);
  // Swaps the topic with its neighbour above or below (nothing at either end) and renumbers
  // every position 1..n, so equal or sparse positions left by an import cannot make a move do
  // nothing. not_found for an unknown slug.
  Status move_topic(const StaffUser& by, const std::string& slug, Move direction);

  Result<Author> add_author(const StaffUser& by, Author author);
  Status update_author(const StaffUser& by, const Author& author, const Author& was);

  Result<Page> add_page(const StaffUser& by, Page page);
  Status update_page(const StaffUser& by, const Page& page, const Page& was);

  // Saves the site's settings. conflict when a language being removed still has commentaries
  // (the database refuses it).
  Status save_settings(const StaffUser& by, const Site& site);

 private:
  history::AuditedChanges changes_;
};

}  // namespace barometer::editorial
