// DigestRun: one digest delivered from start to end — compose, mark sending, enqueue, deliver,
// mark done — the same steps for `barometer send` and for `serve`'s background sender
// (app/digest_autosend.hpp). Re-run safe: enqueue adds only the missing ledger rows, the sender
// takes over expired leases, so a run after a crash finishes what the last one left.
//
// Thread-safety: deliver() runs on the calling thread (the sender's workers beside it); stop()
// may be called from any thread and from a signal handler (one atomic store).
#pragma once

#include <atomic>
#include <string>

#include "domain/clock.hpp"
#include "domain/digest.hpp"
#include "domain/result.hpp"
#include "services/newsletter/digest_content.hpp"
#include "services/newsletter/digest_sender.hpp"
#include "storage/database.hpp"

namespace barometer::newsletter {

struct DigestRunOptions {
  // How the messages are composed (theme, base URL, From, DKIM). Default: defaults.
  DigestMailOptions mail;
  // Concurrency, rate, batch, lease, attempts, bounce limit, MAIL FROM. digest_id and stop_also
  // are set by the run. Default: defaults.
  SenderOptions sender;
  // The domain of the Message-IDs (<TOKEN.SUBSCRIBER@domain>). Default "localhost".
  std::string message_id_domain = "localhost";
};

class DigestRun {
 public:
  DigestRun(Database& database, TransportFactory transports, const Clock& clock, DigestRunOptions options)
      : db_(database), transports_(std::move(transports)), clock_(clock), options_(std::move(options)) {}

  // Delivers `digest` until nothing is pending or stop(); marks it done when nothing is. The final
  // report (pending() > 0 after a stop). Errors: `invalid` (or not_found) when its messages cannot
  // be composed — nothing was changed, the caller reports it and may go on with other digests —;
  // the database's errors otherwise.
  Result<DeliveryReport> deliver(const Digest& digest, const ProgressFn& progress = {});

  // Makes deliver() return after the batches in hand are recorded; later calls return at once.
  void stop() { stop_.store(true); }
  bool stopping() const { return stop_.load(); }

 private:
  Database& db_;
  TransportFactory transports_;
  const Clock& clock_;
  DigestRunOptions options_;
  std::atomic<bool> stop_{false};
};

// Whether a DigestRun error is about composing the messages (report and go on) rather than the
// database (give up for now).
bool is_compose_error(const Error& error);

}  // namespace barometer::newsletter
