#include "web/public_site.hpp"

#include <filesystem>

#include "i18n/negotiate.hpp"
#include "web/gzip.hpp"
#include "web/page_cache.hpp"
#include "web/router.hpp"
#include "web/routes/discovery.hpp"
#include "web/routes/dynamics_pages.hpp"
#include "web/routes/newsletter_pages.hpp"
#include "web/routes/public_context.hpp"
#include "web/routes/public_pages.hpp"
#include "web/routes/security_txt.hpp"
#include "web/routes/search_page.hpp"
#include "web/url.hpp"

namespace barometer::web {
namespace {

using routes::PageEnv;
using routes::PublicContext;
using routes::Snapshot;

constexpr int kMaxPageSize = 200;
constexpr int kMaxFeedEntries = 1000;
const std::vector<std::string> kRead = {"GET", "HEAD"};

Response plain(int status, std::string text, std::string cache_control = "no-store") {
  Response r;
  r.status = status;
  r.set_header("Content-Type", "text/plain; charset=utf-8");
  r.set_header("Cache-Control", std::move(cache_control));
  r.set_body(std::move(text));
  return r;
}

class PublicSite final : public Handler {
 public:
  PublicSite(Store& store, render::Theme theme, routes::StaticAssets assets, PublicSiteOptions options,
             newsletter::Subscriptions* newsletter, const site_search::SiteSearch* search, ImportStore* redirects)
      : ctx_(store, std::move(theme), std::move(assets), options, search), redirects_(redirects) {
    if (options.cache) cache_ = options.cache;
    else if (options.cache_bytes > 0) cache_ = std::make_shared<PageCache>(PageCacheOptions{.max_bytes = options.cache_bytes});
    // Never cacheable (no-store), and registered before the catch-all "/{lang}/{segment}/".
    if (newsletter) routes::add_newsletter_routes(router_, ctx_, *newsletter);
    add_routes();
  }

  Response handle(const Request& request) override {
    try {
      return dispatch(request);
    } catch (const std::exception&) {
      // A bug, not bad input: never show internals.
      return plain(500, "internal error\n");
    }
  }

 private:
  void add_routes() {
    router_.add(kRead, "/", [this](const Request& r, const RouteParams&) { return redirect_to_language(r); });
    router_.add(kRead, "/healthz", [this](const Request&, const RouteParams&) { return health(); });
    router_.add(kRead, "/robots.txt", [this](const Request&, const RouteParams&) { return robots(); }, true);
    router_.add(kRead, "/.well-known/security.txt", [this](const Request& r, const RouteParams&) {
      return security_txt(r);
    });
    router_.add(kRead, "/static/{*path}", [this](const Request& r, const RouteParams& p) {
      return ctx_.assets().serve(p.rest, r.query);
    });
    add_discovery_routes();  // feeds and sitemaps, below
    // Room for the areas that come later, each registered here before the catch-all
    // "/{lang}/{segment}/" so their names win:
    //   newsletter: added in the constructor (web/routes/newsletter_pages.hpp)
    //   api:        /api/v1/{*path}          feeds: /{lang}/feed.xml, /{lang}/topics/{topic}/feed.xml
    //   search:     /{lang}/search           dynamics: /{lang}/dynamics/
    //   machines:   /sitemap.xml, /metrics   admin: /admin/{*path}
    if (const auto* search = ctx_.search()) {
      // Never in the page cache: every query is another key, and they would push out the pages
      // every reader shares. Results still change with content only (max-age as every page).
      router_.add(kRead, "/{lang}/search", page([search](const PageEnv& env, const Request& r, const RouteParams&) {
        auto query = parse_query(r.query);
        if (!query) return routes::error_page(env, 400);
        return routes::search_page(env, *search, *query);
      }), false);
    }
    router_.add(kRead, "/{lang}/dynamics/", page([](const PageEnv& env, const Request& r, const RouteParams&) {
      auto query = parse_query(r.query);
      if (!query) return routes::error_page(env, 400);
      return routes::dynamics_page(env, *query);
    }), true);
    for (const std::string format : {"csv", "json"}) {
      // Language-neutral: each row carries every language's title and URL (docs/open-data.md).
      router_.add(kRead, "/data/markers." + format, [this, format](const Request& r, const RouteParams&) {
        auto snap = ctx_.snapshot(ctx_.store().content_version());
        if (!snap) return unavailable();
        if (!r.query.empty()) return error(r, **snap, std::nullopt, 400);
        return routes::markers_data(ctx_, **snap, format);
      }, true);
    }
    router_.add(kRead, "/{lang}/", page([](const PageEnv& env, const Request&, const RouteParams&) {
      return routes::home_page(env);
    }), true);
    router_.add(kRead, "/{lang}/topics/{topic}/", page([](const PageEnv& env, const Request& r, const RouteParams& p) {
      auto query = parse_query(r.query);
      if (!query) return routes::error_page(env, 400);
      return routes::topic_page(env, p.get("topic"), *query);
    }), true);
    router_.add(kRead, "/{lang}/topics/{topic}/{slug}/", page([](const PageEnv& env, const Request&, const RouteParams& p) {
      return routes::commentary_page(env, p.get("topic"), p.get("slug"));
    }), true);
    router_.add(kRead, "/{lang}/authors/{author}/", page([](const PageEnv& env, const Request& r, const RouteParams& p) {
      auto query = parse_query(r.query);
      if (!query) return routes::error_page(env, 400);
      return routes::author_page(env, p.get("author"), *query);
    }), true);
    router_.add(kRead, "/{lang}/{segment}/", page([](const PageEnv& env, const Request&, const RouteParams& p) {
      return routes::period_or_static_page(env, p.get("segment"));
    }), true);
  }

