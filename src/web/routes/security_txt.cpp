#include "web/routes/security_txt.hpp"

namespace barometer::web::routes {

std::string security_txt(const std::vector<std::string>& contacts, const std::vector<Language>& languages,
                         const std::string& base_url, Instant now) {
  std::string out;
  for (const auto& contact : contacts) out += "Contact: " + contact + "\n";
  // Whole days, so the bytes (and the ETag) change once a day, not on every request.
  const Date today = std::chrono::floor<std::chrono::days>(now);
  out += "Expires: " + to_iso(Date{today + std::chrono::days{30}}) + "T00:00:00.000Z\n";
  if (!languages.empty()) {
    out += "Preferred-Languages: ";
    for (std::size_t i = 0; i < languages.size(); ++i) out += (i ? ", " : "") + languages[i].code;
    out += "\n";
  }
  if (!base_url.empty()) out += "Canonical: " + base_url + "/.well-known/security.txt\n";
  return out;
}

}  // namespace barometer::web::routes
