// A per-client request budget for the read API (docs/decisions/0021-read-api.md): at most
// `per_minute` requests in each fixed one-minute window per client address. The address is the
// request's remote_address, which web::Server has already resolved through the trusted proxies
// (web/client_address.hpp), so one reader behind nginx is one key, and the proxy is not.
//
// Fixed windows rather than a sliding log: one counter per address, no history, and a client
// that keeps to the budget on average is never refused for long. At most `max_clients` addresses
// are remembered; past that, windows that have ended are dropped first, and if every remembered
// window is still open the whole table is reset (a flood of addresses must not grow memory).
//
// Thread-safe (one mutex; a request holds it for a map lookup).
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace barometer::web::api {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds kWindow{60};

  // per_minute 0 = off: admit() always allows.
  explicit RateLimiter(int per_minute, std::size_t max_clients = 100'000)
      : per_minute_(per_minute), max_clients_(max_clients) {}

  // 0 when `client` may make this request (and counts it), else the seconds until its window
  // ends (>= 1), for Retry-After.
  int admit(std::string_view client, Clock::time_point now);

  bool enabled() const { return per_minute_ > 0; }

 private:
  struct Window {
    Clock::time_point start;
    int count = 0;
  };
  void make_room(Clock::time_point now);  // requires mutex_

  const int per_minute_;
  const std::size_t max_clients_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;  // guarded by mutex_
};

}  // namespace barometer::web::api
