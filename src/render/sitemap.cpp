#include "render/sitemap.hpp"

#include "render/xml_writer.hpp"

namespace barometer::render {
namespace {

constexpr std::string_view kSitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";
constexpr std::string_view kXhtmlNs = "http://www.w3.org/1999/xhtml";

}  // namespace

std::string sitemap_xml(const std::vector<SitemapUrl>& urls) {
  XmlWriter w;
  w.start("urlset", kSitemapNs).attribute("xmlns:xhtml", kXhtmlNs);
  for (const SitemapUrl& u : urls) {
    w.start("url").element("loc", u.loc);
    if (u.lastmod) w.element("lastmod", to_iso(*u.lastmod));
    for (const SitemapAlternate& a : u.alternates)
      w.start("xhtml:link").attribute("rel", "alternate").attribute("hreflang", a.hreflang).attribute("href", a.href).end();
    w.end();
  }
  w.end();
  return w.finish();
}

std::string sitemap_index_xml(const std::vector<SitemapRef>& sitemaps) {
  XmlWriter w;
  w.start("sitemapindex", kSitemapNs);
  for (const SitemapRef& s : sitemaps) {
    w.start("sitemap").element("loc", s.loc);
    if (s.lastmod) w.element("lastmod", to_iso(*s.lastmod));
    w.end();
  }
  w.end();
  return w.finish();
}

}  // namespace barometer::render
