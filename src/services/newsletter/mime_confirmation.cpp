#include "services/newsletter/mime_confirmation.hpp"

namespace barometer::newsletter {

ConfirmationComposer mime_confirmation_composer(MimeConfirmationOptions options, const Clock& clock) {
  auto shared = std::make_shared<const MimeConfirmationOptions>(std::move(options));
  return [shared, &clock](const ConfirmationMail& mail) -> Result<std::string> {
    const auto& o = *shared;
    if (!o.templates || !o.catalogues) return invalid("confirmation: composer has no templates or catalogues");
    const Catalogue* catalogue = o.catalogues->find(mail.lang);
    auto site = o.sites.find(mail.lang);
    if (!catalogue || site == o.sites.end()) return invalid("confirmation: no catalogue or site for '" + mail.lang + "'");
    ConfirmationInput in;
    in.site = site->second;
    in.lang = mail.lang;
    in.to = mail.to;
    in.display_to = mail.display_to;
    in.confirm_url = mail.confirm_url;
    in.message_key = "confirm/" + mail.confirm_url;
    in.date = clock.now();
    in.list_unsubscribe = mail.list_unsubscribe;
    auto message = compose_confirmation(*o.templates, *catalogue, in);
    if (!message) return message.error();
    auto bytes = mail::build_mime(*message);
    if (!bytes) return bytes.error();
    if (o.dkim) return o.dkim->sign(*bytes);
    return bytes;
  };
}

}  // namespace barometer::newsletter
