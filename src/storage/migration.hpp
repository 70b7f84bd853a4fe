// A numbered schema migration. Each backend keeps its own ordered list (compiled in from
// storage/<backend>/migrations/NNNN_name.sql) and applies the missing ones at start-up.
#pragma once

#include <vector>

namespace barometer {

struct Migration {
  int version;        // 1, 2, 3 ... from the file name's number
  const char* name;   // "0001_initial"
  const char* sql;    // the whole script, run in one transaction
};

}  // namespace barometer
