#include "web/api/rate_limit.hpp"

#include <algorithm>

namespace barometer::web::api {

int RateLimiter::admit(std::string_view client, Clock::time_point now) {
  if (per_minute_ <= 0) return 0;
  std::lock_guard lock(mutex_);
  auto it = windows_.find(std::string(client));
  if (it == windows_.end()) {
    if (windows_.size() >= max_clients_) make_room(now);
    windows_.emplace(std::string(client), Window{now, 1});
    return 0;
  }
  Window& w = it->second;
  if (now - w.start >= kWindow) w = Window{now, 0};
  if (w.count >= per_minute_) {
    const auto left = std::chrono::ceil<std::chrono::seconds>(w.start + kWindow - now).count();
    return static_cast<int>(std::max<std::int64_t>(1, left));
  }
  ++w.count;
  return 0;
}

void RateLimiter::make_room(Clock::time_point now) {
  std::erase_if(windows_, [&](const auto& entry) { return now - entry.second.start >= kWindow; });
  if (windows_.size() >= max_clients_) windows_.clear();
}

}  // namespace barometer::web::api