  // Feeds and sitemaps (docs/decisions/0018). Their names have a dot, so no page slug can take
  // them; they take no query string but the sitemap's ?page= (so random queries cannot fill
  // the cache).
  void add_discovery_routes() {
    using routes::FeedFormat;
    for (const FeedFormat format : {FeedFormat::atom, FeedFormat::json}) {
      const std::string file = format == FeedFormat::atom ? "feed.xml" : "feed.json";
      router_.add(kRead, "/{lang}/" + file, page([format](const PageEnv& env, const Request& r, const RouteParams&) {
        if (!r.query.empty()) return routes::error_page(env, 400);
        return routes::language_feed(env, format);
      }), true);
      router_.add(kRead, "/{lang}/topics/{topic}/" + file, page([format](const PageEnv& env, const Request& r, const RouteParams& p) {
        if (!r.query.empty()) return routes::error_page(env, 400);
        return routes::topic_feed(env, p.get("topic"), format);
      }), true);
    }
    router_.add(kRead, "/sitemap.xml", [this](const Request& r, const RouteParams&) {
      auto snap = ctx_.snapshot(ctx_.store().content_version());
      if (!snap) return unavailable();
      if (!r.query.empty()) return error(r, **snap, std::nullopt, 400);
      return routes::sitemap_index(ctx_, **snap);
    }, true);
    router_.add(kRead, "/{lang}/sitemap.xml", page([](const PageEnv& env, const Request& r, const RouteParams&) {
      auto query = parse_query(r.query);
      if (!query) return routes::error_page(env, 400);
      return routes::language_sitemap(env, *query);
    }), true);
  }

  using PageAction = std::function<Response(const PageEnv&, const Request&, const RouteParams&)>;

  // Wraps a page: resolves the snapshot and the {lang} parameter (unknown language: 404).
  RouteAction page(PageAction action) {
    return [this, action = std::move(action)](const Request& request, const RouteParams& params) {
      auto snap = ctx_.snapshot(ctx_.store().content_version());
      if (!snap) return unavailable();
      const Language* language = (*snap)->site.language(params.get("lang"));
      if (!language) return error(request, **snap, std::nullopt, 404);
      const Catalogue* cat = (*snap)->catalogues->find(language->code);
      if (!cat) return unavailable();
      PageEnv env{ctx_, **snap, *language, *cat};
      return action(env, request, params);
    };
  }

