// `serve`: the database, the public site handler, middleware and the Beast server, wired together.
#include <spdlog/spdlog.h>

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include "app/app.hpp"
#include "services/editorial/commentary_service.hpp"
#include "app/confirmation_mail.hpp"
#include "app/digest_autosend.hpp"
#include "app/digest_delivery.hpp"
#include "app/exit_codes.hpp"
#include "app/database.hpp"
#include "app/subscription_settings.hpp"
#include "services/editorial/scheduled_publisher.hpp"
#include "services/newsletter/outbox_sender.hpp"
#include "services/newsletter/subscriptions.hpp"
#include "services/staff/staff_service.hpp"
#include "web/admin/admin_site.hpp"
#include "web/access_log.hpp"
#include "web/middleware.hpp"
#include "web/public_site.hpp"
#include "web/server.hpp"

namespace barometer {

namespace {

// Owns the access log's FILE* when it is a file.
struct AccessLogTarget {
  std::FILE* file = nullptr;
  bool owned = false;
  ~AccessLogTarget() {
    if (owned && file) std::fclose(file);
  }
};

// Sends /admin and /admin/... to the back office and everything else to the public site. The
// admin handler never goes through the public page cache (it lives inside the public handler).
class AdminDispatch final : public web::Handler {
 public:
  AdminDispatch(std::unique_ptr<web::Handler> public_site, std::unique_ptr<web::Handler> admin)
      : public_(std::move(public_site)), admin_(std::move(admin)) {}
  web::Response handle(const web::Request& request) override {
    const std::string& p = request.path;
    if (p == "/admin" || p.rfind("/admin/", 0) == 0) {
      if (p == "/admin") {
        web::Response r;
        r.status = 308;
        r.set_header("Location", "/admin/");
        r.set_header("Cache-Control", "no-store");
        return r;
      }
      return admin_->handle(request);
    }
    return public_->handle(request);
  }

