// Subscribers as CSV (RFC 4180: comma-separated, CRLF line ends, fields with , " CR LF quoted and
// quotes doubled; UTF-8 without a BOM) for the admin's export and import.
//
// Columns: email, lang, status, topic_ids (space-separated ids), created_at, confirmed_at
// (ISO 8601 UTC, "" when never), consent_source.
// The email is exported in its stored form, the domain in A-labels (a@xn--80ak6aa92e.com): that
// is the address the database keys on and mail goes to, it round-trips exactly, and every
// spreadsheet shows it unchanged. (The admin list shows U-labels for reading.)
//
// Formula injection: a cell that begins with = + - @ TAB or CR gets a leading ' so spreadsheets
// show it as text; import removes that one ' again.
//
// Import: a header row naming the columns (any order; `email` required, the rest optional) and
// one subscriber per row. Each row is imported as `confirmed` with consent source "import" and a
// consent trail (subscribe + confirm, source "import") — and only when the importer states that
// these people consented (ImportOptions::consented); without it nothing is imported. A row is
// skipped, with its reason, when the address is malformed, already subscribed (any status), its
// language is not one of the site's, its status column says anything but confirmed, or it
// repeats an earlier row. Thread-safe (pure functions and the store).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "domain/subscriber.hpp"
#include "storage/newsletter_store.hpp"

namespace barometer::newsletter {

// One CSV cell with the formula guard applied and RFC 4180 quoting when needed.
std::string csv_cell(std::string_view value);
// The header line and one line per subscriber, CRLF-terminated.
std::string subscribers_to_csv(const std::vector<Subscriber>& subscribers);
// Rows of cells. invalid (naming the line) for a quote left open or text after a closing quote.
Result<std::vector<std::vector<std::string>>> parse_csv(std::string_view text);

struct ImportOptions {
  // The importer confirmed these people consented to the newsletter. Default false: nothing
  // is imported.
  bool consented = false;
  // The site's language codes; a row's lang must be one of them. Default: none (every row with
  // a lang is skipped) — always set it.
  std::vector<LangCode> languages;
  // The language of rows without a lang column/value. Default "" (such rows are skipped).
  LangCode default_lang;
  // Time of the import (created_at, confirmed_at, the consent trail). Default the epoch.
  Instant now{};
  // At most this many data rows are read; the rest are reported as skipped. Default 100000.
  std::size_t max_rows = 100'000;
};

struct ImportSkip {
  std::size_t line = 0;  // 1-based line of the row in the file (the header is line 1)
  std::string email;     // as written in the file
  std::string reason;    // machine key: "invalid_email", "exists", "language", "status", "duplicate", "too_many"
};

struct ImportReport {
  std::size_t imported = 0;
  std::vector<ImportSkip> skipped;
};

// invalid when the CSV is malformed, has no `email` column, or options.consented is false;
// a store error stops the import (rows imported before it stay).
Result<ImportReport> import_subscribers(NewsletterStore& store, std::string_view csv, const ImportOptions& options);

}  // namespace barometer::newsletter
