// The one instantiation of the shared Store SQL for PostgreSQL.
#include "storage/postgres/connection_store.hpp"

#include "storage/sql/connection_store_commentaries_impl.hpp"
#include "storage/sql/connection_store_impl.hpp"

template class barometer::sql::ConnectionStore<barometer::postgres::Dialect>;
