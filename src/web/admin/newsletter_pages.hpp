// Internal to web/admin: the newsletter pages (routes and permissions: newsletter_admin.hpp).
// Every handler answers 404 when the site has no NewsletterAdmin (AdminDeps::newsletter).
#pragma once

#include "web/admin/admin_context.hpp"

namespace barometer::web::admin {

// GET /admin/newsletter/?period=2022-W09&lang=be (default: the latest published period, the
// site's first language): the digest's state and delivery report, refreshed every 5 s (meta
// refresh) while it is ready or sending; the composed HTML in a sandboxed iframe (digest_preview) and the text
// part; the test and mark-ready forms.
Response newsletter_page(const AdminDeps& deps, const AdminRequest& request);
// GET /admin/newsletter/preview?period=&lang= (defaults as above): the digest's HTML part as
// a mail client gets it, for the page's sandboxed frame. Its own CSP: inline styles only, no
// script, framed by the back office only.
Response digest_preview(const AdminDeps& deps, const AdminRequest& request);
// POST /admin/newsletter/test (period, lang, to): composes the digest for `to` and sends it
// through the configured transport. Never touches the ledger. Audit "newsletter.test".
Response send_test_digest(const AdminDeps& deps, const AdminRequest& request);
// POST /admin/newsletter/ready (period, lang): creates the digest if needed and marks it ready;
// the automatic sender sends it. Refused (422) when the digest cannot be composed (nothing
// published). Audit "newsletter.ready".
Response mark_digest_ready(const AdminDeps& deps, const AdminRequest& request);

// GET /admin/newsletter/subscribers/?q=&status=&lang=&page=: 50 a page, by id.
Response subscribers_page(const AdminDeps& deps, const AdminRequest& request);
// GET /admin/newsletter/subscribers/export.csv (same filters): services/newsletter/subscriber_csv.hpp.
Response export_subscribers(const AdminDeps& deps, const AdminRequest& request);
// GET/POST /admin/newsletter/subscribers/import: a textarea with CSV (the admin's forms are
// urlencoded; there is no multipart parser) and the consent checkbox; the report of the import.
Response import_form(const AdminDeps& deps, const AdminRequest& request);
Response import_subscribers_csv(const AdminDeps& deps, const AdminRequest& request);

// GET /admin/newsletter/outbox/: DATA_DIR/maildir/new, newest first (subject, to, date).
// GET /admin/newsletter/outbox/message?file=NAME: headers and text part of one message; NAME
// must be a plain file name present in new/ (no path is ever built from anything else).
Response outbox_page(const AdminDeps& deps, const AdminRequest& request);
Response outbox_message_page(const AdminDeps& deps, const AdminRequest& request);

}  // namespace barometer::web::admin
