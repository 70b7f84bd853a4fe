#include "services/backup/archive_tables.hpp"

#include <algorithm>

namespace barometer::backup {

namespace {

// Load order: parents before children (foreign keys are checked row by row on SQLite).
const std::vector<ArchivedTable> kArchivedTables = {
    // content
    {"site", {"id"}},
    {"languages", {"code"}},
    {"site_texts", {"lang"}},
    {"topics", {"id"}},
    {"topic_texts", {"topic_id", "lang"}},
    {"authors", {"id"}},
    {"author_texts", {"author_id", "lang"}},
    {"pages", {"id"}},
    {"page_texts", {"page_id", "lang"}},
    {"commentaries", {"id"}},
    {"commentary_authors", {"commentary_id", "author_id"}},
    {"commentary_translations", {"commentary_id", "lang"}},
    {"evidence", {"id"}},
    {"evidence_lines", {"evidence_id", "lang"}},
    // staff: accounts with their argon2id hashes, two-factor secrets and hashed recovery codes
    {"staff_users", {"id"}},
    {"commentary_owners", {"commentary_id"}},
    {"staff_two_factor", {"user_id"}},
    {"staff_recovery_codes", {"user_id", "code_hash"}},
    {"staff_known_ips", {"user_id", "client_ip"}},
    {"staff_policy", {"id"}, /*seeded=*/true},
    // history
    {"commentary_revisions", {"id"}},
    {"audit_log", {"id"}},
    // newsletter: subscribers with their consent trail, the secret their links are signed with
    {"site_secrets", {"id"}},
    {"subscribers", {"id"}},
    {"subscriber_consents", {"id"}},
    {"subscriber_prunes", {"id"}},
    {"mail_outbox", {"id"}},
    {"digests", {"id"}},
    {"deliveries", {"id"}},
    // webhooks: the receivers admins registered (with their secrets) and the delivery ledger
    {"webhooks", {"id"}},
    {"webhook_deliveries", {"id"}},
    // imports: what each import brought in (so a second run skips it) and the old addresses
    {"imported_items", {"source", "kind", "source_id"}},
    {"legacy_redirects", {"old_path"}},
};

const std::vector<LeftOutTable> kLeftOutTables = {
    {"schema_migrations", "the manifest carries the schema version; the target keeps its own", false},
    {"content_version", "a counter of this database's content commits; restore's commit moves it", false},
    {"search_documents", "the search index: rebuilt from the commentaries by restore", true},
    {"search_fts", "SQLite's full-text index over search_documents: rebuilt with it", false},
    {"staff_sessions", "sign-ins of the running site: a restored site signs everybody in again", true},
    {"login_failures", "sign-in throttling of the last minutes", true},
    {"rate_events", "subscribe rate limits of the last minutes", true},
};

}  // namespace

std::span<const ArchivedTable> archived_tables() { return kArchivedTables; }
std::span<const LeftOutTable> left_out_tables() { return kLeftOutTables; }

const ArchivedTable* find_archived_table(std::string_view name) {
  auto it = std::find_if(kArchivedTables.begin(), kArchivedTables.end(),
                         [&](const ArchivedTable& t) { return name == t.name; });
  return it == kArchivedTables.end() ? nullptr : &*it;
}

Status check_every_table_listed(const std::vector<std::string>& schema_tables) {
  std::string missing;
  for (const auto& name : schema_tables) {
    bool left_out = std::any_of(kLeftOutTables.begin(), kLeftOutTables.end(),
                                [&](const LeftOutTable& t) { return name == t.name; });
    if (!left_out && !find_archived_table(name)) missing += (missing.empty() ? "" : ", ") + name;
  }
  if (missing.empty()) return {};
  return invalid("tables neither archived nor left out (services/backup/archive_tables.cpp): " + missing);
}

}  // namespace barometer::backup
