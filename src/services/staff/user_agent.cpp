#include "services/staff/user_agent.hpp"

namespace barometer::staff {

namespace {

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace

DeviceSummary summarize_user_agent(std::string_view ua) {
  DeviceSummary d;
  // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", Android "Linux".
  if (contains(ua, "Edg/")) d.browser = "Edge";
  else if (contains(ua, "OPR/")) d.browser = "Opera";
  else if (contains(ua, "Firefox/")) d.browser = "Firefox";
  else if (contains(ua, "Chromium/") || contains(ua, "HeadlessChrome/")) d.browser = "Chromium";
  else if (contains(ua, "Chrome/")) d.browser = "Chrome";
  else if (contains(ua, "Safari/")) d.browser = "Safari";
  if (contains(ua, "Android")) d.os = "Android";
  else if (contains(ua, "iPhone") || contains(ua, "iPad")) d.os = "iOS";
  else if (contains(ua, "CrOS")) d.os = "ChromeOS";
  else if (contains(ua, "Windows")) d.os = "Windows";
  else if (contains(ua, "Mac OS X") || contains(ua, "Macintosh")) d.os = "macOS";
  else if (contains(ua, "Linux") || contains(ua, "X11")) d.os = "Linux";
  return d;
}

}  // namespace barometer::staff
