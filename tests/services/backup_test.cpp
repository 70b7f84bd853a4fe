// The backup archive (services/backup/, docs/decisions/0024-backup-archive.md) on both backends:
// round trips into SQLite and PostgreSQL give the same bytes, bad archives and non-empty targets
// are refused with nothing written, and an export taken while another thread writes is one
// instant of the database.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <thread>

#include "services/backup/archive_tables.hpp"
#include "services/backup/export_site.hpp"
#include "services/backup/restore_site.hpp"
#include "services/demo/demo_site.hpp"
#include "services/history/audit.hpp"
#include "storage/import_store.hpp"
#include "storage/webhook_store.hpp"
#include "support/backend_fixture.hpp"

namespace barometer::backup {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every table the demo does not fill, with texts that JSON must carry exactly (quotes, a
// newline, a tab, Cyrillic), and the running site's state that the archive leaves out.
constexpr const char* kEverythingElse = R"sql(
INSERT INTO staff_users (id, email, name, role, disabled, password_hash, created_at)
  VALUES (7, 'ed@example.org', 'Эдвард "Ed" O''Neil', 'editor', 0, '$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA', 1700000000);
INSERT INTO staff_users (id, email, name, role, disabled, password_hash, created_at)
  VALUES (9, 'an@example.org', 'Analyst
Two', 'analyst', 1, '$argon2id$other', 1700000100);
INSERT INTO staff_two_factor (user_id, secret, enabled, last_step, created_at) VALUES (7, 'JBSWY3DPEHPK3PXP', 1, 56666666, 1700000200);
INSERT INTO staff_recovery_codes (user_id, code_hash, used_at) VALUES (7, 'aa11', NULL);
INSERT INTO staff_recovery_codes (user_id, code_hash, used_at) VALUES (7, 'bb22', 1700000300);
INSERT INTO staff_known_ips (user_id, client_ip, first_seen_at) VALUES (7, '192.0.2.1', 1700000400);
UPDATE staff_policy SET require_two_factor = 1;
INSERT INTO commentary_owners (commentary_id, staff_user_id) SELECT MIN(id), 9 FROM commentaries;
INSERT INTO commentary_revisions (commentary_id, saved_at, staff_user_id, summary, snapshot)
  SELECT MIN(id), 1700000500, 7, 'first save', '{"v":1}' FROM commentaries;
INSERT INTO audit_log (at, staff_user_id, user_name, action, subject, detail)
  VALUES (1700000600, 7, 'Ed', 'commentary.publish', 'commentary:1', 'a	tab and a \ backslash');
INSERT INTO site_secrets (id, secret) VALUES (1, 'c2VjcmV0');
INSERT INTO subscribers (id, email, lang, topic_ids, status, created_at, confirmed_at, consent_source, ip_hash, manage_nonce)
  VALUES (3, 'reader@example.org', 'be', '1,2', 'confirmed', 1700001000, 1700001100, 'form', 'h1', 'n1');
INSERT INTO subscriber_consents (subscriber_id, at, action, source, ip_hash) VALUES (3, 1700001000, 'subscribe', 'form', 'h1');
INSERT INTO subscriber_consents (subscriber_id, at, action, source, ip_hash) VALUES (3, 1700001100, 'confirm', 'link', 'h1');
INSERT INTO subscriber_prunes (at, pruned) VALUES (1700002000, 4);
INSERT INTO mail_outbox (recipient, message, state, attempts, created_at, next_attempt_at)
  VALUES ('reader@example.org', 'Subject: x', 'sent', 1, 1700001000, 1700001000);
INSERT INTO digests (id, period, lang, state, token, created_at, ready_at, finished_at)
  VALUES (5, '2022-W08', 'be', 'done', 'tok', 1700003000, 1700003100, 1700003200);
INSERT INTO deliveries (digest_id, subscriber_id, email, message_id, state, attempts, sent_at, last_code)
  VALUES (5, 3, 'reader@example.org', '<m1@x>', 'sent', 1, 1700003150, 250);
INSERT INTO staff_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at) VALUES ('th', 7, 'c', 1, 2);
INSERT INTO login_failures (throttle_key, failed_at) VALUES ('ip:x', 5);
INSERT INTO rate_events (rate_key, at) VALUES ('k', 6);
)sql";

// A restore without its audit line, so that the restored site exports the original's bytes.
RestoreOptions quiet(bool force = false) {
  RestoreOptions options;
  options.force = force;
  options.audit = false;
  return options;
}

class Backup : public testing::BackendTest {
 protected:
  void SetUp() override {
    auto db = open_database();
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
  }

