#include "app/digest_autosend.hpp"

#include "app/digest_delivery.hpp"

namespace barometer {

DigestAutoSender::DigestAutoSender(const Config& config, Database& database, AutoSendOptions options)
    : config_(config), db_(database), options_(std::move(options)) {}

DigestAutoSender::~DigestAutoSender() { stop(); }

Result<int> DigestAutoSender::run_once() {
  auto transports = make_transport_factory(config_);
  if (!transports) return transports.error();
  std::vector<Digest> due;
  for (DigestState state : {DigestState::sending, DigestState::ready}) {
    auto list = db_.deliveries().list_digests(state);
    if (!list) return list.error();
    due.insert(due.end(), list->begin(), list->end());
  }
  int finished = 0;
  for (const auto& digest : due) {
    newsletter::DigestRun run(db_, *transports, clock_, digest_run_options(config_));
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
      current_ = &run;
    }
    auto report = run.deliver(digest);
    {
      std::lock_guard lock(mutex_);
      current_ = nullptr;
    }
    if (!report) {
      if (!newsletter::is_compose_error(report.error())) return report.error();
      if (options_.on_error) options_.on_error(report.error());
      continue;
    }
    if (report->pending() == 0) {
      ++finished;
      if (options_.on_done) options_.on_done(digest, *report);
    }
  }
  return finished;
}

void DigestAutoSender::start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      auto r = run_once();
      if (!r && options_.on_error) options_.on_error(r.error());
      lock.lock();
      wake_.wait_for(lock, options_.interval, [this] { return stopping_; });
    }
  });
}

void DigestAutoSender::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (current_) current_->stop();
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace barometer
