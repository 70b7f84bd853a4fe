// Sitemaps (https://www.sitemaps.org/protocol.html): a urlset whose URLs list their translations
// as xhtml:link hreflang alternates, and the sitemap index that points to the urlsets. The web
// layer decides which URLs and how they are split (docs/decisions/0018); this file only writes
// them. Pure functions, thread-safe; strings are cleaned by render::xml_text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.hpp"

namespace barometer::render {

// The protocol's limit of URLs in one urlset (and of sitemaps in one index).
constexpr std::size_t kSitemapMaxUrls = 50'000;

struct SitemapAlternate {
  std::string hreflang;  // a language code or "x-default"
  std::string href;      // absolute
};

struct SitemapUrl {
  std::string loc;                           // absolute
  std::optional<Instant> lastmod;            // when the page's content last changed
  std::vector<SitemapAlternate> alternates;  // every version, this one included, then x-default
};

struct SitemapRef {
  std::string loc;                 // absolute URL of a urlset
  std::optional<Instant> lastmod;  // the newest lastmod in it
};

// <urlset> with the xhtml namespace declared.
std::string sitemap_xml(const std::vector<SitemapUrl>& urls);
// <sitemapindex>.
std::string sitemap_index_xml(const std::vector<SitemapRef>& sitemaps);

}  // namespace barometer::render
