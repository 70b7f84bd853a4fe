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

namespace barometer {

// A composer for every language of `site`, with links under config.base_url. The site's names are
// read now: a renamed site shows its new name in confirmations after a restart. Errors: invalid
// when the theme lacks mail templates or a language's catalogue, or the DKIM key is unusable
// (messages naming the setting). `clock` must outlive the composer.
Result<newsletter::ConfirmationComposer> make_confirmation_composer(const Config& config, const Site& site,
                                                                    const Clock& clock);

}  // namespace barometer
