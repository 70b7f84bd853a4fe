// The machine-readable side of the public site (docs/decisions/0018): Atom and JSON feeds per
// language and per topic, the sitemap index and its per-language urlsets, robots.txt. Each is a
// function of the request's language environment (or the snapshot) to a complete response, like
// the pages in public_pages.hpp; the router caches their 200s in the page cache.
#pragma once

#include <string>
#include <string_view>

#include "web/http.hpp"
#include "web/routes/public_context.hpp"
#include "web/url.hpp"

namespace barometer::web::routes {

enum class FeedFormat { atom, json };

// /{lang}/feed.xml|json: the newest options().feed_entries published commentaries with a
// translation in env's language.
Response language_feed(const PageEnv& env, FeedFormat format);
// /{lang}/topics/{topic}/feed.xml|json: the same for one topic; 404 page for a topic that does
// not exist or has no name in env's language; an empty feed when nothing is translated yet.
Response topic_feed(const PageEnv& env, const std::string& topic_slug, FeedFormat format);

// /sitemap.xml: one urlset per language (more when a language has more URLs than
// options().sitemap_urls_per_file).
Response sitemap_index(PublicContext& ctx, const Snapshot& snap);
// /{lang}/sitemap.xml[?page=N]: part N of env's language's urlset; 400 for a bad ?page=, 404
// past the last part.
Response language_sitemap(const PageEnv& env, const QueryParams& query);

// /robots.txt: keeps crawlers out of /admin/ and names the sitemap index.
Response robots_txt(const Snapshot& snap, const std::string& cache_control);

// The feeds' paths in `lang` ("/en/feed.xml"; "/en/topics/security/feed.json").
std::string feed_path(const LangCode& lang, FeedFormat format);
std::string topic_feed_path(const LangCode& lang, const Topic& topic, FeedFormat format);

}  // namespace barometer::web::routes
