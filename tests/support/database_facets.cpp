#include "support/database_facets.hpp"

namespace barometer::testing {

namespace {

// Holds the database; `facet()` is the part it forwards to.
class Holder {
 protected:
  explicit Holder(std::unique_ptr<Database> database) : database_(std::move(database)) {}
  Database& db() { return *database_; }

 private:
  std::unique_ptr<Database> database_;
};

class OwnedContent final : public Store, Holder {
 public:
  explicit OwnedContent(std::unique_ptr<Database> database) : Holder(std::move(database)) {}

  Status transact(const std::function<Status(Store& tx)>& work) override { return c().transact(work); }
  std::uint64_t content_version() override { return c().content_version(); }
  Result<Site> load_site() override { return c().load_site(); }
  Status save_site(const Site& site) override { return c().save_site(site); }
  Result<std::vector<Topic>> list_topics() override { return c().list_topics(); }
  Result<Topic> find_topic(std::string_view slug) override { return c().find_topic(slug); }
  Result<Id> add_topic(const Topic& t) override { return c().add_topic(t); }
  Status update_topic(const Topic& t) override { return c().update_topic(t); }
  Result<std::vector<Author>> list_authors() override { return c().list_authors(); }
  Result<Author> find_author(std::string_view slug) override { return c().find_author(slug); }
  Result<Id> add_author(const Author& a) override { return c().add_author(a); }
  Status update_author(const Author& a) override { return c().update_author(a); }
  Result<std::vector<Page>> list_pages() override { return c().list_pages(); }
  Result<Page> find_page(const LangCode& lang, std::string_view slug) override { return c().find_page(lang, slug); }
  Result<Id> add_page(const Page& p) override { return c().add_page(p); }
  Status update_page(const Page& p) override { return c().update_page(p); }
  Result<Id> add_commentary(const Commentary& x) override { return c().add_commentary(x); }
  Status update_commentary(const Commentary& x) override { return c().update_commentary(x); }
  Result<Commentary> get_commentary(Id id) override { return c().get_commentary(id); }
  Result<Commentary> find_published(Id topic_id, const LangCode& lang, std::string_view slug) override {
    return c().find_published(topic_id, lang, slug);
  }
  Result<std::vector<Commentary>> find_commentaries(const CommentaryFilter& f) override {
    return c().find_commentaries(f);
  }
  Result<int> count_commentaries(const CommentaryFilter& f) override { return c().count_commentaries(f); }
  Result<std::vector<Marker>> find_markers(const CommentaryFilter& f) override { return c().find_markers(f); }
  Result<std::vector<Id>> publish_due(Instant now) override { return c().publish_due(now); }
  Result<bool> has_due(Instant now) override { return c().has_due(now); }
  Result<std::optional<Period>> latest_published_period() override { return c().latest_published_period(); }
  Result<std::optional<Period>> adjacent_published_period(const Period& from, Direction dir) override {
    return c().adjacent_published_period(from, dir);
  }

 private:
  Store& c() { return db().content(); }
};

class OwnedStaff final : public StaffStore, Holder {
 public:
  explicit OwnedStaff(std::unique_ptr<Database> database) : Holder(std::move(database)) {}

  Result<Id> add_user(const StaffUser& user) override { return s().add_user(user); }
  Result<StaffUser> get_user(Id id) override { return s().get_user(id); }
  Result<StaffUser> find_user(std::string_view email) override { return s().find_user(email); }
  Result<std::vector<StaffUser>> list_users() override { return s().list_users(); }
  Status set_disabled(Id id, bool disabled) override { return s().set_disabled(id, disabled); }
  Status set_password_hash(Id id, const std::string& hash) override { return s().set_password_hash(id, hash); }
  Status set_role(Id id, Role role) override { return s().set_role(id, role); }
  Status add_session(const StaffSession& session) override { return s().add_session(session); }
  Result<StaffSession> find_session(std::string_view token_hash) override { return s().find_session(token_hash); }
  Status touch_session(std::string_view token_hash, Instant seen) override {
    return s().touch_session(token_hash, seen);
  }
  Status delete_session(std::string_view token_hash) override { return s().delete_session(token_hash); }
  Result<int> delete_expired_sessions(Instant idle_before, Instant created_before) override {
    return s().delete_expired_sessions(idle_before, created_before);
  }
  Status record_failure(std::string_view key, Instant at) override { return s().record_failure(key, at); }
  Result<int> count_failures(std::string_view key, Instant since) override { return s().count_failures(key, since); }
  Status clear_failures(std::string_view key) override { return s().clear_failures(key); }
  Status prune_failures(Instant before) override { return s().prune_failures(before); }
  Result<std::vector<StaffSession>> sessions_of(Id user, SessionStage stage) override {
    return s().sessions_of(user, stage);
  }
  Result<int> end_sessions(Id user, std::string_view except) override { return s().end_sessions(user, except); }
  Result<StaffTwoFactor> two_factor(Id user) override { return s().two_factor(user); }
  Status put_two_factor(const StaffTwoFactor& t) override { return s().put_two_factor(t); }
  Result<bool> accept_totp_step(Id user, std::int64_t step) override { return s().accept_totp_step(user, step); }
  Status delete_two_factor(Id user) override { return s().delete_two_factor(user); }
  Status set_recovery_codes(Id user, const std::vector<std::string>& hashes) override {
    return s().set_recovery_codes(user, hashes);
  }
  Result<bool> use_recovery_code(Id user, std::string_view hash, Instant at) override {
    return s().use_recovery_code(user, hash, at);
  }
  Result<int> unused_recovery_codes(Id user) override { return s().unused_recovery_codes(user); }
  Result<bool> remember_ip(Id user, std::string_view ip, Instant at) override { return s().remember_ip(user, ip, at); }
  Result<bool> require_two_factor() override { return s().require_two_factor(); }
  Status set_require_two_factor(bool required) override { return s().set_require_two_factor(required); }
  Status set_commentary_owner(Id commentary_id, Id staff_user_id) override {
    return s().set_commentary_owner(commentary_id, staff_user_id);
  }
  Result<Id> commentary_owner(Id commentary_id) override { return s().commentary_owner(commentary_id); }

 private:
  StaffStore& s() { return db().staff(); }
};

class OwnedHistory final : public HistoryStore, Holder {
 public:
  explicit OwnedHistory(std::unique_ptr<Database> database) : Holder(std::move(database)) {}

  Result<Id> add_revision(const RevisionInfo& info, const Commentary& snapshot) override {
    return h().add_revision(info, snapshot);
  }
  Result<std::vector<RevisionInfo>> list_revisions(Id commentary_id) override {
    return h().list_revisions(commentary_id);
  }
  Result<Revision> get_revision(Id revision_id) override { return h().get_revision(revision_id); }
  Result<Id> add_audit(const AuditEntry& entry) override { return h().add_audit(entry); }
  Result<std::vector<AuditEntry>> list_audit(const AuditFilter& filter) override { return h().list_audit(filter); }
  Result<int> count_audit(const AuditFilter& filter) override { return h().count_audit(filter); }

 private:
  HistoryStore& h() { return db().history(); }
};

}  // namespace

std::unique_ptr<Store> content_of(std::unique_ptr<Database> database) {
  return std::make_unique<OwnedContent>(std::move(database));
}

std::unique_ptr<StaffStore> staff_of(std::unique_ptr<Database> database) {
  return std::make_unique<OwnedStaff>(std::move(database));
}

std::unique_ptr<HistoryStore> history_of(std::unique_ptr<Database> database) {
  return std::make_unique<OwnedHistory>(std::move(database));
}

}  // namespace barometer::testing
