// One facet of a Database that owns the Database: what BackendDatabase::open_store(),
// open_staff_store() and open_history_store() return, so that a test can keep a facet alone as a
// `std::unique_ptr<Store>` (or StaffStore, HistoryStore) while the storage backends have one way
// in, open_*_database. Every call goes to the facet of the database it holds; destroying the
// handle closes the database (its pool).
#pragma once

#include <memory>

#include "storage/database.hpp"

namespace barometer::testing {

std::unique_ptr<Store> content_of(std::unique_ptr<Database> database);
std::unique_ptr<StaffStore> staff_of(std::unique_ptr<Database> database);
std::unique_ptr<HistoryStore> history_of(std::unique_ptr<Database> database);

}  // namespace barometer::testing
