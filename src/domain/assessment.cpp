#include "domain/assessment.hpp"

namespace barometer {

std::string_view to_string(Assessment a) {
  switch (a) {
    case Assessment::worse: return "worse";
    case Assessment::better: return "better";
    case Assessment::unchanged: return "unchanged";
  }
  return "unchanged";
}

std::optional<Assessment> parse_assessment(std::string_view s) {
  if (s == "worse") return Assessment::worse;
  if (s == "better") return Assessment::better;
  if (s == "unchanged") return Assessment::unchanged;
  return std::nullopt;
}

std::string_view to_string(Outlook o) {
  switch (o) {
    case Outlook::none: return "";
    case Outlook::risk: return "risk";
    case Outlook::opportunity: return "opportunity";
  }
  return "";
}

std::optional<Outlook> parse_outlook(std::string_view s) {
  if (s.empty() || s == "none") return Outlook::none;
  if (s == "risk") return Outlook::risk;
  if (s == "opportunity") return Outlook::opportunity;
  return std::nullopt;
}

int index_step(Assessment a) {
  switch (a) {
    case Assessment::worse: return -1;
    case Assessment::better: return 1;
    case Assessment::unchanged: return 0;
  }
  return 0;
}

}  // namespace barometer
