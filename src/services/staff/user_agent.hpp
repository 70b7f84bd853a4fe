// What a staff member's browser calls itself, summed up for the Sessions page ("Chromium" on
// "Linux"). A guess from the User-Agent header, never a security decision: it only helps people
// recognise their own devices. Pure function, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace barometer::staff {

struct DeviceSummary {
  std::string browser;  // "Firefox", "Chromium", "Chrome", "Edge", "Opera", "Safari"; "" when unknown
  std::string os;       // "Windows", "macOS", "Linux", "Android", "iOS", "ChromeOS"; "" when unknown
};

DeviceSummary summarize_user_agent(std::string_view user_agent);

}  // namespace barometer::staff
