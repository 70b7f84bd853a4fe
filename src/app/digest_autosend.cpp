#include "app/digest_autosend.hpp"

#include "app/digest_delivery.hpp"

namespace barometer {

DigestAutoSender::DigestAutoSender(const Config& config, Store& content, NewsletterStore& subscribers,
                                   DeliveryStore& ledger, AutoSendOptions options)
    : config_(config), content_(content), subscribers_(subscribers), ledger_(ledger), options_(std::move(options)) {}

DigestAutoSender::~DigestAutoSender() { stop(); }

Result<int> DigestAutoSender::run_once() {
  auto transports = make_transport_factory(config_);
  if (!transports) return transports.error();
  std::vector<Digest> due;
  for (DigestState state : {DigestState::sending, DigestState::ready}) {
    auto list = ledger_.list_digests(state);
    if (!list) return list.error();
    due.insert(due.end(), list->begin(), list->end());
  }
  std::string domain = config_.mail_from.substr(config_.mail_from.rfind('@') + 1);
  int finished = 0;
  for (const auto& digest : due) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
    }
    auto messages = make_digest_messages(config_, content_, subscribers_, digest);
    if (!messages) {
      if (options_.on_error)
        options_.on_error({messages.code(), digest.period + " " + digest.lang + ": " + messages.error().message});
      continue;
    }
    if (auto s = ledger_.set_digest_state(digest.id, DigestState::sending, clock_.now()); !s) return s.error();
    if (auto n = ledger_.enqueue(digest.id, domain, clock_.now()); !n) return n.error();
    newsletter::SenderOptions options = sender_options(config_);
    options.digest_id = digest.id;
    newsletter::DigestSender sender(ledger_, *messages, *transports, clock_, options);
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
      current_ = &sender;
    }
    auto report = sender.run(true);
    {
      std::lock_guard lock(mutex_);
      current_ = nullptr;
    }
    if (!report) return report.error();
    if (report->pending() == 0) {
      if (auto s = ledger_.set_digest_state(digest.id, DigestState::done, clock_.now()); !s) return s.error();
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
