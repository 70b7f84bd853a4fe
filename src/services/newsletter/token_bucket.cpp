#include "services/newsletter/token_bucket.hpp"

#include <algorithm>

namespace barometer::newsletter {

TokenBucket::TokenBucket(double rate, double burst, Clock::time_point start)
    : rate_(rate), burst_(std::max(1.0, burst)), tokens_(std::max(1.0, burst)), last_(start) {}

std::chrono::nanoseconds TokenBucket::reserve(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  ++taken_;
  if (rate_ <= 0) return std::chrono::nanoseconds{0};
  if (now > last_) {
    double elapsed = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
    last_ = now;
  }
  tokens_ -= 1.0;
  if (tokens_ >= 0) return std::chrono::nanoseconds{0};
  return std::chrono::nanoseconds(static_cast<std::int64_t>(-tokens_ / rate_ * 1e9));
}

std::int64_t TokenBucket::taken() const {
  std::lock_guard lock(mutex_);
  return taken_;
}

}  // namespace barometer::newsletter
