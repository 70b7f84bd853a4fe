// Deterministic draws for the demo generator. std::mt19937's output sequence is fixed by the
// C++ standard, but std::uniform_int_distribution & co are implementation-defined, so bounded
// draws are made here (by rejection sampling) and the demo is byte-identical on every machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <random>

namespace barometer::demo {

class DemoRandom {
 public:
  explicit DemoRandom(std::uint32_t seed) : engine_(seed) {}

  // Uniform in [0, n). n == 0 returns 0 (an empty choice is the caller's bug, not a crash).
  std::uint32_t below(std::uint32_t n) {
    if (n <= 1) return 0;
    // Reject the top sliver of the 2^32 range that would bias small results.
    const std::uint64_t range = std::uint64_t{1} << 32;
    const std::uint64_t limit = range - range % n;
    for (;;) {
      std::uint64_t x = engine_();
      if (x < limit) return std::uint32_t(x % n);
    }
  }
  // Uniform in [lo, hi], lo <= hi.
  int between(int lo, int hi) { return lo + int(below(std::uint32_t(hi - lo + 1))); }
  // True with probability per_mille / 1000.
  bool chance(std::uint32_t per_mille) { return below(1000) < per_mille; }
  // An index drawn with the given integer weights (their sum must be > 0).
  std::size_t weighted(std::initializer_list<std::uint32_t> weights) {
    std::uint32_t total = 0;
    for (auto w : weights) total += w;
    std::uint32_t x = below(total);
    std::size_t i = 0;
    for (auto w : weights) {
      if (x < w) return i;
      x -= w;
      ++i;
    }
    return weights.size() - 1;
  }

 private:
  std::mt19937 engine_;
};

}  // namespace barometer::demo
