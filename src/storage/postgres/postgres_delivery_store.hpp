// The PostgreSQL DeliveryStore: its own small connection pool on the Store's database. Several
// senders (processes or nodes) share one ledger: claim() locks rows FOR UPDATE SKIP LOCKED.
#pragma once

#include <memory>

#include "storage/delivery_store.hpp"
#include "storage/postgres/postgres_store.hpp"

namespace barometer {

// Connects to options.url (applying pending migrations, as open_postgres_store does).
Result<std::unique_ptr<DeliveryStore>> open_postgres_delivery_store(const PostgresOptions& options);

}  // namespace barometer
