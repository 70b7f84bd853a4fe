// The SQLite NewsletterStore: its own small connection pool on the Store's database file.
#pragma once

#include <memory>

#include "storage/newsletter_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace barometer {

// Opens the database at options.path (applying pending migrations, as open_sqlite_store does)
// for newsletter data. Uses options.path, busy_timeout_ms and pool_size. Errors as open_sqlite_store.
Result<std::unique_ptr<NewsletterStore>> open_sqlite_newsletter_store(const SqliteOptions& options);

}  // namespace barometer
