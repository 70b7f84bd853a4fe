// The audit line of a back-office action that is not itself a change of stored data (a sign-in,
// a sign-out, a test send, an export): written after the action, which already happened, so a
// failed write goes to stderr for the operator and does not fail the request. Changes of data
// write their audit lines inside their own transaction, in the services (docs/decisions/0014).
#include <cstdio>

#include "services/history/audit.hpp"
#include "web/admin/admin_context.hpp"

namespace barometer::web::admin {

void record_audit(const AdminDeps& deps, const AdminRequest& request, std::string_view action,
                  std::string_view subject, std::string_view detail) {
  history::Actor actor = request.auth ? history::Actor::staff(request.auth->user) : history::Actor::system("");
  if (auto s = history::add_audit(deps.history, actor, deps.clock.now(), action, subject, detail); !s)
    std::fprintf(stderr, "admin: %s not recorded\n", s.error().message.c_str());
}

}  // namespace barometer::web::admin
