#include "services/staff/staff_service.hpp"

#include <utility>

#include "domain/text.hpp"
#include "services/history/audit.hpp"
#include "services/staff/password.hpp"
#include "services/staff/permissions.hpp"
#include "services/staff/second_factor.hpp"

namespace barometer::staff {

namespace {

constexpr std::size_t kMaxNameLength = 200;  // bytes

std::string account_key(std::string_view email) { return "email:" + std::string(email); }
std::string ip_key(std::string_view ip) { return "ip:" + std::string(ip); }

}  // namespace

Result<StaffUser> new_account(const NewStaffUser& in, Instant now) {
  auto email = normalize_email(in.email);
  if (!email) return invalid_field("email", "'" + in.email + "' is not an email address");
  if (in.name.empty() || in.name.size() > kMaxNameLength)
    return invalid_field("name", "must be 1 to " + std::to_string(kMaxNameLength) + " bytes");
  if (in.name.find('\0') != std::string::npos) return invalid_field("name", "must not contain a NUL byte");
  auto role = parse_role(in.role);
  if (!role) return invalid_field("role", "must be analyst, editor or admin, not '" + in.role + "'");
  auto hash = hash_password(in.password);
  if (!hash) return hash.error();
  StaffUser user;
  user.email = *email;
  user.name = in.name;
  user.role = *role;
  user.password_hash = *hash;
  user.created_at = now;
  return user;
}

Result<StaffUser> add_account(StaffStore& store, StaffUser user) {
  auto id = store.add_user(user);
  if (!id) {
    if (id.code() == ErrorCode::conflict) return conflict_field("email", user.email + " already has an account");
    return id.error();
  }
  user.id = *id;
  return user;
}

Result<StaffUser> StaffService::add_user(const NewStaffUser& in) {
  auto user = new_account(in, clock_.now());
  if (!user) return user.error();
  return add_account(store_, std::move(*user));
}

Result<std::vector<StaffUser>> StaffService::list_users() { return store_.list_users(); }

Result<StaffUser> StaffService::find_by_email(std::string_view text) {
  auto email = normalize_email(text);
  if (!email) return invalid_field("email", "'" + std::string(text) + "' is not an email address");
  auto user = store_.find_user(*email);
  if (!user && user.code() == ErrorCode::not_found) return not_found("email: no account for " + *email);
  return user;
}

Status StaffService::disable_user(std::string_view email) {
  auto user = find_by_email(email);
  if (!user) return user.error();
  return store_.set_disabled(user->id, true);
}

Status StaffService::set_password(std::string_view email, std::string_view password) {
  auto user = find_by_email(email);
  if (!user) return user.error();
  auto hash = hash_password(password);
  if (!hash) return hash.error();
  if (auto s = store_.set_password_hash(user->id, *hash); !s) return s;
  if (auto ended = store_.end_sessions(user->id, ""); !ended) return ended.error();
  return {};
}

void StaffService::record_failure(const std::string& account, const std::string& ip, Instant now) {
  // Best effort: a failure to record must not turn a wrong password into a success.
  (void)store_.record_failure(account, now);
  (void)store_.record_failure(ip, now);
}

std::optional<SignInFailure> StaffService::throttled(const std::string& account, const std::string& ip, Instant now) {
  Instant since = now - options_.throttle_window;
  auto by_account = store_.count_failures(account, since);
  auto by_ip = store_.count_failures(ip, since);
  if (!by_account || !by_ip) return SignInFailure::unavailable;
  if (*by_account >= options_.max_failures_per_account || *by_ip >= options_.max_failures_per_ip)
    return SignInFailure::throttled;
  return std::nullopt;
}

StaffService::SignInResult StaffService::start_session(StaffUser user, SessionStage stage, const ClientInfo& client,
                                                       Instant now) {
  SignInResult result;
  StaffSession session;
  std::string token = random_token(32);  // 256 bits
  session.token_hash = sha256_hex(token);
  session.user_id = user.id;
  session.csrf_token = random_token(32);
  session.created_at = now;
  session.last_seen_at = now;
  session.stage = stage;
  session.client_ip = client.ip;
  session.user_agent = utf8_prefix(client.user_agent, kMaxUserAgentBytes);
  if (auto s = store_.add_session(session); !s) {
    result.failure = SignInFailure::unavailable;
    return result;
  }
  if (stage == SessionStage::signed_in) {
    // Only a whole sign-in clears the account's failures: clearing them after the password alone
    // would give whoever knows it unlimited tries at the code.
    (void)store_.clear_failures(account_key(user.email));
    // A new address for this user: remembered, with its audit line, in one transaction.
    (void)db_.transact([&](Facets& tx) -> Status {
      auto fresh = tx.staff.remember_ip(user.id, client.ip, now);
      if (!fresh) return fresh.error();
      if (!*fresh) return {};
      return history::add_audit(tx.history, history::Actor::staff(user), now, "session.new_ip",
                                "user:" + std::to_string(user.id), client.ip);
    });
    // Housekeeping rides on sign-ins: they are rare, and every node does some.
    (void)store_.delete_expired_sessions(now - options_.idle_timeout, now - options_.absolute_timeout);
    (void)store_.prune_failures(now - options_.throttle_window);
  }
  result.signed_in = SignedIn{std::move(token), std::move(session), std::move(user)};
  return result;
}

StaffService::SignInResult StaffService::sign_in(std::string_view email_text, std::string_view password,
                                                 const ClientInfo& client) {
  SignInResult result;
  Instant now = clock_.now();
  auto email = normalize_email(email_text);
  // Unparseable emails still count against the IP (and a per-text key), so they cannot be used
  // to probe without throttling.
  std::string account = account_key(email ? *email : std::string(utf8_prefix(email_text, 254)));
  std::string ip = ip_key(client.ip);
  if (auto refused = throttled(account, ip, now)) {
    result.failure = *refused;
    return result;
  }
  Result<StaffUser> user = email ? store_.find_user(*email) : Result<StaffUser>(not_found("bad email"));
  if (!user && user.code() != ErrorCode::not_found) {
    result.failure = SignInFailure::unavailable;
    return result;
  }
  bool good = false;
  if (user) good = verify_password(user->password_hash, password) && !user->disabled;
  else verify_dummy_password(password);
  if (!good) {
    record_failure(account, ip, now);
    return result;
  }
  auto two_factor = has_two_factor(user->id);
  auto required = store_.require_two_factor();
  if (!two_factor || !required) {
    result.failure = SignInFailure::unavailable;
    return result;
  }
  SessionStage stage = SessionStage::signed_in;
  if (*two_factor) stage = SessionStage::code;
  else if (*required && user->role != Role::analyst) stage = SessionStage::enrol;
  return start_session(std::move(*user), stage, client, now);
}

Result<Authenticated> StaffService::session_behind(std::string_view token, bool signed_in) {
  constexpr std::size_t kTokenHexLength = 64;
  if (token.size() != kTokenHexLength) return not_found("no session");
  std::string hash = sha256_hex(token);
  auto session = store_.find_session(hash);
  if (!session) return session.error();
  // A half-signed-in session is not a session: it only leads to the step still to come.
  if ((session->stage == SessionStage::signed_in) != signed_in) return not_found("not at this stage");
  Instant now = clock_.now();
  const bool expired = signed_in ? now - session->last_seen_at >= options_.idle_timeout ||
                                       now - session->created_at >= options_.absolute_timeout
                                 : now - session->created_at >= options_.pending_timeout;
  if (expired) {
    (void)store_.delete_session(hash);
    return not_found("session expired");
  }
  auto user = store_.get_user(session->user_id);
  if (!user) return user.error();
  if (user->disabled) {
    (void)store_.delete_session(hash);
    return not_found("account disabled");
  }
  return Authenticated{std::move(*session), std::move(*user)};
}

Result<Authenticated> StaffService::authenticate(std::string_view token) {
  auto found = session_behind(token, true);
  if (!found) return found;
  Instant now = clock_.now();
  if (now - found->session.last_seen_at >= options_.touch_interval) {
    if (auto s = store_.touch_session(found->session.token_hash, now); s) found->session.last_seen_at = now;
  }
  return found;
}

Result<Authenticated> StaffService::pending(std::string_view token) { return session_behind(token, false); }

StaffService::SignInResult StaffService::verify_code(std::string_view pending_token, std::string_view code,
                                                     const ClientInfo& client) {
  SignInResult result;
  auto half = pending(pending_token);
  if (!half) {
    if (half.code() == ErrorCode::unavailable) result.failure = SignInFailure::unavailable;
    return result;
  }
  if (half->session.stage != SessionStage::code) return result;
  Instant now = clock_.now();
  std::string account = account_key(half->user.email);
  std::string ip = ip_key(client.ip);
  if (auto refused = throttled(account, ip, now)) {
    result.failure = *refused;
    return result;
  }
  auto check = check_second_factor(store_, half->user.id, code, now);
  if (!check) {
    result.failure = SignInFailure::unavailable;
    return result;
  }
  if (*check != CodeCheck::accepted) {
    record_failure(account, ip, now);
    // A replayed code means the password and a recent code were seen by somebody: worth a line
    // the admins can find (ASVS 2.8.5), best effort like the failure count.
    if (*check == CodeCheck::replayed)
      (void)db_.transact([&](Facets& tx) -> Status {
        return history::add_audit(tx.history, history::Actor::staff(half->user), now, "session.code_replay",
                                  "user:" + std::to_string(half->user.id), client.ip);
      });
    return result;
  }
  // The half-signed-in session is spent; the signed-in one gets a new token (no fixation).
  (void)store_.delete_session(half->session.token_hash);
  return start_session(std::move(half->user), SessionStage::signed_in, client, now);
}

// The Password page's change (ASVS 2.1.5, 2.1.6, 3.7.1).
Result<PasswordChange> StaffService::change_own_password(const StaffUser& me, std::string_view current,
                                                         std::string_view next, std::string_view keep_session,
                                                         const ClientInfo& client) {
  if (auto allowed = require(me, Permission::view_board, "user.password_change"); !allowed) return allowed.error();
  const Instant now = clock_.now();
  // The same keys as the sign-in's, so failures here and there add up.
  const std::string account = account_key(me.email), ip = ip_key(client.ip);
  if (auto refused = throttled(account, ip, now)) {
    if (*refused == SignInFailure::unavailable) return unavailable("the sign-in throttle cannot be read");
    return PasswordChange::throttled;
  }
  // The stored hash, not the one of the session's snapshot: it may have changed since.
  auto stored = store_.get_user(me.id);
  if (!stored) return stored.error();
  if (!verify_password(stored->password_hash, current)) {
    record_failure(account, ip, now);
    return PasswordChange::wrong_password;
  }
  if (next == current) return conflict_field("password", "the new password is the current one");
  // Slow on purpose: before the transaction, so no write lock waits for it.
  auto hash = hash_password(next);
  if (!hash) return hash.error();
  Status done = db_.transact([&](Facets& tx) -> Status {
    if (auto s = tx.staff.set_password_hash(me.id, *hash); !s) return s;
    auto ended = tx.staff.end_sessions(me.id, keep_session);
    if (!ended) return ended.error();
    return history::add_audit(tx.history, history::Actor::staff(me), now, "user.password_change",
                              "user:" + std::to_string(me.id), std::to_string(*ended) + " other sessions ended");
  });
  if (!done) return done.error();
  return PasswordChange::changed;
}

Status StaffService::sign_out(std::string_view token) { return store_.delete_session(sha256_hex(token)); }

bool StaffService::csrf_matches(const StaffSession& session, std::string_view submitted) {
  return !submitted.empty() && constant_time_equal(session.csrf_token, submitted);
}

}  // namespace barometer::staff
