// The audit log writer. Placeholder until the history store lands (issue #3): records nothing yet.
#include "web/admin/admin_context.hpp"

namespace barometer::web::admin {

void record_audit(const AdminDeps&, const AdminRequest&, std::string_view, std::string_view, std::string_view) {}

}  // namespace barometer::web::admin
