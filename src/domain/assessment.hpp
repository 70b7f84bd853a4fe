// The marker of a commentary: where the situation moved in its period, and an optional outlook.
#pragma once

#include <optional>
#include <string_view>

namespace barometer {

enum class Assessment { worse, better, unchanged };
// risk: a deterioration is likely soon; opportunity: an improvement is within reach.
enum class Outlook { none, risk, opportunity };

std::string_view to_string(Assessment a);  // "worse" | "better" | "unchanged"
std::optional<Assessment> parse_assessment(std::string_view s);
std::string_view to_string(Outlook o);     // "" | "risk" | "opportunity"
std::optional<Outlook> parse_outlook(std::string_view s);  // "" or "none" -> none
// Contribution to a topic's cumulative index: better +1, worse -1, unchanged 0.
int index_step(Assessment a);

}  // namespace barometer
