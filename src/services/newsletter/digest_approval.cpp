#include "services/newsletter/digest_approval.hpp"

#include "services/staff/password.hpp"

namespace barometer::newsletter {

Status DigestApproval::mark_ready(const StaffUser& by, const std::string& period, const std::string& lang) {
  if (auto allowed = staff::require(by, staff::Permission::publish, "newsletter.ready"); !allowed) return allowed;
  auto content = DigestContent::load(mail_, db_.content(), db_.subscribers(), period, lang);
  if (!content && content.code() == ErrorCode::unavailable) return content.error();
  if (!content) return invalid("digest " + period + "/" + lang + " cannot be composed: " + content.error().message);
  const std::string token = staff::random_token(8);
  return changes_.run(by, staff::Permission::publish, "newsletter.ready", "digest:" + period + "/" + lang,
                      [&](Facets& tx, std::string&) -> Result<std::string> {
                        auto digest = tx.deliveries.ensure_digest(period, lang, token, clock_.now());
                        if (!digest) return digest.error();
                        if (auto m = tx.deliveries.mark_ready(digest->id, clock_.now()); !m) return m.error();
                        return std::string();
                      });
}

}  // namespace barometer::newsletter