 private:
  std::unique_ptr<web::Handler> public_;
  std::unique_ptr<web::Handler> admin_;
};

}  // namespace

int serve_site(const Config& config) {
  // Block SIGINT/SIGTERM before any thread exists (access log writer, server workers), so they
  // all inherit the mask and only the waiter thread below receives the signals.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  // Behind nginx: the readers' addresses from X-Forwarded-For, for the per-IP limits, the
  // sign-in throttle, consent records and the access log (docs/deploy.md). Checked first, so a
  // bad entry stops the program before anything starts.
  auto proxies = trusted_proxies(config);
  if (!proxies) {
    spdlog::error("{}", proxies.error().message);
    return kExitUsage;
  }
  // One database: one pool, one migration pass, every facet.
  auto db = open_database(config);
  if (!db) {
    spdlog::error("database {}: {}", config.database_path(), db.error().message);
    return kExitUnavailable;
  }
  Database& database = **db;
  auto site = database.content().load_site();
  if (!site) {
    spdlog::error("{} holds no site ({}); create one with `barometer init {}`", config.database_path(),
                  site.error().message, config.data_dir);
    return kExitUsage;
  }

  web::PublicSiteOptions site_options;
  site_options.theme_dir = config.theme_dir;
  // A derived base URL is only right when the port is known in advance (not ":0").
  bool port_zero = config.listen.size() >= 2 && config.listen.compare(config.listen.size() - 2, 2, ":0") == 0;
  if (!config.base_url_derived || !port_zero) site_options.base_url = config.base_url;
  site_options.cache_bytes = std::size_t(config.cache_mb) << 20;
  // Newsletter sign-up. Confirmation mails (MIME, in the subscriber's language, DKIM-signed when a
  // key is configured) wait in the outbox; the OutboxSender below drains it through the configured
  // relay (or the Maildir).
  SystemClock clock;  // the one clock of every service and loop below
  // The sign-up limits, confirmation TTL and prune grace of site.toml / BAROMETER_SUBSCRIBE_*.
  newsletter::SubscriptionOptions newsletter_options = subscription_options(config);
  newsletter_options.unsubscribe_mailbox = config.unsubscribe_mailbox;  // List-Unsubscribe's mailto
  const std::string mail_from = config.mail_from.empty() ? "newsletter@localhost" : config.mail_from;
  auto composer = make_live_confirmation_composer(config, database.content(), clock);
  if (!composer) {
    spdlog::error("newsletter: {}", composer.error().message);
    return kExitUsage;
  }
  auto subscriptions =
      newsletter::Subscriptions::create(database.subscribers(), clock, std::move(*composer), newsletter_options);
  if (!subscriptions) {
    spdlog::error("newsletter: {}", subscriptions.error().message);
    return subscriptions.code() == ErrorCode::invalid ? kExitUsage : kExitUnavailable;
  }
  auto transports = make_transport_factory(config);
  if (!transports) {
    spdlog::error("mail: {}", transports.error().message);
    return kExitUsage;
  }
  std::unique_ptr<mail::MailTransport> outbox_transport = (*transports)();
  std::unique_ptr<newsletter::OutboxSender> outbox_sender;
  if (outbox_transport) {
    // The outbox loop is also the newsletter's housekeeping: it already prunes sent mail on the
    // same store, every node runs it, and it has nothing to do with publishing (which the
    // publisher's loop is about). Pruning hourly is plenty for data kept days past its purpose
    // (docs/decisions/0011-pruning-unconfirmed-subscribers.md).
    newsletter::OutboxSenderOptions outbox_options;
    outbox_options.envelope_from = mail_from;
    outbox_options.housekeeping = [subs = subscriptions->get()]() -> Status {
      auto pruned = subs->prune_unconfirmed();
      if (!pruned) return Error{pruned.code(), "pruning unconfirmed subscribers: " + pruned.error().message};
      if (*pruned > 0) spdlog::info("newsletter: deleted {} unconfirmed subscribers whose link expired", *pruned);
      return {};
    };
    outbox_sender = std::make_unique<newsletter::OutboxSender>(database.subscribers(), *outbox_transport, clock,
                                                               std::move(outbox_options));
    outbox_sender->start([](const Error& e) { spdlog::warn("confirmation mail: {}", e.message); });
  }
  auto public_site = web::make_public_site(database.content(), site_options, subscriptions->get());
  if (!public_site) {
    spdlog::error("theme {}: {}", config.theme_dir, public_site.error().message);
    return kExitUsage;
  }
  // Publishes scheduled commentaries when their time comes, each with its revision and audit line
  // in one transaction; its first pass (now) catches up whatever came due while no server ran.
  // Other nodes may run one too: each is published once.
  editorial::CommentaryService commentaries(database, clock);
  editorial::ScheduledPublisher publisher(
      commentaries,
      {.on_published = [](const std::vector<Id>& ids) { spdlog::info("published {} scheduled commentaries", ids.size()); },
       .on_error = [](const Error& e) { spdlog::warn("scheduled publishing: {}", e.message); }});
  publisher.start();
  // Delivers the digests an editor marks ready, and resumes ones a stopped node left `sending`;
  // other nodes may run one too (the ledger's leases keep each message sent once).
  DigestAutoSender autosender(
      config, database,
      {.interval = std::chrono::seconds(config.send_poll_seconds),
       .on_done = [](const Digest& d, const DeliveryReport& r) {
         spdlog::info("digest {} {}: {} sent, {} failed", d.period, d.lang, r.sent, r.failed);
       },
       .on_error = [](const Error& e) { spdlog::warn("digest delivery: {}", e.message); }});
  autosender.start();
  staff::StaffService staff_service(database.staff(), clock);
  web::AdminOptions admin_options;
  admin_options.theme_dir = (std::filesystem::path(default_theme_dir()).parent_path() / "admin").string();
  admin_options.secure_cookies = config.base_url.rfind("https://", 0) == 0;
  admin_options.public_theme_dir = config.theme_dir;
  // /admin/newsletter/: digests, test sends through the configured transport, subscribers, Maildir.
  admin_options.newsletter = make_newsletter_admin(config, database, clock, *transports);
  auto admin = web::make_admin_site(database, staff_service, clock, admin_options);
  if (!admin) {
    spdlog::error("admin theme {}: {}", admin_options.theme_dir, admin.error().message);
    return kExitUsage;
  }
  auto handler = web::with_standard_middleware(
      std::make_unique<AdminDispatch>(std::move(*public_site), std::move(*admin)));

  AccessLogTarget log_target;
  if (config.access_log == "-") {
    log_target.file = stdout;
  } else if (config.access_log != "off") {
    log_target.file = std::fopen(config.access_log.c_str(), "a");
    log_target.owned = true;
    if (!log_target.file) {
      spdlog::error("access_log {}: cannot open for appending", config.access_log);
      return kExitUsage;
    }
  }
  std::unique_ptr<web::AccessLog> access_log;
  if (log_target.file) access_log = std::make_unique<web::AccessLog>(log_target.file);

  web::ServerOptions server_options;
  server_options.listen = config.listen;
  server_options.threads = unsigned(config.threads);
  server_options.trusted_proxies = std::move(*proxies);
  // Signals are handled below by a dedicated thread, installed before the "Listening" line so
  // that a SIGTERM arriving right after start-up still shuts down cleanly.
  server_options.handle_signals = false;
  if (access_log) server_options.access_log = access_log->sink();
  server_options.error_log = [](std::string_view line) { spdlog::error("{}", line); };
  auto server = web::Server::create(server_options, *handler);
  if (!server) {
    spdlog::error("listen {}: {}", config.listen, server.error().message);
    return server.code() == ErrorCode::invalid ? kExitUsage : kExitUnavailable;
  }
  // Tests and scripts wait for this exact line to learn the port (listen = ...:0).
  std::atomic<bool> signalled{false};
  web::Server& running = **server;
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    signalled = true;
    running.stop();
  });
  std::printf("Listening on http://%s\n", running.address().c_str());
  std::fflush(stdout);
  running.run();
  publisher.stop();
  autosender.stop();
  if (!signalled) pthread_kill(waiter.native_handle(), SIGTERM);  // wake the waiter to end it
  waiter.join();
  spdlog::info("stopped");
  return 0;
}

}  // namespace barometer
