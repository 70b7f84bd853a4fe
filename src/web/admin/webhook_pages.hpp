// Internal to web/admin: the webhook pages (webhook_pages.cpp), admin only (manage_staff):
//   GET  /admin/webhooks/          the list
//   GET  /admin/webhooks/new       the form;  POST: add, answer with the secret shown once
//   GET  /admin/webhooks/{id}/     edit, secret, delete, recent deliveries
//   POST /admin/webhooks/{id}/     action = save | rotate | delete | redeliver (delivery = ID)
#pragma once

#include "web/admin/admin_context.hpp"

namespace barometer::web::admin {

Response webhook_list_page(const AdminDeps& deps, const AdminRequest& request);
Response new_webhook_form(const AdminDeps& deps, const AdminRequest& request);
Response create_webhook(const AdminDeps& deps, const AdminRequest& request);
Response edit_webhook_form(const AdminDeps& deps, const AdminRequest& request);
Response update_webhook(const AdminDeps& deps, const AdminRequest& request);

}  // namespace barometer::web::admin
