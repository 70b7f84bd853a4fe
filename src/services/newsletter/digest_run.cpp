#include "services/newsletter/digest_run.hpp"

#include "services/webhooks/webhook_events.hpp"

namespace barometer::newsletter {

Result<DeliveryReport> DigestRun::deliver(const Digest& digest, const ProgressFn& progress) {
  DeliveryStore& ledger = db_.deliveries();
  auto messages = make_digest_messages(options_.mail, db_.content(), db_.subscribers(), digest);
  if (!messages) {
    ErrorCode code = messages.code() == ErrorCode::unavailable || messages.code() == ErrorCode::io
                         ? messages.code()
                         : ErrorCode::invalid;
    return Error{code, digest.period + " " + digest.lang + ": " + messages.error().message};
  }
  if (stop_.load()) return ledger.report(digest.id);
  if (digest.state != DigestState::sending)
    if (auto s = ledger.set_digest_state(digest.id, DigestState::sending, clock_.now()); !s) return s.error();
  if (auto n = ledger.enqueue(digest.id, options_.message_id_domain, clock_.now()); !n) return n.error();
  SenderOptions sender_options = options_.sender;
  sender_options.digest_id = digest.id;
  sender_options.stop_also = &stop_;
  DigestSender sender(ledger, *messages, transports_, clock_, sender_options);
  auto report = sender.run(true, progress);
  if (!report) return report.error();
  if (report->pending() == 0) {
    // Done, and digest.sent for the webhooks, in one transaction: a crash between the two would
    // leave a done digest that nothing re-runs and an event never sent.
    const Instant now = clock_.now();
    auto s = db_.transact([&](Facets& tx) -> Status {
      if (auto done = tx.deliveries.set_digest_state(digest.id, DigestState::done, now); !done) return done;
      return webhooks::enqueue_digest_sent(tx, digest, *report, now);
    });
    if (!s) return s.error();
  }
  return report;
}

bool is_compose_error(const Error& error) {
  return error.code == ErrorCode::invalid || error.code == ErrorCode::not_found;
}

}  // namespace barometer::newsletter
