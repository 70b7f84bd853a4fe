// The PostgreSQL NewsletterStore: its own small connection pool on the Store's database.
#pragma once

#include <memory>

#include "storage/newsletter_store.hpp"
#include "storage/postgres/postgres_store.hpp"

namespace barometer {

// Connects to options.url (applying pending migrations, as open_postgres_store does) for
// newsletter data. Plain statements, never content transactions: no content notification.
// Errors as open_postgres_store.
Result<std::unique_ptr<NewsletterStore>> open_postgres_newsletter_store(const PostgresOptions& options);

}  // namespace barometer
