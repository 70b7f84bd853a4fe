// The database side of the composition root: the one place that picks the backend by the URL's
// scheme and names the concrete stores.
#pragma once

#include <memory>
#include <string>

#include "config/config.hpp"
#include "domain/result.hpp"
#include "storage/database.hpp"

namespace barometer {

// Connections one process keeps: `threads` HTTP workers' readers, one per sending thread plus
// the progress reader, and the background loops (publisher, outbox, housekeeping).
int database_pool_size(const Config& config);

// Opens the database the configuration names (creating and migrating a SQLite file if needed, or
// connecting to and migrating a PostgreSQL database): one pool of database_pool_size(config)
// connections, one migration pass, every facet. Errors of the backend (unavailable, invalid for
// a schema newer than this binary, io).
Result<std::unique_ptr<Database>> open_database(const Config& config);

// The database `database` names: "sqlite:PATH" (or a bare path; relative to base_dir) or
// "postgresql://..." / "postgres://...", with `pool_size` connections. invalid for any other
// scheme; errors of the backend.
Result<std::unique_ptr<Database>> open_database_at(const std::string& database, const std::string& base_dir,
                                                   int pool_size);

}  // namespace barometer
