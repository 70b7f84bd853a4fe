// The newsletter side of the composition root: opens the NewsletterStore on the configured
// database (the staff.hpp pattern).
#pragma once

#include <memory>

#include "config/config.hpp"
#include "domain/result.hpp"
#include "storage/newsletter_store.hpp"

namespace barometer {

// The NewsletterStore on the database `config` names (SQLite file or PostgreSQL URL), migrated.
// Errors as open_store.
Result<std::unique_ptr<NewsletterStore>> open_newsletter_store(const Config& config);

}  // namespace barometer
