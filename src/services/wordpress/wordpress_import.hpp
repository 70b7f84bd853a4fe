// `barometer import wordpress`: a WordPress site's export (WXR) becomes barometer's content
// (docs/decisions/0023-wordpress-import.md).
//
// Posts become commentaries (the topic and the assessment from their categories and tags through
// an ImportMap; the period is the ISO week of wp:post_date_gmt, else pubDate), static pages become
// pages, the posts' authors become authors, the posts of one translation group (Polylang's
// post_translations term, WPML's _wpml_import_translation_group) become the translations of one
// commentary or page. Published posts stay published, drafts stay drafts; HTML bodies become
// Markdown (render/html_to_markdown.hpp). Each published post's old path answers 301 to its new
// page (legacy_redirects).
//
// One Database::transact: a broken file (reported with line and column), a database error or a
// dry run leaves nothing written. Re-runnable: every post and author is recorded in
// imported_items under the source (the export's site address), and a second run skips them, so
// importing the same file twice changes nothing. A post whose topic and week already have a
// commentary (another translation group, or one written here) is reported as a duplicate and
// skipped, never merged. The run ends with the audit line `site.import` (its detail: the counts
// as JSON), in the same transaction.
//
// Thread-safety: one call at a time per database is the intended use; the transaction makes
// concurrent runs safe, not useful.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "domain/clock.hpp"
#include "domain/result.hpp"
#include "services/wordpress/import_map.hpp"
#include "storage/database.hpp"

namespace barometer::wordpress {

struct WordPressImportOptions {
  // The export file (WXR 1.1 or 1.2). Required.
  std::string file;
  // Categories and tags to topics and assessments; the defaults of import_map.hpp apply after it.
  ImportMap map;
  // Read, map and write everything, report, then roll back: nothing stays. Default false.
  bool dry_run = false;
  // Bytes read of the file's size, after each item (the CLI's progress bar). May be empty.
  std::function<void(std::uint64_t read, std::uint64_t total)> progress;
  // Per-item lines kept in the report (the counts are always whole). Default 500.
  std::size_t max_notes = 500;
};

struct WordPressImportReport {
  std::string source;            // "wordpress:" + the export's site address
  int topics = 0;                // new topics ([options] create_topics)
  int commentaries = 0;          // new commentaries
  int commentary_translations = 0;  // translations added to a commentary of the same group
  int pages = 0;                 // new pages
  int page_translations = 0;
  int authors = 0;               // new authors (an existing author with the same slug is reused)
  int redirects = 0;             // old paths now answering 301
  int already_imported = 0;      // posts a previous run brought in: skipped
  int duplicates = 0;            // a second commentary for a topic and week: skipped
  int skipped = 0;               // everything else not imported (see `skipped_why`)
  int conversions_with_drops = 0;  // bodies from which something was dropped (scripts, shortcodes, …)
  std::map<std::string, int> skipped_why;       // reason -> posts
  std::map<std::string, std::string> mapping;   // "category \"Security issues\"" -> "topic security"
  std::vector<std::string> unmapped;            // terms that mapped to nothing
  std::vector<std::string> notes;               // one line per notable post ("post 12 (line 40): …")
  std::size_t notes_left_off = 0;
  bool dry_run = false;

  // {"commentaries":N,…}: the audit line's detail and the dashboard's figures.
  std::string counts_json() const;
};

// not_found when the database has no site yet (`barometer init` first); invalid for a file that is
// not a readable WXR (message with file, line and column); io when it cannot be read; the
// database's errors as they come. Nothing is written unless the whole file imported.
Result<WordPressImportReport> import_wordpress(Database& db, const Clock& clock, const WordPressImportOptions& options);

}  // namespace barometer::wordpress
