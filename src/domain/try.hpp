// Early return on failure for Status / Result<T> expressions inside functions that return a
// Status or a Result: storage (the SQL of both backends) and the services' transactions.
#pragma once

#define BAROMETER_TRY(expr)              \
  do {                                   \
    if (auto try_s_ = (expr); !try_s_) { \
      return try_s_.error();             \
    }                                    \
  } while (0)
