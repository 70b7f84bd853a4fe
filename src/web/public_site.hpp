// The public reading site as one web::Handler: home, periods, topics, commentaries, analysts,
// static pages, feeds, sitemaps, /healthz, /robots.txt, /.well-known/security.txt and the theme's /static
// files, and the 301s of old imported addresses. See PRODUCT.md "Public site"
// and docs/decisions/0001-theme-and-urls.md for the URLs.
//
// Contract:
//  - GET and HEAD only (other methods: 405 with Allow). HEAD gets the same response as GET; the
//    server drops the body.
//  - Bad input (malformed percent-encoding, bad ?page=) is a localized 400 page; anything that
//    does not exist is a localized 404 page. Never a 500 for bad input.
//  - Rendered pages (200) and the redirects of period-addressed commentaries (302) are cached in
//    a PageCache keyed by path and query, tagged with store.content_version(), so any content
//    change is visible on the next request.
//  - Thread-safe: handle() may be called concurrently. `store` must outlive the handler.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "storage/import_store.hpp"
#include "storage/store.hpp"
#include "web/http.hpp"
#include "web/page_cache.hpp"

namespace barometer::newsletter {
class Subscriptions;
}
namespace barometer::site_search {
class SiteSearch;
}

namespace barometer::web {

struct PublicSiteOptions {
  // The theme directory: templates/, templates/partials/, locales/<lang>.toml, static/.
  // Default: the checked-in default theme of the source tree (the app overrides it).
  std::string theme_dir = "themes/default";
  // Public URL (no trailing slash) for canonical and hreflang links, overriding the base URL
  // stored with the site: the operator's configuration wins. "" = use the stored one.
  std::string base_url;
  // Commentaries per page on topic and analyst archives. Default 20; must be 1..200.
  int page_size = 20;
  // Markers in a topic's strip on the home page and the topic page. Default 12.
  int strip_length = 12;
  // Earlier commentaries of the same topic under "Read more". Default 4.
  int read_more_earlier = 4;
  // Entries in each feed (/{lang}/feed.xml, a topic's feed.xml, their .json twins): the newest
  // published commentaries in the language. Default 50 (a year of one topic); must be 1..1000.
  int feed_entries = 50;
  // URLs per sitemap file (/{lang}/sitemap.xml?page=N). Default and maximum 50,000, the
  // sitemap protocol's limit; tests lower it to see the split.
  std::size_t sitemap_urls_per_file = 50'000;
  // Memory bound of the rendered-page cache, in bytes. Default 64 MiB; 0 disables the cache.
  std::size_t cache_bytes = 64u << 20;
  // The rendered-page cache to use instead of one of cache_bytes, so that its owner can read its
  // counters (PageCache::stats(): tests, metrics). Default null: the site makes its own.
  std::shared_ptr<PageCache> cache;
  // Where to report a vulnerability: URIs (mailto:, https:, tel:) for /.well-known/security.txt
  // (RFC 9116). Empty (default): that URL is a 404.
  std::vector<std::string> security_contact;
  // Cache-Control of rendered pages (their content changes when analysts publish).
  // Default "public, max-age=60".
  std::string page_cache_control = "public, max-age=60";
};

// Loads the theme (templates, static files) and checks it; the message catalogues are loaded
// with the site's languages on first use. invalid naming the file for a broken template or
// option; io when the theme cannot be read.
// `newsletter` (optional; must outlive the handler) adds the newsletter pages
// (web/routes/newsletter_pages.hpp); without it those URLs are 404s.
// `search` (optional; must outlive the handler) adds /{lang}/search (web/routes/search_page.hpp)
// and the search box in every page's header; without it /{lang}/search is a 404.
// `redirects` (optional; must outlive the handler): an old address (an imported WordPress
// permalink, legacy_redirects) that no page answers gets a 301 to its new page, cached like a page
// (docs/decisions/0023-wordpress-import.md); without it such addresses are 404s.
Result<std::unique_ptr<Handler>> make_public_site(Store& store, const PublicSiteOptions& options,
                                                  newsletter::Subscriptions* newsletter = nullptr,
                                                  const site_search::SiteSearch* search = nullptr,
                                                  ImportStore* redirects = nullptr);

}  // namespace barometer::web