  Response dispatch(const Request& request) {
    auto path = split_path(request.path);
    if (!path) return error(request, std::nullopt, first_raw_segment(request.path), 400);
    auto match = router_.route(request.method, *path);
    switch (match.outcome) {
      case Router::Outcome::not_found:
        if (auto moved = legacy_redirect(request)) return std::move(*moved);
        return error(request, std::nullopt, path->segments.empty() ? "" : path->segments.front(), 404);
      case Router::Outcome::method_not_allowed: {
        Response r = error(request, std::nullopt, path->segments.empty() ? "" : path->segments.front(), 405);
        r.set_header("Allow", match.allow);
        return r;
      }
      case Router::Outcome::add_slash: {
        // An old address without its slash ("/archives/12") is moved before a slash is added.
        if (auto moved = legacy_redirect(request)) return std::move(*moved);
        // "/nowhere.php" names a file, not a page: no redirect to "/nowhere.php/". A path that
        // starts with a backslash ("/\host") would make the Location "/\host/", which browsers
        // read as "//host/": an open redirect (to an IP written as one number, not even a dot is needed).
        if (path->segments.back().find('.') != std::string::npos || request.path.rfind("/\\", 0) == 0)
          return error(request, std::nullopt, path->segments.front(), 404);
        Response r;
        r.status = 301;
        r.set_header("Location", request.path + "/" + (request.query.empty() ? "" : "?" + request.query));
        r.set_header("Cache-Control", "public, max-age=3600");
        return r;
      }
      case Router::Outcome::matched:
        break;
    }
    if (!match.route->cacheable || !cache_) {
      Response response = match.route->action(request, match.params);
      if (response.status == 404)
        if (auto moved = legacy_redirect(request)) return std::move(*moved);
      return response;
    }
    const std::uint64_t version = ctx_.store().content_version();
    const bool gzip = accepts_gzip(request.header("Accept-Encoding"));
    std::string key = request.path + "?" + request.query;
    if (auto hit = cache_->lookup(key, version, gzip)) return std::move(*hit);
    Response response = match.route->action(request, match.params);
    if (response.status == 404)
      if (auto moved = legacy_redirect(request)) return std::move(*moved);
    // Pages, and the redirects of period-addressed commentaries (one per commentary and language,
    // so they cannot fill the cache as random 404 URLs could).
    if (response.status == 200 || response.status == 302) {
      cache_->store(std::move(key), version, response);
      // The cache adds ETag and gzip to its own copy; serve the same bytes from the first time.
      if (auto stored = cache_->lookup(request.path + "?" + request.query, version, gzip)) return std::move(*stored);
    }
    return response;
  }

  // The 301 of an imported old address (legacy_redirects), when the path (with its query, as
  // WordPress's "/?p=12" has one) is one; cached like a page, tagged with the content version
  // (an import is a content transaction). Only asked when no page answers, so a page always wins.
  std::optional<Response> legacy_redirect(const Request& request) {
    if (!redirects_) return std::nullopt;
    const std::string old = request.path + (request.query.empty() ? "" : "?" + request.query);
    const std::string key = "moved:" + old;
    const std::uint64_t version = ctx_.store().content_version();
    if (cache_)
      if (auto hit = cache_->lookup(key, version)) return std::move(*hit);
    auto target = redirects_->find_redirect(old);
    if (!target || !*target) return std::nullopt;  // a database error: the 404 page says enough
    Response r;
    r.status = 301;
    r.set_header("Location", **target);
    r.set_header("Cache-Control", "public, max-age=3600");
    r.set_body("");
    if (cache_) cache_->store(key, version, r);
    return r;
  }

  static std::string first_raw_segment(std::string_view path) {
    if (path.empty() || path.front() != '/') return {};
    path.remove_prefix(1);
    return std::string(path.substr(0, path.find('/')));
  }

  // A localized error page: the language of the path prefix when it is a site language,
  // else the reader's negotiated language.
  Response error(const Request& request, std::optional<std::shared_ptr<const Snapshot>> given,
                 const std::string& prefix, int status) {
    std::shared_ptr<const Snapshot> snap;
    if (given) {
      snap = *given;
    } else {
      auto loaded = ctx_.snapshot(ctx_.store().content_version());
      if (!loaded) return status == 503 ? unavailable() : plain(status, status == 400 ? "bad request\n" : "not found\n");
      snap = *loaded;
    }
    return error(request, *snap, prefix.empty() ? std::nullopt : std::optional<std::string>(prefix), status);
  }

