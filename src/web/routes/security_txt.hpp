// /.well-known/security.txt (RFC 9116): where to report a vulnerability in this site. Served only
// when the operator configured `security_contact` (site.toml); docs/security.md "Reporting a
// vulnerability".
//
// Expires is 30 days after the day of the request: the file is made from the live configuration,
// so it is never stale in the sense RFC 9116 guards against (a forgotten file naming a mailbox
// nobody reads), and a copy kept by a crawler expires within a month of the contact changing.
#pragma once

#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/site.hpp"

namespace barometer::web::routes {

// The file: one Contact line per configured URI (in order), Expires, Preferred-Languages (the
// site's languages), and Canonical when the site's public URL is known (`base_url` non-empty).
std::string security_txt(const std::vector<std::string>& contacts, const std::vector<Language>& languages,
                         const std::string& base_url, Instant now);

}  // namespace barometer::web::routes
