// `barometer send --period 2022-W09 [--lang en ...]`: delivers that period's digest
// (docs/decisions/0006-delivery.md). For each language: create (or load) the digest, enqueue one
// ledger row per confirmed subscriber (re-runs add only the missing ones), send until nothing is
// queued, in flight or due for a retry, then print the report. Killed or interrupted, running it
// again finishes the job: rows in flight are re-sent with the same Message-ID after their lease.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <vector>

#include "app/app.hpp"
#include "app/digest_delivery.hpp"
#include "app/database.hpp"
#include "cli/commands.hpp"
#include "cli/config_options.hpp"
#include "services/newsletter/digest_sender.hpp"

namespace barometer::cli {

namespace {

// Something was not delivered (failed or uncertain): the report says which.
constexpr int kExitUndelivered = 75;

struct SendArgs {
  ConfigOptions config;
  std::string period;
  std::vector<std::string> langs;
  int lease_seconds = 0;
  int concurrency = 0;
  int rate = -1;
};

newsletter::DigestRun* g_run = nullptr;
extern "C" void on_signal(int) {
  if (g_run) g_run->stop();  // an atomic store: safe in a signal handler
}

int exit_code_for(const Error& e) {
  return e.code == ErrorCode::unavailable || e.code == ErrorCode::io ? kExitUnavailable : kExitUsage;
}

// The four numbers add up to the total: uncertain rows still due for a retry count as pending.
std::string report_line(const DeliveryReport& r) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "accepted %lld, failed %lld, uncertain %lld, pending %lld of %lld",
                static_cast<long long>(r.sent), static_cast<long long>(r.failed),
                static_cast<long long>(r.uncertain_final),
                static_cast<long long>(r.pending()), static_cast<long long>(r.total()));
  return buf;
}

// On a terminal: one line redrawn with a bar, rate and ETA. Otherwise a plain line every 5 s.
class Progress {
 public:
  explicit Progress(std::string label) : label_(std::move(label)), tty_(isatty(STDOUT_FILENO) == 1) {}
  void operator()(const DeliveryReport& r) {
    auto now = std::chrono::steady_clock::now();
    std::int64_t done = r.total() - r.pending();
    double secs = std::chrono::duration<double>(now - start_).count();
    double rate = secs > 0 ? (done - first_done_) / secs : 0;
    if (first_) {
      first_done_ = done;
      first_ = false;
    }
    if (tty_) {
      int width = 30;
      int fill = r.total() > 0 ? static_cast<int>(width * done / r.total()) : width;
      std::string bar(fill, '#');
      bar.resize(width, '.');
      double eta = rate > 0 ? r.pending() / rate : 0;
      std::printf("\r%s [%s] %lld/%lld  %.0f msg/s  ETA %02d:%02d ", label_.c_str(), bar.c_str(),
                  static_cast<long long>(done), static_cast<long long>(r.total()), rate,
                  static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
      std::fflush(stdout);
    } else if (now - last_line_ >= std::chrono::seconds(5)) {
      std::printf("%s: %s\n", label_.c_str(), report_line(r).c_str());
      std::fflush(stdout);
      last_line_ = now;
    }
  }
  void finish() {
    if (tty_) std::printf("\n");
  }

 private:
  std::string label_;
  bool tty_;
  bool first_ = true;
  std::int64_t first_done_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_line_ = start_;
};

int send(const SendArgs& a) {
  auto period = Period::parse(a.period);
  if (!period) fail(kExitUsage, "--period: " + period.error().message);
  Config config = load_config_or_exit(a.config);
  if (a.lease_seconds > 0) config.send_lease_seconds = a.lease_seconds;
  if (a.concurrency > 0) config.send_concurrency = a.concurrency;
  if (a.rate >= 0) config.send_rate = a.rate;
  auto db = open_database(config);
  if (!db) fail(exit_code_for(db.error()), "database: " + db.error().message);
  DeliveryStore& ledger = (*db)->deliveries();
  auto site = (*db)->content().load_site();
  if (!site) fail(exit_code_for(site.error()), "database: " + site.error().message);
  std::vector<std::string> langs = a.langs;
  if (langs.empty())
    for (const auto& l : site->languages) langs.push_back(l.code);
  for (const auto& l : langs)
    if (!site->language(l)) fail(kExitUsage, "--lang: '" + l + "' is not a language of the site");
  auto transports = make_transport_factory(config);
  if (!transports) fail(exit_code_for(transports.error()), transports.error().message);
  SystemClock clock;
  bool undelivered = false;
  // One run for every language: a signal stops whichever digest is being sent.
  newsletter::DigestRunOptions run_options = digest_run_options(config);
  run_options.sender.on_error = [](const Error& e) {
    std::fprintf(stderr, "\nbarometer: database: %s\n", e.message.c_str());
  };
  newsletter::DigestRun run(**db, *transports, clock, run_options);
  g_run = &run;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  for (const auto& lang : langs) {
    auto digest = ledger.ensure_digest(period->id(), lang, new_digest_token(), clock.now());
    if (!digest) fail(exit_code_for(digest.error()), "database: " + digest.error().message);
    Progress progress(period->id() + " " + lang);
    auto report = run.deliver(*digest, [&](const DeliveryReport& r) { progress(r); });
    progress.finish();
    if (!report && newsletter::is_compose_error(report.error())) {
      std::fprintf(stderr, "barometer: %s (nothing sent)\n", report.error().message.c_str());
      undelivered = true;
      continue;
    }
    if (!report) fail(exit_code_for(report.error()), report.error().message);
    std::printf("%s %s: %s\n", period->id().c_str(), lang.c_str(), report_line(*report).c_str());
    if (report->failed > 0 || report->uncertain > 0 || report->pending() > 0) undelivered = true;
    if (report->pending() > 0) break;  // interrupted
  }
  g_run = nullptr;
  return undelivered ? kExitUndelivered : 0;
}

}  // namespace

void add_send_command(CLI::App& app) {
  auto a = std::make_shared<SendArgs>();
  auto* cmd = app.add_subcommand(
      "send",
      "Deliver a period's digest to every confirmed subscriber (one language or all).\n"
      "Safe to re-run: subscribers already served are skipped; after a crash the messages that\n"
      "were in flight are re-sent with the same Message-ID once their lease expires.");
  add_config_options(*cmd, a->config, ".", true);
  cmd->add_option("--period", a->period, "The week, e.g. 2022-W09")->required();
  cmd->add_option("--lang", a->langs, "Language code(s) of the digest (default: every site language)");
  cmd->add_option("--concurrency", a->concurrency, "Sending threads (default: send_concurrency)");
  cmd->add_option("--rate", a->rate, "Messages per second, 0 = no limit (default: send_rate)");
  cmd->add_option("--lease-seconds", a->lease_seconds,
                  "How long in-flight messages are held before a restarted sender re-sends them\n"
                  "(default: send_lease_seconds)");
  cmd->footer(
      "Prints per language: accepted (the relay answered 250), failed, uncertain (the relay's\n"
      "reply was lost), pending. Exit codes: 0 every subscriber accepted; 75 something failed,\n"
      "is uncertain or still pending (interrupted); 64 bad argument or configuration;\n"
      "69 database or relay unavailable.");
  cmd->callback([a] {
    int code = send(*a);
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace barometer::cli