  // Five weeks of the demo and a row in every other archived table.
  void seed() {
    DemoOptions options;
    options.first = Period::containing(make_date(2022, 1, 31));
    options.last = Period::containing(make_date(2022, 2, 28));
    auto s = seed_demo_site(db_->content(), options);
    ASSERT_TRUE(s.ok()) << s.error().message;
    auto sql = exec_sql(kEverythingElse, kEverythingElse);
    ASSERT_TRUE(sql.ok()) << sql.error().message;
    // A webhook with one queued delivery, and what an import leaves: through their facets, so the
    // rows are the ones the program writes.
    Webhook hook;
    hook.url = "https://receiver.example.org/hook";
    hook.secret = "whsec_test";
    hook.events = {WebhookEvent::commentary_published};
    ASSERT_TRUE(db_->webhooks().add_webhook(hook, clock_.now()).ok());
    auto queued = db_->webhooks().enqueue(WebhookEvent::commentary_published, "commentary:1",
                                          R"({"event":"commentary.published"})", clock_.now());
    ASSERT_TRUE(queued.ok() && *queued == 1);
    ASSERT_TRUE(db_->imports()
                    .record_imported({.source = "wordpress:https://old.example.org", .kind = "commentary",
                                      .source_id = "12", .target_id = 1, .lang = "en", .imported_at = clock_.now()})
                    .ok());
    ASSERT_TRUE(db_->imports()
                    .add_redirect({.old_path = "/2022/02/07/minsk/", .target = "/en/",
                                   .source = "wordpress:https://old.example.org", .created_at = clock_.now()})
                    .ok());
  }

  Manifest export_to(Database& db, const std::string& path) {
    auto m = export_site(db, clock_, {.path = path, .barometer_version = "test", .audit = false});
    EXPECT_TRUE(m.ok()) << m.error().message;
    return m.ok() ? *m : Manifest{};
  }

  Archive read(const std::string& path) {
    auto a = read_archive(path);
    EXPECT_TRUE(a.ok()) << a.error().message;
    return a.ok() ? *a : Archive{};
  }

  // Rewrites the archive at `from` as `to` with `change` applied to its files.
  void rewrite(const std::string& from, const std::string& to,
               const std::function<void(std::vector<ArchiveFile>&)>& change) {
    auto files = read_archive_files(from);
    ASSERT_TRUE(files.ok()) << files.error().message;
    change(*files);
    ASSERT_TRUE(write_archive(to, *files).ok());
  }

