// The confirmation side of the composition root: the ConfirmationComposer `serve` gives
// Subscriptions. Each confirmation is a MIME message (services/newsletter/mime_confirmation.hpp)
// in the subscriber's language, from the theme's mail/ templates and locales, From the site's name
// in that language and config.mail_from, DKIM-signed when config.dkim_key is set (the same key,
// selector and domain as the digests).
#pragma once

#include "config/config.hpp"
#include "domain/clock.hpp"
#include "domain/result.hpp"
#include "domain/site.hpp"
#include "services/newsletter/subscriptions.hpp"
#include "storage/store.hpp"

namespace barometer {

// A composer for every language of `site`, with links under config.base_url, the site's names as
// they are now. Errors: invalid
// when the theme lacks mail templates or a language's catalogue, or the DKIM key is unusable
// (messages naming the setting). `clock` must outlive the composer.
Result<newsletter::ConfirmationComposer> make_confirmation_composer(const Config& config, const Site& site,
                                                                    const Clock& clock);

// The same, following the site's settings while serving: before a mail, when
// store.content_version() moved since the composer was made, the site is read again and the
// composer remade, so a renamed site (or a language added in the back office) shows in the next
// confirmation without a restart. When that fails, the previous composer goes on and the failure
// is logged: a confirmation with the old name beats none. Errors: as above, for the site as it is
// now, or the store's when the site cannot be read. `store` and `clock` must outlive it.
Result<newsletter::ConfirmationComposer> make_live_confirmation_composer(const Config& config, Store& store,
                                                                         const Clock& clock);

}  // namespace barometer
