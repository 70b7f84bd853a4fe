#include "app/node.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "app/confirmation_mail.hpp"
#include "app/database.hpp"
#include "app/digest_autosend.hpp"
#include "app/digest_delivery.hpp"
#include "app/subscription_settings.hpp"
#include "services/editorial/commentary_service.hpp"
#include "services/editorial/scheduled_publisher.hpp"
#include "services/newsletter/outbox_sender.hpp"
#include "services/newsletter/subscriptions.hpp"
#include "services/search/site_search.hpp"
#include "services/staff/staff_service.hpp"
#include "services/webhooks/webhook_sender.hpp"
#include "web/admin/admin_site.hpp"
#include "web/api/read_api.hpp"
#include "web/metrics.hpp"
#include "web/middleware.hpp"
#include "web/page_cache.hpp"
#include "web/public_site.hpp"

namespace barometer {

namespace {

// Sends /admin and /admin/... to the back office, /api and /api/... to the read API (so nothing
// there is ever answered in HTML) and everything else to the public site. The admin handler never
// goes through the public page cache (it lives inside the public handler).
class AdminDispatch final : public web::Handler {
 public:
  AdminDispatch(std::unique_ptr<web::Handler> public_site, std::unique_ptr<web::Handler> admin,
                std::unique_ptr<web::Handler> api)
      : public_(std::move(public_site)), admin_(std::move(admin)), api_(std::move(api)) {}
  web::Response handle(const web::Request& request) override {
    const std::string& p = request.path;
    if (web::api::is_api_path(p)) return api_->handle(request);
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
  std::unique_ptr<web::Handler> api_;
};

// `what: message`, with the code that decides the exit status.
Error failed(ErrorCode code, const std::string& what, const Error& e) { return Error{code, what + ": " + e.message}; }

}  // namespace

// Declared in the order they are built; destroyed in reverse (loops before what they use).
struct Node::Parts {
  Config config;
  SystemClock clock;  // the one clock of every service and loop
  std::unique_ptr<Database> db;
  std::unique_ptr<newsletter::Subscriptions> subscriptions;
  std::unique_ptr<site_search::SiteSearch> search;
  std::unique_ptr<mail::MailTransport> outbox_transport;
  std::unique_ptr<newsletter::OutboxSender> outbox_sender;
  std::unique_ptr<editorial::CommentaryService> commentaries;
  std::unique_ptr<editorial::ScheduledPublisher> publisher;
  std::unique_ptr<DigestAutoSender> autosender;
  std::unique_ptr<webhooks::WebhookSender> webhook_sender;
  std::unique_ptr<staff::StaffService> staff;
  // What /metrics reports beside the database's own figures (app/node_metrics.cpp).
  std::shared_ptr<web::PageCache> page_cache;
  web::RequestMetrics requests;
  std::atomic<std::uint64_t> scheduled_publishes{0};
  Instant started{};
  std::unique_ptr<web::Handler> handler;
};

Node::Node(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Node::~Node() { stop(); }

web::Handler& Node::handler() { return *parts_->handler; }
web::RequestMetrics& Node::request_metrics() { return parts_->requests; }

std::string Node::metrics_text() {
  Parts& p = *parts_;
  web::MetricsText out;
  out.family("barometer_build_info", "gauge", "Always 1; the labels say which barometer this is.");
  out.sample("barometer_build_info",
             {{"version", BAROMETER_VERSION}, {"database", p.config.database_is_postgres() ? "postgresql" : "sqlite"}},
             1);
  out.single("barometer_process_start_time_seconds", "gauge", "When this node started, Unix time.",
             static_cast<double>(to_unix(p.started)));
  p.requests.write(out);

  const web::PageCacheStats cache = p.page_cache->stats();
  out.single("barometer_page_cache_hits_total", "counter", "Rendered pages served from the cache.",
             static_cast<double>(cache.hits));
  out.single("barometer_page_cache_misses_total", "counter", "Cache lookups that found no page of the current content.",
             static_cast<double>(cache.misses));
  out.single("barometer_page_cache_evictions_total", "counter", "Pages dropped to stay within cache_mb.",
             static_cast<double>(cache.evictions));
  out.single("barometer_page_cache_entries", "gauge", "Pages in the cache now.", static_cast<double>(cache.entries));
  out.single("barometer_page_cache_bytes", "gauge", "Bytes of the pages in the cache now.",
             static_cast<double>(cache.bytes));

  const storage::PoolStats pool = p.db->pool_stats();
  out.single("barometer_db_pool_acquires_total", "counter", "Database connections asked for.",
             static_cast<double>(pool.acquires));
  out.single("barometer_db_pool_waits_total", "counter", "Connection requests that found none free and waited.",
             static_cast<double>(pool.waits));
  out.single("barometer_db_pool_wait_timeouts_total", "counter", "Waits that ended without a connection (a 503).",
             static_cast<double>(pool.timeouts));
  out.single("barometer_db_pool_wait_seconds_total", "counter", "Time spent waiting for a connection.",
             pool.wait_seconds);
  out.single("barometer_db_pool_connections", "gauge", "Database connections open now.", pool.open);
  out.single("barometer_db_pool_size", "gauge", "The most connections the pool opens.", pool.size);

  out.single("barometer_scheduled_publishes_total", "counter", "Scheduled commentaries this node published.",
             static_cast<double>(p.scheduled_publishes.load()));

  // The ledger as a whole (one GROUP BY): shared by every node, so the same on each.
  const auto report = p.db->deliveries().report(0);
  if (report) {
    out.family("barometer_deliveries", "gauge", "Digest messages in the delivery ledger, by state.");
    for (const auto& [state, n] : {std::pair<const char*, std::int64_t>{"queued", report->queued},
                                   {"sending", report->sending},
                                   {"sent", report->sent},
                                   {"failed", report->failed},
                                   {"uncertain", report->uncertain}})
      out.sample("barometer_deliveries", {{"state", state}}, static_cast<double>(n));
  }
  // The webhook ledger, likewise shared by every node.
  const auto hooks = p.db->webhooks().report();
  if (hooks) {
    out.family("barometer_webhook_deliveries", "gauge", "Webhook deliveries in the ledger, by state.");
    for (const auto& [state, n] : {std::pair<const char*, std::int64_t>{"queued", hooks->queued},
                                   {"sending", hooks->sending},
                                   {"delivered", hooks->delivered},
                                   {"failed", hooks->failed}})
      out.sample("barometer_webhook_deliveries", {{"state", state}}, static_cast<double>(n));
  }
  out.single("barometer_database_up", "gauge", "1 when the database answered this scrape's ledger query, else 0.",
             report ? 1 : 0);
  return out.text();
}
Database& Node::database() { return *parts_->db; }

Result<std::unique_ptr<Node>> Node::build(const Config& config) {
  auto p = std::make_unique<Parts>();
  p->config = config;
  p->started = p->clock.now();
  // One database: one pool, one migration pass, every facet.
  auto db = open_database(config);
  if (!db) return failed(ErrorCode::unavailable, "database " + config.database_path(), db.error());
  p->db = std::move(*db);
  Database& database = *p->db;
  if (auto site = database.content().load_site(); !site)
    return invalid(config.database_path() + " holds no site (" + site.error().message +
                   "); create one with `barometer init " + config.data_dir + "`");

  // Newsletter sign-up. Confirmation mails (MIME, in the subscriber's language, DKIM-signed when a
  // key is configured) wait in the outbox; the OutboxSender drains it through the configured relay
  // (or the Maildir). The sign-up limits, confirmation TTL and prune grace come from site.toml.
  newsletter::SubscriptionOptions newsletter_options = subscription_options(config);
  newsletter_options.unsubscribe_mailbox = config.unsubscribe_mailbox;  // List-Unsubscribe's mailto
  auto composer = make_live_confirmation_composer(config, database.content(), p->clock);
  if (!composer) return failed(ErrorCode::invalid, "newsletter", composer.error());
  auto subscriptions =
      newsletter::Subscriptions::create(database.subscribers(), p->clock, std::move(*composer), newsletter_options);
  if (!subscriptions)
    return failed(subscriptions.code() == ErrorCode::invalid ? ErrorCode::invalid : ErrorCode::unavailable,
                  "newsletter", subscriptions.error());
  p->subscriptions = std::move(*subscriptions);
  auto transports = make_transport_factory(config);
  if (!transports) return failed(ErrorCode::invalid, "mail", transports.error());
  p->outbox_transport = (*transports)();
  if (p->outbox_transport) {
    // The outbox loop is also the newsletter's housekeeping: it already prunes sent mail, every
    // node runs it, and it has nothing to do with publishing. Pruning hourly is plenty for data
    // kept days past its purpose (docs/decisions/0011-pruning-unconfirmed-subscribers.md).
    newsletter::OutboxSenderOptions outbox_options;
    outbox_options.envelope_from = config.mail_from.empty() ? "newsletter@localhost" : config.mail_from;
    outbox_options.housekeeping = [subs = p->subscriptions.get()]() -> Status {
      auto pruned = subs->prune_unconfirmed();
      if (!pruned) return Error{pruned.code(), "pruning unconfirmed subscribers: " + pruned.error().message};
      if (*pruned > 0) spdlog::info("newsletter: deleted {} unconfirmed subscribers whose link expired", *pruned);
      return {};
    };
    p->outbox_sender = std::make_unique<newsletter::OutboxSender>(database.subscribers(), *p->outbox_transport,
                                                                  p->clock, std::move(outbox_options));
  }

  web::PublicSiteOptions site_options;
  site_options.theme_dir = config.theme_dir;
  // A derived base URL is only right when the port is known in advance (not ":0").
  bool port_zero = config.listen.size() >= 2 && config.listen.compare(config.listen.size() - 2, 2, ":0") == 0;
  if (!config.base_url_derived || !port_zero) site_options.base_url = config.base_url;
  // The site's page cache, made here so that /metrics can read its counters.
  p->page_cache =
      std::make_shared<web::PageCache>(web::PageCacheOptions{.max_bytes = std::size_t(config.cache_mb) << 20});
  site_options.cache = p->page_cache;
  site_options.security_contact = config.security_contact;
  // The readers' search. Its analyser loads the Hunspell dictionaries now rather than on the
  // first reader's request.
  search::Analyser::shared();
  p->search = std::make_unique<site_search::SiteSearch>(database.search());
  auto public_site =
      web::make_public_site(database.content(), site_options, p->subscriptions.get(), p->search.get(),
                              &database.imports());
  if (!public_site) return failed(ErrorCode::invalid, "theme " + config.theme_dir, public_site.error());

  // Publishes scheduled commentaries when their time comes, each with its revision and audit line
  // in one transaction. Other nodes may run one too: each is published once.
  p->commentaries = std::make_unique<editorial::CommentaryService>(database, p->clock);
  p->publisher = std::make_unique<editorial::ScheduledPublisher>(
      *p->commentaries, editorial::ScheduledPublisherOptions{
                            .on_published =
                                [counter = &p->scheduled_publishes](const std::vector<Id>& ids) {
                                  counter->fetch_add(ids.size(), std::memory_order_relaxed);
                                  spdlog::info("published {} scheduled commentaries", ids.size());
                                },
                            .on_error = [](const Error& e) { spdlog::warn("scheduled publishing: {}", e.message); }});
  // Delivers the digests an editor marks ready (one DigestRun each); other nodes may run one too
  // (the ledger's leases keep each message sent once).
  p->autosender = std::make_unique<DigestAutoSender>(
      config, database,
      AutoSendOptions{.interval = std::chrono::seconds(config.send_poll_seconds),
                      .on_done =
                          [](const Digest& d, const DeliveryReport& r) {
                            spdlog::info("digest {} {}: {} sent, {} failed", d.period, d.lang, r.sent, r.failed);
                          },
                      .on_error = [](const Error& e) { spdlog::warn("digest delivery: {}", e.message); }});

  // Delivers the webhook ledger the publishes fill (each event a row, in the publish's own
  // transaction); other nodes may run one too (the ledger's leases keep each row with one worker).
  webhooks::WebhookSenderOptions webhook_options;
  webhook_options.total_timeout = std::chrono::seconds(config.webhook_timeout_seconds);
  webhook_options.connect_timeout = webhook_options.total_timeout / 2;
  webhook_options.max_attempts = config.webhook_max_attempts;
  webhook_options.allow_private = config.webhooks_allow_private;
  webhook_options.on_error = [](const Error& e) { spdlog::warn("webhooks: {}", e.message); };
  p->webhook_sender = std::make_unique<webhooks::WebhookSender>(database.webhooks(), p->clock, webhook_options);

  p->staff = std::make_unique<staff::StaffService>(database, p->clock);
  web::AdminOptions admin_options;
  admin_options.webhooks_allow_private = config.webhooks_allow_private;
  admin_options.theme_dir = (std::filesystem::path(default_theme_dir()).parent_path() / "admin").string();
  admin_options.secure_cookies = config.base_url.rfind("https://", 0) == 0;
  admin_options.public_theme_dir = config.theme_dir;
  // /admin/newsletter/: digests, test sends through the configured transport, subscribers, Maildir.
  admin_options.newsletter = make_newsletter_admin(config, database, p->clock, *transports);
  auto admin = web::make_admin_site(database, *p->staff, p->clock, admin_options);
  if (!admin) return failed(ErrorCode::invalid, "admin theme " + admin_options.theme_dir, admin.error());
  // The read API (/api/v1/, docs/decisions/0021): the same page cache and base URL as the pages.
  web::api::ReadApiOptions api_options;
  api_options.base_url = site_options.base_url;
  api_options.cache = p->page_cache;
  api_options.rate_limit = config.api_rate_limit;
  auto api = web::api::make_read_api(database.content(), &database.search(), api_options);
  if (!api) return failed(ErrorCode::invalid, "read API", api.error());
  p->handler = web::with_standard_middleware(
      std::make_unique<AdminDispatch>(std::move(*public_site), std::move(*admin), std::move(*api)));
  return std::unique_ptr<Node>(new Node(std::move(p)));
}

void Node::start() {
  if (parts_->outbox_sender)
    parts_->outbox_sender->start([](const Error& e) { spdlog::warn("confirmation mail: {}", e.message); });
  parts_->publisher->start();
  parts_->autosender->start();
  parts_->webhook_sender->start();
}

void Node::stop() {
  if (!parts_) return;
  parts_->publisher->stop();
  parts_->autosender->stop();
  parts_->webhook_sender->stop();
  if (parts_->outbox_sender) parts_->outbox_sender->stop();
}

}  // namespace barometer