  FixedClock clock_{from_unix(1'765'000'000)};
  std::unique_ptr<Database> db_;
};

TEST_P(Backup, RoundTripIntoSqliteAndPostgresGivesTheSameBytes) {
  seed();
  const std::string a = dir_.file("a.tar");
  Manifest manifest = export_to(*db_, a);
  ASSERT_EQ(manifest.tables.size(), archived_tables().size());
  for (const auto& t : manifest.tables)
    if (t.table != "staff_policy" && t.table != "site_secrets" && t.table != "site") {
      EXPECT_GT(t.rows, 0) << t.table << " is empty: the seed should fill every table";
    }
  Archive archive = read(a);

  for (const std::string backend : {"sqlite", "postgres"}) {
    SCOPED_TRACE(backend);
    testing::BackendDatabase target(backend, dir_, "target-" + backend + ".db");
    auto db = target.open_database();
    ASSERT_TRUE(db.ok()) << db.error().message;
    auto report = restore_site(**db, archive, clock_, quiet());
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_FALSE(report->replaced);
    EXPECT_EQ(*target.count_rows("search_documents"), *count_rows("search_documents"));
    EXPECT_GT(report->search_documents, 0);
    EXPECT_EQ(*target.count_rows("staff_sessions"), 0);  // left out: everybody signs in again

    const std::string b = dir_.file("b-" + backend + ".tar");
    export_to(**db, b);
    EXPECT_EQ(read_file(b), read_file(a)) << "the restored site exports other bytes";

    // New rows get new ids after a load with explicit ones (PostgreSQL's identities moved on).
    for (int i = 0; i < 2; ++i)
      ASSERT_TRUE(history::add_audit((*db)->history(), history::Actor::system("t"), clock_.now(), "x.y", "z").ok());
    auto added = (*db)->staff().add_user({0, "new@example.org", "New", Role::analyst, false, "$argon2id$new", clock_.now()});
    EXPECT_TRUE(added.ok()) << added.error().message;
    SearchRequest request;
    request.lang = "en";
    auto search = (*db)->search().search(request);
    ASSERT_TRUE(search.ok()) << search.error().message;
    EXPECT_FALSE(search->hits.empty());
  }
}

TEST_P(Backup, ExportAndRestoreWriteAuditLinesWithTheirCounts) {
  seed();
  const std::string a = dir_.file("a.tar");
  auto m = export_site(*db_, clock_, {.path = a, .barometer_version = "test"});
  ASSERT_TRUE(m.ok()) << m.error().message;
  AuditFilter exports;
  exports.action_prefix = "site.export";
  auto lines = db_->history().list_audit(exports);
  ASSERT_TRUE(lines.ok()) << lines.error().message;
  ASSERT_EQ(lines->size(), 1u);
  EXPECT_EQ((*lines)[0].subject, "archive:a.tar");
  EXPECT_NE((*lines)[0].detail.find("\"subscribers\":1"), std::string::npos) << (*lines)[0].detail;

  testing::BackendDatabase target(GetParam(), dir_, "target.db");
  auto db = target.open_database();
  ASSERT_TRUE(db.ok());
  auto report = restore_site(**db, read(a), clock_, {.force = false, .audit = true, .archive_name = "a.tar"});
  ASSERT_TRUE(report.ok()) << report.error().message;
  AuditFilter restores;
  restores.action_prefix = "site.restore";
  auto restored = (*db)->history().list_audit(restores);
  ASSERT_TRUE(restored.ok());
  ASSERT_EQ(restored->size(), 1u);
  EXPECT_EQ((*restored)[0].detail, counts_json(*m));
}

TEST_P(Backup, NonEmptyTargetIsRefusedUnlessForcedAndForceReplacesEverything) {
  seed();
  const std::string a = dir_.file("a.tar");
  export_to(*db_, a);
  Archive archive = read(a);
  // The target is a site of its own, with a subscriber and a session.
  testing::BackendDatabase target(GetParam(), dir_, "target.db");
  auto db = target.open_database();
  ASSERT_TRUE(db.ok());
  DemoOptions small;
  small.first = small.last = Period::containing(make_date(2023, 5, 1));
  ASSERT_TRUE(seed_demo_site((*db)->content(), small).ok());
  ASSERT_TRUE(target.exec_sql(kEverythingElse, kEverythingElse).ok());
  auto before = target.count_rows("commentaries");

  auto refused = restore_site(**db, archive, clock_, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), ErrorCode::conflict);
  EXPECT_NE(refused.error().message.find("--force"), std::string::npos) << refused.error().message;
  EXPECT_EQ(*target.count_rows("commentaries"), *before);

  auto forced = restore_site(**db, archive, clock_, quiet(true));
  ASSERT_TRUE(forced.ok()) << forced.error().message;
  EXPECT_TRUE(forced->replaced);
  EXPECT_EQ(*target.count_rows("staff_sessions"), 0);
  EXPECT_EQ(*target.count_rows("rate_events"), 0);
  const std::string b = dir_.file("b.tar");
  export_to(**db, b);
  EXPECT_EQ(read_file(b), read_file(a));
}

TEST_P(Backup, DamagedArchivesAreRefusedBeforeAnythingIsWritten) {
  seed();
  const std::string a = dir_.file("a.tar");
  export_to(*db_, a);
  const std::string bytes = read_file(a);

  // A changed byte inside a member: its size is right, its SHA-256 is not.
  std::string tampered = bytes;
  auto at = tampered.find("reader@example.org");
  ASSERT_NE(at, std::string::npos);
  tampered[at] = 'R';
  // A cut-off file, and a file that is no archive at all.
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"tampered", tampered}, {"truncated", bytes.substr(0, bytes.size() / 2)}, {"garbage", "not a tar file at all"}};
  for (const auto& [name, content] : bad) {
    SCOPED_TRACE(name);
    const std::string path = dir_.file(name + ".tar");
    std::ofstream(path, std::ios::binary) << content;
    auto archive = read_archive(path);
    ASSERT_FALSE(archive.ok());
    EXPECT_EQ(archive.code(), ErrorCode::invalid) << archive.error().message;
    if (name == "tampered") {
      EXPECT_NE(archive.error().message.find("SHA-256"), std::string::npos);
    }
  }

