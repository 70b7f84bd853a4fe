// TokenBucket: the sender's messages-per-second limit, shared by all its worker threads.
// `rate` tokens are added per second up to `burst`; every message takes one. reserve() never
// blocks: it takes a token (going into debt if none is left) and says how long the caller must
// wait before using it, so waiting callers are served in order and the long-run rate is exact.
// Time is passed in, so tests count tokens against a fake clock instead of measuring wall time.
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

namespace barometer::newsletter {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  // rate <= 0: unlimited (reserve() always answers zero). burst < 1 is taken as 1.
  TokenBucket(double rate, double burst, Clock::time_point start);

  // Takes one token at `now`; returns how long to wait before sending (zero when one was ready).
  std::chrono::nanoseconds reserve(Clock::time_point now);
  // Tokens taken so far.
  std::int64_t taken() const;
  double rate() const { return rate_; }

 private:
  double rate_;
  double burst_;
  mutable std::mutex mutex_;
  double tokens_;                 // may be negative: tokens promised to callers still waiting
  Clock::time_point last_;
  std::int64_t taken_ = 0;
};

}  // namespace barometer::newsletter
