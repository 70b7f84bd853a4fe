// The webhooks' events as JSON, enqueued in the ledger of every webhook that wants them
// (docs/decisions/0022-webhooks.md). The commentary events are enqueued INSIDE the transaction of
// the publish or unpublish (CommentaryService), so they commit with it or not at all; a publish
// only inserts rows — the POSTs happen later, on the WebhookSender's thread.
//
// Every body has "event", "id" (random, the same for every webhook of one event), "occurred_at"
// (ISO 8601 UTC) and the public URLs of what it is about, built from the site's base URL.
//
// Thread-safe (pure functions over the facets handed in).
#pragma once

#include <string>
#include <vector>

#include "domain/commentary.hpp"
#include "domain/digest.hpp"
#include "domain/result.hpp"
#include "domain/webhook.hpp"
#include "storage/database.hpp"

namespace barometer::webhooks {

// A random event id, 32 lower-case hex digits.
std::string new_event_id();

// commentary.published / commentary.unpublished for `commentary` (as stored after the change),
// enqueued through `tx`.
Status enqueue_commentary_event(Facets& tx, WebhookEvent event, const Commentary& commentary, Instant now);

// week.completed for every period among `periods` whose every topic now has a published
// commentary. Call it after publishing commentaries of those periods (each was not published
// before, so the period was not complete before): one event per period that became complete.
Status enqueue_completed_weeks(Facets& tx, const std::vector<Period>& periods, Instant now);

// digest.sent: a digest run finished (nothing pending), with its counts; in the transaction that
// marks the digest done.
Status enqueue_digest_sent(Facets& tx, const Digest& digest, const DeliveryReport& report, Instant now);

}  // namespace barometer::webhooks
