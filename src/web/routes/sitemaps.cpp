// /sitemap.xml (the index), /{lang}/sitemap.xml (one language's pages, each with its
// translations as hreflang alternates and x-default) and /robots.txt. docs/decisions/0018.
#include <algorithm>
#include <map>
#include <optional>

#include "render/sitemap.hpp"
#include "web/routes/discovery.hpp"
#include "web/routes/public_pages.hpp"
#include "web/views/page_views.hpp"

namespace barometer::web::routes {
namespace {

// One page of the site in every language that has it.
struct SitePage {
  PerLanguage<std::string> paths;
  std::optional<Instant> lastmod;
};

void newer(std::optional<Instant>& into, std::optional<Instant> value) {
  if (value && (!into || *value > *into)) into = value;
}

Instant changed_at(const Commentary& c) { return std::max(c.published_at.value_or(c.updated_at), c.updated_at); }

// Every page a reader can reach from the home page without a query string (page 1 of the
// archives), in the order the urlsets list them.
std::vector<SitePage> site_pages(const Snapshot& snap, const std::vector<Commentary>& published) {
  std::optional<Instant> newest;
  std::map<Id, std::optional<Instant>> by_topic, by_author;
  std::vector<std::pair<Period, std::optional<Instant>>> periods;  // newest first, as the rows
  for (const Commentary& c : published) {
    const Instant at = changed_at(c);
    newer(newest, at);
    newer(by_topic[c.topic_id], at);
    for (Id a : c.author_ids) newer(by_author[a], at);
    if (periods.empty() || !(periods.back().first == c.period)) periods.push_back({c.period, std::nullopt});
    newer(periods.back().second, at);
  }

  std::vector<SitePage> pages;
  const auto every_language = [&](auto path_of, std::optional<Instant> lastmod) {
    SitePage p;
    for (const auto& l : snap.site.languages) p.paths[l.code] = path_of(l.code);
    p.lastmod = lastmod;
    pages.push_back(std::move(p));
  };
  every_language([](const LangCode& l) { return views::home_path(l); }, newest);
  every_language([](const LangCode& l) { return "/" + l + "/dynamics/"; }, newest);
  for (const Topic& t : snap.topics) {
    SitePage p;
    for (const auto& [code, text] : t.text) p.paths[code] = views::topic_path(code, t);
    p.lastmod = by_topic[t.id];
    pages.push_back(std::move(p));
  }
  for (const Page& page : snap.pages) {
    SitePage p;
    for (const auto& [code, text] : page.text) p.paths[code] = "/" + code + "/" + percent_encode(text.slug) + "/";
    pages.push_back(std::move(p));
  }
  for (const Author& a : snap.authors) {
    SitePage p;
    for (const auto& [code, text] : a.text) p.paths[code] = views::author_path(code, a);
    p.lastmod = by_author[a.id];
    pages.push_back(std::move(p));
  }
  for (const auto& [period, lastmod] : periods)
    every_language([&period](const LangCode& l) { return views::period_path(l, period); }, lastmod);
  for (const Commentary& c : published) {
    const Topic* topic = snap.topic(c.topic_id);
    if (!topic) continue;
    SitePage p;
    for (const auto& [code, text] : c.translations) p.paths[code] = views::commentary_path(code, *topic, text);
    p.lastmod = changed_at(c);
    pages.push_back(std::move(p));
  }
  return pages;
}

// The urlset entries of `lang`: each page that exists in it, with every site language that has
// the page as an alternate (itself included) and x-default, the first of them (decision 0001).
std::vector<render::SitemapUrl> language_urls(const Snapshot& snap, const std::vector<SitePage>& pages,
                                              const LangCode& lang) {
  const std::string& base = snap.site.base_url;
  std::vector<render::SitemapUrl> urls;
  for (const SitePage& page : pages) {
    auto own = page.paths.find(lang);
    if (own == page.paths.end()) continue;
    render::SitemapUrl url;
    url.loc = base + own->second;
    url.lastmod = page.lastmod;
    for (const auto& l : snap.site.languages)
      if (auto it = page.paths.find(l.code); it != page.paths.end()) url.alternates.push_back({l.code, base + it->second});
    url.alternates.push_back({"x-default", url.alternates.front().href});
    urls.push_back(std::move(url));
  }
  return urls;
}

Result<std::vector<SitePage>> load_pages(PublicContext& ctx, const Snapshot& snap) {
  CommentaryFilter filter;  // every published commentary, newest period first
  auto rows = ctx.store().find_commentaries(filter);
  if (!rows) return rows.error();
  return site_pages(snap, *rows);
}

std::size_t per_file(const PublicContext& ctx) {
  return std::clamp<std::size_t>(ctx.options().sitemap_urls_per_file, 1, render::kSitemapMaxUrls);
}

std::string sitemap_path(const LangCode& lang, std::size_t part) {
  return "/" + lang + "/sitemap.xml" + (part > 1 ? "?page=" + std::to_string(part) : "");
}

Response xml_response(const PublicContext& ctx, std::string body) {
  Response r;
  r.status = 200;
  r.set_header("Content-Type", "application/xml");
  r.set_header("Cache-Control", ctx.options().page_cache_control);
  r.set_body(std::move(body));
  return r;
}

Response unavailable() {
  Response r;
  r.status = 503;
  r.set_header("Content-Type", "text/plain; charset=utf-8");
  r.set_header("Cache-Control", "no-store");
  r.set_header("Retry-After", "30");
  r.set_body("The sitemap is temporarily unavailable.\n");
  return r;
}

}  // namespace

Response sitemap_index(PublicContext& ctx, const Snapshot& snap) {
  auto pages = load_pages(ctx, snap);
  if (!pages) return unavailable();
  const std::size_t size = per_file(ctx);
  std::vector<render::SitemapRef> refs;
  for (const auto& l : snap.site.languages) {
    const auto urls = language_urls(snap, *pages, l.code);
    const std::size_t parts = std::max<std::size_t>(1, (urls.size() + size - 1) / size);
    for (std::size_t part = 1; part <= parts; ++part) {
      render::SitemapRef ref{snap.site.base_url + sitemap_path(l.code, part), std::nullopt};
      for (std::size_t i = (part - 1) * size; i < std::min(urls.size(), part * size); ++i) newer(ref.lastmod, urls[i].lastmod);
      refs.push_back(std::move(ref));
    }
  }
  return xml_response(ctx, render::sitemap_index_xml(refs));
}

Response language_sitemap(const PageEnv& env, const QueryParams& query) {
  auto part = parse_page_number(query);
  if (!part || query.size() > 1 || (query.size() == 1 && query.front().first != "page")) return error_page(env, 400);
  auto pages = load_pages(env.ctx, env.snap);
  if (!pages) return error_page(env, 503);
  auto urls = language_urls(env.snap, *pages, env.lang());
  const std::size_t size = per_file(env.ctx);
  const std::size_t parts = std::max<std::size_t>(1, (urls.size() + size - 1) / size);
  if (static_cast<std::size_t>(*part) > parts) return error_page(env, 404);
  const std::size_t first = (static_cast<std::size_t>(*part) - 1) * size;
  std::vector<render::SitemapUrl> slice(urls.begin() + static_cast<std::ptrdiff_t>(first),
                                        urls.begin() + static_cast<std::ptrdiff_t>(std::min(urls.size(), first + size)));
  return xml_response(env.ctx, render::sitemap_xml(slice));
}

Response robots_txt(const Snapshot& snap, const std::string& cache_control) {
  Response r;
  r.status = 200;
  r.set_header("Content-Type", "text/plain; charset=utf-8");
  r.set_header("Cache-Control", cache_control);
  r.set_body("User-agent: *\nDisallow: /admin/\n\nSitemap: " + snap.site.base_url + "/sitemap.xml\n");
  return r;
}

}  // namespace barometer::web::routes
