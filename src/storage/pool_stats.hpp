// What a connection pool has been through since it was made: the /metrics figures of the
// database pool (docs/decisions/0020-metrics.md). Both backends' pools keep one.
#pragma once

#include <cstdint>

namespace barometer::storage {

struct PoolStats {
  std::uint64_t acquires = 0;  // connections asked for
  std::uint64_t waits = 0;     // of which found none free and waited
  std::uint64_t timeouts = 0;  // of which waited in vain (the caller got `unavailable`)
  double wait_seconds = 0;     // time spent waiting, in all
  int open = 0;                // connections open now (idle + leased)
  int size = 0;                // the most the pool opens
};

}  // namespace barometer::storage
