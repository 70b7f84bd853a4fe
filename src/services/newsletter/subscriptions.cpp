#include "services/newsletter/subscriptions.hpp"

#include <ctime>

#include "i18n/email_address.hpp"

namespace barometer::newsletter {
namespace {

std::string ip_key(const std::string& ip_hash) { return "subscribe-ip:" + ip_hash; }
std::string address_key(const std::string& email) { return "confirm-mail:" + email; }

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

Status check_range(long long value, long long lo, long long hi, const char* what) {
  if (value < lo || value > hi)
    return invalid(std::string("newsletter: ") + what + " must be between " + std::to_string(lo) + " and " +
                   std::to_string(hi));
  return {};
}

// The ranges documented with SubscriptionOptions: beyond them a limit protects nothing (a window
// of seconds) or keeps data for no purpose (a link valid for a year).
Status check_limits(const SubscriptionOptions& o) {
  const auto s = [](auto d) { return static_cast<long long>(std::chrono::duration_cast<seconds>(d).count()); };
  for (Status st : {check_range(o.max_subscribes_per_ip, 1, 10000, "max_subscribes_per_ip"),
                    check_range(s(o.ip_window), s(minutes(1)), s(hours(24 * 7)), "ip_window (seconds)"),
                    check_range(o.max_confirmations_per_address, 1, 100, "max_confirmations_per_address"),
                    check_range(s(o.address_window), s(minutes(1)), s(hours(24 * 30)), "address_window (seconds)"),
                    check_range(s(o.confirm_ttl), s(hours(1)), s(hours(24 * 90)), "confirm_ttl (seconds)"),
                    check_range(o.max_queued, 1, 1000000, "max_queued"),
                    check_range(s(o.prune_grace), 0, s(hours(24 * 365)), "prune_grace (seconds)")})
    if (!st) return st;
  return {};
}

}  // namespace

Result<std::unique_ptr<Subscriptions>> Subscriptions::create(NewsletterStore& store, const Clock& clock,
                                                             ConfirmationComposer composer, SubscriptionOptions options) {
  if (options.base_url.empty()) return invalid("newsletter: base_url is required");
  while (!options.base_url.empty() && options.base_url.back() == '/') options.base_url.pop_back();
  if (auto s = check_limits(options); !s) return s.error();
  if (!composer) return invalid("newsletter: a confirmation composer is required");
  auto stored = store.site_secret(new_secret_text());
  if (!stored) return stored.error();
  auto key = secret_bytes(*stored);
  if (!key) return key.error();
  return std::unique_ptr<Subscriptions>(
      new Subscriptions(store, clock, std::move(composer), std::move(options), TokenSigner(std::move(*key))));
}

Status Subscriptions::consent(Id subscriber_id, ConsentAction action, const std::string& source, const std::string& ip) {
  return store_.add_consent({0, subscriber_id, clock_.now(), action, source, ip.empty() ? "" : signer_.hash_ip(ip)});
}

Result<SubscribeOutcome> Subscriptions::subscribe(const SubscribeRequest& request) {
  auto address = parse_email_address(request.email);
  if (!address) return address.error();
  if (request.lang.empty()) return invalid("newsletter: a language is required");
  const Instant now = clock_.now();
  const std::string ip_hash = signer_.hash_ip(request.ip);

  // Old rate events are useless: dropping them on every call keeps the table at one window.
  const auto longest = std::max(options_.ip_window, options_.address_window);
  if (auto pruned = store_.prune_rate_events(now - longest); !pruned) return pruned.error();
  auto from_ip = store_.count_rate_events(ip_key(ip_hash), now - options_.ip_window);
  if (!from_ip) return from_ip.error();
  if (*from_ip >= options_.max_subscribes_per_ip) return SubscribeOutcome::rate_limited;
  if (auto s = store_.record_rate_event(ip_key(ip_hash), now); !s) return s.error();

  auto found = store_.find_subscriber(address->ascii);
  if (!found && found.code() != ErrorCode::not_found) return found.error();
  Subscriber s;
  if (found) {
    s = std::move(*found);
    // A confirmed subscriber changes language and topics through their preferences link only:
    // otherwise anyone who knows the address could change them.
    if (s.status == SubscriberStatus::confirmed) return SubscribeOutcome::already_confirmed;
    if (s.status != SubscriberStatus::pending) {
      // Back after leaving: links from the earlier subscription's mails stop working.
      s.manage_nonce = random_nonce();
      s.confirm_nonce.clear();
      s.bounce_count = 0;
    }
    s.status = SubscriberStatus::pending;
  } else {
    s.email = address->ascii;
    s.created_at = now;
    s.manage_nonce = random_nonce();
  }
  s.lang = request.lang;
  s.topic_ids = request.topic_ids;
  s.consent_source = request.source;
  s.ip_hash = ip_hash;
  // A pending subscriber keeps its nonce, so every confirmation mail sent so far keeps working.
  if (s.confirm_nonce.empty()) s.confirm_nonce = random_nonce();
  if (s.id == 0) {
    auto id = store_.add_subscriber(s);
    if (!id) return id.error();  // conflict: someone subscribed the same address this instant
    s.id = *id;
  } else if (auto u = store_.update_subscriber(s); !u) {
    return u.error();
  }
  if (auto c = store_.add_consent({0, s.id, now, ConsentAction::subscribe, request.source, ip_hash}); !c)
    return c.error();
  return send_confirmation(s);
}

Result<SubscribeOutcome> Subscriptions::send_confirmation(const Subscriber& s) {
  const Instant now = clock_.now();
  auto sent = store_.count_rate_events(address_key(s.email), now - options_.address_window);
  if (!sent) return sent.error();
  if (*sent >= options_.max_confirmations_per_address) return SubscribeOutcome::address_limited;

  ConfirmationMail mail;
  mail.to = s.email;
  mail.display_to = email_for_display(s.email);
  mail.lang = s.lang;
  const auto expires = to_unix(now) + options_.confirm_ttl.count();
  const std::string token = signer_.sign({TokenPurpose::confirm, s.id, expires, s.confirm_nonce});
  mail.confirm_url = options_.base_url + "/confirm/" + token;
  mail.preferences_url = preferences_url(s);
  mail.unsubscribe_url = unsubscribe_url(s);
  mail.list_unsubscribe = "<" + mail.unsubscribe_url + ">";
  if (const std::string mailto = unsubscribe_mailto(s); !mailto.empty())
    mail.list_unsubscribe += ", <mailto:" + mailto + ">";
  auto message = composer_(mail);
  if (!message) return message.error();

  OutboxMail out;
  out.recipient = s.email;
  out.message = std::move(*message);
  out.created_at = now;
  out.next_attempt_at = now;
  auto queued = store_.enqueue_mail(out, options_.max_queued);
  if (!queued) return queued.error();
  if (!queued->has_value()) return SubscribeOutcome::outbox_full;
  if (auto r = store_.record_rate_event(address_key(s.email), now); !r) return r.error();
  return SubscribeOutcome::queued;
}

Result<Subscriber> Subscriptions::check(std::string_view token, TokenPurpose purpose) {
  auto claims = signer_.verify(token);
  if (!claims) return claims.error();
  if (claims->purpose != purpose) return invalid("token: made for another purpose");
  if (claims->expires != 0 && claims->expires < to_unix(clock_.now())) return conflict("token: expired");
  auto s = store_.get_subscriber(claims->subscriber_id);
  if (!s) return s.error();
  const std::string& nonce = purpose == TokenPurpose::confirm ? s->confirm_nonce : s->manage_nonce;
  if (nonce.empty() || nonce != claims->nonce) return not_found("token: already used or superseded");
  return s;
}

Result<Subscriber> Subscriptions::check_confirm(std::string_view token) { return check(token, TokenPurpose::confirm); }
Result<Subscriber> Subscriptions::check_manage(std::string_view token) { return check(token, TokenPurpose::manage); }

Result<Subscriber> Subscriptions::confirm(std::string_view token, const std::string& source, const std::string& ip) {
  auto s = check_confirm(token);
  if (!s) return s.error();
  // The store clears the nonce in the same statement: of two simultaneous clicks, one confirms.
  auto done = store_.confirm_subscriber(s->id, s->confirm_nonce, clock_.now());
  if (!done) return done.error();
  if (!*done) return not_found("token: already used");
  if (auto c = consent(s->id, ConsentAction::confirm, source, ip); !c) return c.error();
  return store_.get_subscriber(s->id);
}

Result<Subscriber> Subscriptions::unsubscribe(std::string_view token, const std::string& source, const std::string& ip) {
  auto s = check_manage(token);
  if (!s) return s.error();
  if (s->status == SubscriberStatus::unsubscribed) return s;
  s->status = SubscriberStatus::unsubscribed;
  s->unsubscribed_at = clock_.now();
  s->confirm_nonce.clear();  // an outstanding confirmation link must not undo this
  if (auto u = store_.update_subscriber(*s); !u) return u.error();
  if (auto c = consent(s->id, ConsentAction::unsubscribe, source, ip); !c) return c.error();
  return s;
}

Result<Subscriber> Subscriptions::update_preferences(std::string_view token, const LangCode& lang,
                                                     const std::vector<Id>& topic_ids, const std::string& ip) {
  if (lang.empty()) return invalid("newsletter: a language is required");
  auto s = check_manage(token);
  if (!s) return s.error();
  s->lang = lang;
  s->topic_ids = topic_ids;
  if (auto u = store_.update_subscriber(*s); !u) return u.error();
  if (auto c = consent(s->id, ConsentAction::preferences, "preferences", ip); !c) return c.error();
  return s;
}

Result<int> Subscriptions::prune_unconfirmed() {
  const Instant now = clock_.now();
  // A link signed at t works until t + confirm_ttl; every subscribe (first or renewed) adds a
  // consent event, which the store compares with the same cutoff.
  return store_.prune_unconfirmed_subscribers(now - options_.confirm_ttl - options_.prune_grace, now);
}

std::string Subscriptions::manage_token(const Subscriber& s) const {
  return signer_.sign({TokenPurpose::manage, s.id, 0, s.manage_nonce});
}

std::string Subscriptions::unsubscribe_url(const Subscriber& s) const {
  return options_.base_url + "/unsubscribe/" + manage_token(s);
}

std::string Subscriptions::preferences_url(const Subscriber& s) const {
  return options_.base_url + "/preferences/" + manage_token(s);
}

std::string Subscriptions::unsubscribe_mailto(const Subscriber& s) const {
  if (options_.unsubscribe_mailbox.empty()) return "";
  return options_.unsubscribe_mailbox + "?subject=unsubscribe%20" + manage_token(s);
}

ConfirmationComposer plain_confirmation_composer(std::string from) {
  return [from = std::move(from)](const ConfirmationMail& m) -> Result<std::string> {
    const auto at = from.rfind('@');
    std::string domain = at == std::string::npos ? "localhost" : from.substr(at + 1);
    while (!domain.empty() && domain.back() == '>') domain.pop_back();
    char date[64];
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    std::string out;
    out += "From: " + from + "\r\n";
    out += "To: <" + m.to + ">\r\n";
    out += "Subject: Please confirm your subscription\r\n";
    out += std::string("Date: ") + date + "\r\n";
    out += "Message-ID: <" + random_nonce() + "@" + domain + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=utf-8\r\n";
    out += "Content-Transfer-Encoding: 8bit\r\n";
    out += "Auto-Submitted: auto-generated\r\n";
    out += "List-Unsubscribe: " + m.list_unsubscribe + "\r\n";
    out += "List-Unsubscribe-Post: " + m.list_unsubscribe_post + "\r\n";
    out += "\r\n";
    out += "Someone, hopefully you, asked to receive the weekly newsletter at " + m.display_to + ".\r\n\r\n";
    out += "To confirm, open this link and press the button:\r\n" + m.confirm_url + "\r\n\r\n";
    out += "If it was not you, ignore this message: nothing will be sent.\r\n\r\n";
    out += "Preferences: " + m.preferences_url + "\r\n";
    out += "Unsubscribe: " + m.unsubscribe_url + "\r\n";
    return out;
  };
}

}  // namespace barometer::newsletter
