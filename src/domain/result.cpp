#include "domain/result.hpp"

namespace barometer {

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::invalid: return "invalid";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::unavailable: return "unavailable";
    case ErrorCode::io: return "io";
    case ErrorCode::forbidden: return "forbidden";
  }
  return "unknown";
}

}  // namespace barometer
