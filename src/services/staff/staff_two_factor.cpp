// StaffService's two-factor enrolment and reset, and the Sessions page's changes
// (docs/decisions/0015-staff-2fa.md). Each change is one transaction with its audit line.
#include <utility>

#include "services/history/audit.hpp"
#include "services/staff/password.hpp"
#include "services/staff/permissions.hpp"
#include "services/staff/second_factor.hpp"
#include "services/staff/staff_service.hpp"
#include "services/staff/totp.hpp"

namespace barometer::staff {

namespace {

std::string subject_of(Id user) { return "user:" + std::to_string(user); }

}  // namespace

Result<bool> StaffService::has_two_factor(Id user) {
  auto two_factor = store_.two_factor(user);
  if (!two_factor) return two_factor.code() == ErrorCode::not_found ? Result<bool>(false) : two_factor.error();
  return two_factor->enabled;
}

Result<int> StaffService::recovery_codes_left(Id user) { return store_.unused_recovery_codes(user); }

Result<Enrolment> StaffService::start_enrolment(const StaffUser& user, std::string_view issuer) {
  auto existing = store_.two_factor(user.id);
  if (!existing && existing.code() != ErrorCode::not_found) return existing.error();
  if (existing && existing->enabled) return conflict("two-factor is already on");
  StaffTwoFactor waiting;
  if (existing) {
    waiting = std::move(*existing);  // a reload shows the same secret the app may already hold
  } else {
    waiting.user_id = user.id;
    waiting.secret = new_totp_secret();
    waiting.created_at = clock_.now();
    if (auto s = store_.put_two_factor(waiting); !s) return s.error();
  }
  return Enrolment{waiting.secret, otpauth_uri(issuer, user.email, waiting.secret)};
}

Result<std::vector<std::string>> StaffService::confirm_enrolment(const StaffUser& user, std::string_view code) {
  if (auto allowed = require(user, Permission::view_board, "user.2fa_enable"); !allowed) return allowed.error();
  const Instant now = clock_.now();
  RecoveryCodes recovery = new_recovery_codes();
  Status s = db_.transact([&](Facets& tx) -> Status {
    auto waiting = tx.staff.two_factor(user.id);
    if (!waiting) return waiting.error();
    if (waiting->enabled) return conflict("two-factor is already on");
    std::string digits = normalize_totp_code(code);
    auto step = digits.empty() ? std::nullopt : totp_match(waiting->secret, digits, totp_step(now), -1);
    if (!step) return invalid_field("code", "not the current code of the new key");
    waiting->enabled = true;
    waiting->last_step = *step;  // the code that confirmed cannot sign in again
    if (auto put = tx.staff.put_two_factor(*waiting); !put) return put;
    if (auto set = tx.staff.set_recovery_codes(user.id, recovery.hashes); !set) return set;
    return history::add_audit(tx.history, history::Actor::staff(user), now, "user.2fa_enable", subject_of(user.id));
  });
  if (!s) return s.error();
  return std::move(recovery.codes);
}

Result<SignedIn> StaffService::finish_enrolment(std::string_view pending_token, std::string_view code,
                                                const ClientInfo& client, std::vector<std::string>& codes) {
  auto half = pending(pending_token);
  if (!half) return half.error();
  if (half->session.stage != SessionStage::enrol) return not_found("not at the enrolment step");
  auto confirmed = confirm_enrolment(half->user, code);
  if (!confirmed) return confirmed.error();
  codes = std::move(*confirmed);
  (void)store_.delete_session(half->session.token_hash);
  auto started = start_session(std::move(half->user), SessionStage::signed_in, client, clock_.now());
  if (!started.signed_in) return unavailable("the session could not be stored");
  return std::move(*started.signed_in);
}

Status StaffService::reset_two_factor(std::string_view email) {
  auto user = find_by_email(email);
  if (!user) return user.error();
  const Instant now = clock_.now();
  return db_.transact([&](Facets& tx) -> Status {
    if (auto s = tx.staff.delete_two_factor(user->id); !s) return s;
    auto ended = tx.staff.end_sessions(user->id, "");
    if (!ended) return ended.error();
    return history::add_audit(tx.history, history::Actor::system("command line"), now, "user.2fa_reset",
                              subject_of(user->id), user->email + "; " + std::to_string(*ended) + " sessions ended");
  });
}

Result<std::vector<StaffSession>> StaffService::sessions_of(Id user) {
  auto all = store_.sessions_of(user, SessionStage::signed_in);
  if (!all) return all.error();
  // Expired rows wait for the next sweep; they are no longer sessions.
  const Instant now = clock_.now();
  std::vector<StaffSession> live;
  for (auto& s : *all)
    if (now - s.last_seen_at < options_.idle_timeout && now - s.created_at < options_.absolute_timeout)
      live.push_back(std::move(s));
  return live;
}

Status StaffService::end_session(const StaffUser& by, std::string_view token_hash) {
  const Instant now = clock_.now();
  return db_.transact([&](Facets& tx) -> Status {
    auto session = tx.staff.find_session(token_hash);
    if (!session || session->user_id != by.id) return not_found("no such session of yours");
    if (auto s = tx.staff.delete_session(token_hash); !s) return s;
    return history::add_audit(tx.history, history::Actor::staff(by), now, "session.end", subject_of(by.id),
                              session->client_ip);
  });
}

Result<int> StaffService::end_other_sessions(const StaffUser& by, std::string_view current_token_hash) {
  const Instant now = clock_.now();
  int count = 0;
  Status s = db_.transact([&](Facets& tx) -> Status {
    auto ended = tx.staff.end_sessions(by.id, current_token_hash);
    if (!ended) return ended.error();
    count = *ended;
    return history::add_audit(tx.history, history::Actor::staff(by), now, "session.end_others", subject_of(by.id),
                              std::to_string(count) + " sessions ended");
  });
  if (!s) return s.error();
  return count;
}

}  // namespace barometer::staff