  // A loaded archive whose rows break a key: the transaction rolls back, the target stays empty.
  Archive archive = read(a);
  for (auto& t : archive.tables)
    if (t.member.table == "topics") t.rows.push_back(t.rows.front());
  testing::BackendDatabase target(GetParam(), dir_, "target.db");
  auto db = target.open_database();
  ASSERT_TRUE(db.ok());
  auto failed = restore_site(**db, archive, clock_, {});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(*target.count_rows("site"), 0);
  EXPECT_EQ(*target.count_rows("languages"), 0);
  EXPECT_EQ(*target.count_rows("audit_log"), 0);
}

TEST_P(Backup, ArchiveOfANewerSchemaIsRefusedAndAnOlderOneIsMapped) {
  seed();
  const std::string a = dir_.file("a.tar");
  Manifest m = export_to(*db_, a);

  Archive newer = read(a);
  newer.manifest.schema_version = m.schema_version + 1;
  newer.manifest.barometer_version = "9.9";
  testing::BackendDatabase target(GetParam(), dir_, "target.db");
  auto db = target.open_database();
  ASSERT_TRUE(db.ok());
  auto refused = restore_site(**db, newer, clock_, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), ErrorCode::invalid);
  EXPECT_NE(refused.error().message.find("newer than this barometer"), std::string::npos) << refused.error().message;
  EXPECT_EQ(*target.count_rows("site"), 0);

  // An archive of schema 8: before two-factor sign-in (migration 0009 added four tables).
  const std::string old = dir_.file("old.tar");
  rewrite(a, old, [](std::vector<ArchiveFile>& files) {
    auto manifest = parse_manifest(files.front().bytes);
    ASSERT_TRUE(manifest.ok());
    manifest->schema_version = 8;
    std::erase_if(manifest->tables, [](const TableMember& t) { return t.table.rfind("staff_", 0) == 0 && t.table != "staff_users"; });
    std::erase_if(files, [](const ArchiveFile& f) { return f.name.rfind("tables/staff_", 0) == 0 && f.name != "tables/staff_users.jsonl"; });
    files.front().bytes = manifest_json(*manifest);
  });
  auto loaded = restore_site(**db, read(old), clock_, {});
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(*target.count_rows("staff_users"), 2);
  EXPECT_EQ(*target.count_rows("staff_two_factor"), 0);
  EXPECT_EQ(*target.count_rows("staff_policy"), 1);  // as migration 0009 made it
}