  Response error(const Request& request, const Snapshot& snap, std::optional<std::string> prefix, int status) {
    const Language* language = prefix ? snap.site.language(*prefix) : nullptr;
    if (!language) {
      const LangCode code = negotiate_language(request.header("Accept-Language"), snap.language_codes(),
                                               snap.site.default_language().code);
      language = snap.site.language(code);
      if (!language) language = &snap.site.default_language();
    }
    const Catalogue* cat = snap.catalogues->find(language->code);
    if (!cat) return plain(status, "error\n");
    PageEnv env{ctx_, snap, *language, *cat};
    return routes::error_page(env, status);
  }

  Response redirect_to_language(const Request& request) {
    auto snap = ctx_.snapshot(ctx_.store().content_version());
    if (!snap) return unavailable();
    const LangCode code = negotiate_language(request.header("Accept-Language"), (*snap)->language_codes(),
                                             (*snap)->site.default_language().code);
    Response r;
    r.status = 302;
    r.set_header("Location", "/" + code + "/");
    r.set_header("Vary", "Accept-Language");
    r.set_header("Cache-Control", "private, max-age=0");
    return r;
  }

  Response health() {
    auto site = ctx_.store().load_site();
    if (!site && site.code() != ErrorCode::not_found) return plain(503, "unavailable\n");
    return plain(200, "ok\n");
  }

  Response robots() {
    // Without a site yet there is no base URL to name the sitemap with.
    auto snap = ctx_.snapshot(ctx_.store().content_version());
    if (!snap) return plain(200, "User-agent: *\nDisallow: /admin/\n", "no-store");
    return routes::robots_txt(**snap, "public, max-age=3600");
  }

  // 404 until the operator names a contact: a file without one would be invalid (RFC 9116 2.5.3).
  Response security_txt(const Request& request) {
    auto snap = ctx_.snapshot(ctx_.store().content_version());
    if (!snap) return unavailable();
    const auto& contacts = ctx_.options().security_contact;
    if (contacts.empty()) return error(request, **snap, std::nullopt, 404);
    const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    return plain(200, routes::security_txt(contacts, (*snap)->site.languages, (*snap)->site.base_url, now),
                 "public, max-age=3600");
  }

  static Response unavailable() {
    Response r = plain(503, "The site is temporarily unavailable. Please try again in a minute.\n");
    r.set_header("Retry-After", "30");
    return r;
  }

  PublicContext ctx_;
  ImportStore* redirects_;  // may be null: no old addresses
  Router router_;
  std::shared_ptr<PageCache> cache_;
};

}  // namespace

Result<std::unique_ptr<Handler>> make_public_site(Store& store, const PublicSiteOptions& options,
                                                  newsletter::Subscriptions* newsletter,
                                                  const site_search::SiteSearch* search, ImportStore* redirects) {
  if (options.page_size < 1 || options.page_size > kMaxPageSize)
    return invalid("page_size must be 1.." + std::to_string(kMaxPageSize));
  if (options.feed_entries < 1 || options.feed_entries > kMaxFeedEntries)
    return invalid("feed_entries must be 1.." + std::to_string(kMaxFeedEntries));
  if (options.sitemap_urls_per_file < 1 || options.sitemap_urls_per_file > 50'000)
    return invalid("sitemap_urls_per_file must be 1..50000");
  if (options.strip_length < 0 || options.read_more_earlier < 0)
    return invalid("strip_length and read_more_earlier must not be negative");
  auto theme = render::Theme::load(options.theme_dir);
  if (!theme) return theme.error();
  for (const char* name : {"home", "period", "topic", "commentary", "author", "page", "error", "dynamics"})
    if (!theme->has(name)) return invalid("theme " + options.theme_dir + " has no template " + name + ".mustache");
  if (newsletter && !theme->has("newsletter"))
    return invalid("theme " + options.theme_dir + " has no template newsletter.mustache");
  if (search && !theme->has("search"))
    return invalid("theme " + options.theme_dir + " has no template search.mustache");
  auto assets = routes::StaticAssets::load((std::filesystem::path(options.theme_dir) / "static").string());
  if (!assets) return assets.error();
  return std::unique_ptr<Handler>(
      std::make_unique<PublicSite>(store, std::move(*theme), std::move(*assets), options, newsletter, search, redirects));
}

}  // namespace barometer::web
