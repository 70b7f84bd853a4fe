// Process exit codes (sysexits-style), one list for the composition root and every subcommand.
#pragma once

namespace barometer {

inline constexpr int kExitUsage = 64;        // bad argument or configuration
inline constexpr int kExitDataErr = 65;      // bad input data (unsubscribe-mail: no or invalid token; the MTA bounces)
inline constexpr int kExitUnavailable = 69;  // database or port unavailable
inline constexpr int kExitSoftware = 70;     // a bug: logged
inline constexpr int kExitCantCreate = 73;   // cannot create a file or directory
inline constexpr int kExitTempFail = 75;     // temporary failure, try again later (database unavailable; the MTA retries)

}  // namespace barometer
