// The admin's subscriber CSV import (services/newsletter/subscriber_csv.hpp parse_csv, the
// reader under import_subscribers). Invariants: the rows, written back with csv_cell (the
// export's writer) and parsed again, are the same rows, the formula guard's ' aside.
#include <string>

#include "fuzz_check.hpp"
#include "services/newsletter/subscriber_csv.hpp"

using barometer::newsletter::csv_cell;
using barometer::newsletter::parse_csv;

namespace {

bool starts_formula(std::string_view v) {
  return !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto rows = parse_csv(barometer::fuzz::as_text(data, size));
  if (!rows) {
    FUZZ_CHECK(rows.error().message.rfind("line ", 0) == 0);
    return 0;
  }
  std::string written;
  for (const auto& row : *rows) {
    FUZZ_CHECK(!row.empty());
    FUZZ_CHECK(!(row.size() == 1 && row[0].empty()));  // a blank line is no row
    for (std::size_t c = 0; c < row.size(); ++c) written += (c ? "," : "") + csv_cell(row[c]);
    written += "\r\n";
  }
  auto again = parse_csv(written);
  FUZZ_CHECK(again);
  FUZZ_CHECK(again->size() == rows->size());
  for (std::size_t r = 0; r < rows->size(); ++r) {
    FUZZ_CHECK((*again)[r].size() == (*rows)[r].size());
    for (std::size_t c = 0; c < (*rows)[r].size(); ++c) {
      const std::string& cell = (*rows)[r][c];
      FUZZ_CHECK((*again)[r][c] == (starts_formula(cell) ? "'" + cell : cell));
    }
  }
  return 0;
}
