#include "app/confirmation_mail.hpp"

#include <filesystem>
#include <memory>
#include <mutex>

#include <spdlog/spdlog.h>

#include "i18n/catalogue.hpp"
#include "mail/dkim.hpp"
#include "services/newsletter/mail_templates.hpp"
#include "services/newsletter/mime_confirmation.hpp"

namespace barometer {

namespace {

// The text of `m` in `code`, else in the site's default language, else any.
std::string in_language(const PerLanguage<std::string>& m, const LangCode& code, const LangCode& fallback) {
  if (auto it = m.find(code); it != m.end()) return it->second;
  if (auto it = m.find(fallback); it != m.end()) return it->second;
  return m.empty() ? std::string() : m.begin()->second;
}

}  // namespace

Result<newsletter::ConfirmationComposer> make_confirmation_composer(const Config& config, const Site& site,
                                                                    const Clock& clock) {
  newsletter::MimeConfirmationOptions o;
  auto templates = newsletter::MailTemplates::load(config.theme_dir);
  if (!templates) return invalid("theme " + config.theme_dir + ": " + templates.error().message);
  o.templates = std::make_shared<const newsletter::MailTemplates>(std::move(*templates));
  auto catalogues = Catalogues::load((std::filesystem::path(config.theme_dir) / "locales").string(), site.languages);
  if (!catalogues) return invalid("theme " + config.theme_dir + ": " + catalogues.error().message);
  o.catalogues = std::make_shared<const Catalogues>(std::move(*catalogues));
  const std::string from = config.mail_from.empty() ? "newsletter@localhost" : config.mail_from;
  if (site.languages.empty()) return invalid("the site has no languages");
  const LangCode& fallback = site.default_language().code;
  for (const auto& language : site.languages) {
    const std::string name = in_language(site.name, language.code, fallback);
    o.sites[language.code] = {name, in_language(site.subject, language.code, fallback), config.base_url,
                              language.icu_locale, {name, from}};
  }
  if (!config.dkim_key.empty()) {
    auto signer = mail::DkimSigner::from_key_file(config.dkim_domain, config.dkim_selector, config.dkim_key,
                                                  config.dkim_ed25519_selector, config.dkim_ed25519_key);
    if (!signer) return invalid("dkim_key: " + signer.error().message);
    o.dkim = std::make_shared<const mail::DkimSigner>(std::move(*signer));
  } else if (!config.dkim_ed25519_key.empty()) {
    return invalid("dkim_ed25519_key: needs dkim_key too (receivers without Ed25519 check the RSA signature)");
  }
  return newsletter::mime_confirmation_composer(std::move(o), clock);
}

Result<newsletter::ConfirmationComposer> make_live_confirmation_composer(const Config& config, Store& store,
                                                                         const Clock& clock) {
  // The version is read before the site: a change between the two is seen again next time.
  struct State {
    std::mutex mutex;
    std::uint64_t version = 0;
    newsletter::ConfirmationComposer composer;
  };
  auto state = std::make_shared<State>();
  state->version = store.content_version();
  auto site = store.load_site();
  if (!site) return site.error();
  auto first = make_confirmation_composer(config, *site, clock);
  if (!first) return first.error();
  state->composer = std::move(*first);
  return newsletter::ConfirmationComposer(
      [state, config, &store, &clock](const newsletter::ConfirmationMail& mail) -> Result<std::string> {
        newsletter::ConfirmationComposer composer;
        {
          std::lock_guard lock(state->mutex);
          const std::uint64_t now = store.content_version();
          if (now != state->version) {
            auto site = store.load_site();
            auto fresh = site ? make_confirmation_composer(config, *site, clock)
                              : Result<newsletter::ConfirmationComposer>(site.error());
            if (fresh) {
              state->composer = std::move(*fresh);
              state->version = now;
            } else {
              spdlog::warn("newsletter: confirmations keep the previous site settings: {}", fresh.error().message);
            }
          }
          composer = state->composer;
        }
        return composer(mail);
      });
}

}  // namespace barometer