TEST_P(Backup, ExportWhileAnotherThreadWritesIsOneInstant) {
  seed();
  // Each write adds a topic and its audit line in one transaction: any consistent instant has
  // as many "test.topic" lines as test topics.
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    for (int i = 0; !stop && i < 400; ++i) {
      auto s = db_->transact([&](Facets& tx) -> Status {
        auto id = tx.content.add_topic({0, "test-" + std::to_string(i), 100 + i, {{"en", {"T", "D"}}}});
        if (!id) return id.error();
        return history::add_audit(tx.history, history::Actor::system("w"), clock_.now(), "test.topic", "topic");
      });
      if (s) ++written;
    }
  });
  int consistent = 0;
  for (int round = 0; round < 4; ++round) {
    const std::string path = dir_.file("live-" + std::to_string(round) + ".tar");
    auto m = export_site(*db_, clock_, {.path = path, .barometer_version = "test", .audit = false});
    ASSERT_TRUE(m.ok()) << m.error().message;
    Archive archive = read(path);
    std::int64_t topics = 0, lines = 0;
    for (const auto& t : archive.tables) {
      if (t.member.table == "topics")
        for (const auto& row : t.rows)
          for (std::size_t i = 0; i < t.member.columns.size(); ++i)
            if (t.member.columns[i] == "slug" && std::get<std::string>(row[i]).rfind("test-", 0) == 0) ++topics;
      if (t.member.table == "audit_log")
        for (const auto& row : t.rows)
          for (std::size_t i = 0; i < t.member.columns.size(); ++i)
            if (t.member.columns[i] == "action" && std::get<std::string>(row[i]) == "test.topic") ++lines;
    }
    EXPECT_EQ(topics, lines);
    consistent += topics > 0 ? 1 : 0;
    // And the archive restores and verifies (its content checksum is of the same instant).
    testing::BackendDatabase target("sqlite", dir_, "live-" + std::to_string(round) + ".db");
    auto db = target.open_database();
    ASSERT_TRUE(db.ok());
    auto restored = restore_site(**db, archive, clock_, quiet());
    EXPECT_TRUE(restored.ok()) << restored.error().message;
  }
  stop = true;
  writer.join();
  EXPECT_GT(written.load(), 0);
  EXPECT_GT(consistent, 0) << "no export saw the writer at work";
}

TEST_P(Backup, EveryTableOfTheSchemaIsArchivedOrLeftOutOnPurpose) {
  auto names = [&]() -> std::vector<std::string> {
    std::vector<std::string> out;
    auto s = db_->snapshot([&](Facets&, TableRows& tables) -> Status {
      auto n = tables.table_names();
      if (!n) return n.error();
      out = *n;
      return {};
    });
    EXPECT_TRUE(s.ok()) << s.error().message;
    return out;
  };
  auto listed = check_every_table_listed(names());
  EXPECT_TRUE(listed.ok()) << listed.error().message
                           << "\nAdd the table to kArchivedTables or kLeftOutTables (services/backup/archive_tables.cpp).";
  // Every archived table exists in the schema.
  auto schema = names();
  for (const auto& t : archived_tables()) EXPECT_NE(std::find(schema.begin(), schema.end(), t.name), schema.end()) << t.name;

  // A table nobody listed stops the export.
  ASSERT_TRUE(exec_sql("CREATE TABLE webhooks_planted (id INTEGER PRIMARY KEY)",
                       "CREATE TABLE webhooks_planted (id BIGINT PRIMARY KEY)").ok());
  seed();
  auto planted = check_every_table_listed(names());
  ASSERT_FALSE(planted.ok());
  EXPECT_NE(planted.error().message.find("webhooks_planted"), std::string::npos);
  auto m = export_site(*db_, clock_, {.path = dir_.file("x.tar"), .barometer_version = "test"});
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message.find("webhooks_planted"), std::string::npos);
}

BAROMETER_ON_BACKENDS(Backup);

}  // namespace
}  // namespace barometer::backup
