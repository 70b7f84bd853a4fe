// The one instantiation of the shared Store SQL for SQLite.
#include "storage/sqlite/connection_store.hpp"

#include "storage/sql/connection_store_commentaries_impl.hpp"
#include "storage/sql/connection_store_impl.hpp"

template class barometer::sql::ConnectionStore<barometer::sqlite::Dialect>;
