// What every public page needs: the store, the theme, the static assets, and a snapshot of the
// site's slow-changing content (site, languages, topics, authors, pages, message catalogues)
// rebuilt only when store.content_version() changes.
//
// Thread-safety: PublicContext is shared by all request threads; snapshot() takes a mutex only to
// swap the shared_ptr. A Snapshot is immutable once published.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "domain/author.hpp"
#include "domain/page.hpp"
#include "domain/site.hpp"
#include "domain/topic.hpp"
#include "i18n/catalogue.hpp"
#include "render/theme.hpp"
#include "render/view.hpp"
#include "storage/store.hpp"
#include "web/public_site.hpp"
#include "web/routes/static_assets.hpp"

namespace barometer::site_search {
class SiteSearch;
}

namespace barometer::web::routes {

struct Snapshot {
  std::uint64_t version = 0;
  Site site;
  std::vector<Topic> topics;    // by position
  std::vector<Author> authors;
  std::vector<Page> pages;      // by position
  std::shared_ptr<const Catalogues> catalogues;
  // Per language, {"t": the catalogue's strings}: the templates' globals (Theme::render), built
  // once here instead of copied into every page's View.
  std::map<LangCode, render::View> ui;

  const Topic* topic(std::string_view slug) const;
  const Topic* topic(Id id) const;
  const Author* author(std::string_view slug) const;
  const Author* author(Id id) const;
  std::vector<LangCode> language_codes() const;
};

class PublicContext {
 public:
  // `search` (optional; must outlive the context): the readers' search, whose box every page's
  // header then shows.
  PublicContext(Store& store, render::Theme theme, StaticAssets assets, PublicSiteOptions options,
                const site_search::SiteSearch* search = nullptr)
      : store_(store), theme_(std::move(theme)), assets_(std::move(assets)), options_(std::move(options)),
        search_(search) {}

  // The snapshot for the store's current content; unavailable/not_found when the store fails or
  // holds no site yet, invalid when a catalogue is broken.
  Result<std::shared_ptr<const Snapshot>> snapshot(std::uint64_t version);

  Store& store() const { return store_; }
  const render::Theme& theme() const { return theme_; }
  const StaticAssets& assets() const { return assets_; }
  const PublicSiteOptions& options() const { return options_; }
  const site_search::SiteSearch* search() const { return search_; }

 private:
  Result<std::shared_ptr<const Snapshot>> build(std::uint64_t version);

  Store& store_;
  render::Theme theme_;
  StaticAssets assets_;
  PublicSiteOptions options_;
  const site_search::SiteSearch* search_;
  std::mutex mutex_;
  std::shared_ptr<const Snapshot> current_;            // guarded by mutex_
  std::vector<LangCode> catalogue_codes_;               // guarded by mutex_
  std::shared_ptr<const Catalogues> catalogues_;        // guarded by mutex_; reused while languages stay
};

// One request's language and its catalogue, once the language is known.
struct PageEnv {
  PublicContext& ctx;
  const Snapshot& snap;
  const Language& language;
  const Catalogue& cat;

  const LangCode& lang() const { return language.code; }
  const std::string& icu() const { return language.icu_locale; }
  // A catalogue message without arguments, formatted (so ICU quoting rules apply).
  std::string msg(std::string_view key) const { return cat.format(key, {}); }
};

}  // namespace barometer::web::routes
