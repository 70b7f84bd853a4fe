// A streaming reader of WordPress eXtended RSS (WXR 1.1/1.2, Tools → Export) over libxml2's
// xmlTextReader: one <item> at a time is held, never the file, so an export of hundreds of MB
// reads in bounded memory. Hands each channel-level author and term and each item to the
// caller, in file order (WordPress writes authors, categories, tags and terms before the items).
//
// Safe on hostile files: no network (XML_PARSE_NONET), no DTD loading, no entity substitution;
// a document type declaration or an entity reference is refused outright (a WXR has neither),
// so entity expansion ("billion laughs") and external entities cannot happen. A malformed or
// truncated file stops with invalid("FILE:LINE:COLUMN: what libxml2 said").
//
// Elements are matched by namespace URI and local name, not prefix. Not thread-safe; one
// reader per file.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "domain/result.hpp"

namespace barometer::wordpress {

struct WxrChannel {
  std::string title;
  std::string link;           // the site's address
  std::string language;       // <language>, e.g. "en-US"
  std::string base_site_url;  // <wp:base_site_url>
  std::string wxr_version;    // "1.2"
};

struct WxrAuthor {
  std::string id;
  std::string login;
  std::string email;
  std::string display_name;
  std::string first_name;
  std::string last_name;
};

// A channel-level <wp:category>, <wp:tag> or <wp:term>.
struct WxrTerm {
  std::string taxonomy;       // "category", "post_tag", or <wp:term_taxonomy> ("language", "post_translations", …)
  std::string id;
  std::string slug;
  std::string name;
  std::string description;
};

// An item's <category domain="…" nicename="…">name</category>.
struct WxrCategoryRef {
  std::string domain;         // "category", "post_tag", "language", "post_translations", …
  std::string nicename;       // the term's slug
  std::string name;
};

struct WxrMeta {
  std::string key;
  std::string value;
};

struct WxrItem {
  long line = 0;              // where its <item> starts, for the report
  std::string title;
  std::string link;
  std::string pub_date;       // RFC 822
  std::string creator;        // dc:creator: an author login
  std::string guid;
  std::string content;        // content:encoded (HTML)
  std::string excerpt;        // excerpt:encoded
  std::string post_id;
  std::string post_date;      // local time "YYYY-MM-DD HH:MM:SS"
  std::string post_date_gmt;  // UTC, "0000-00-00 00:00:00" for a draft never published
  std::string post_name;      // the slug, percent-encoded when not ASCII
  std::string status;         // publish, draft, pending, future, private, trash, inherit, auto-draft
  std::string post_type;      // post, page, attachment, nav_menu_item, …
  std::string post_parent;
  std::string menu_order;
  std::vector<WxrCategoryRef> categories;
  std::vector<WxrMeta> meta;
};

struct WxrHandlers {
  std::function<Status(const WxrChannel&)> channel;  // once, before the first author, term or item
  std::function<Status(const WxrAuthor&)> author;
  std::function<Status(const WxrTerm&)> term;
  std::function<Status(const WxrItem&)> item;
  // Bytes of the file read so far (of its size), after each item; may be empty.
  std::function<void(std::uint64_t read, std::uint64_t total)> progress;
};

// Limits of one item, so that a hostile file cannot grow one without bound.
inline constexpr std::size_t kMaxItemCategories = 1000;
inline constexpr std::size_t kMaxItemMeta = 1000;

// Reads `path` and calls the handlers; the first handler error stops the reading and is returned.
// io when the file cannot be opened; invalid (with line and column) when it is not a readable WXR.
Status read_wxr(const std::string& path, const WxrHandlers& handlers);

// The same over bytes in memory (tests, the fuzz target); `name` stands for the file in messages.
Status read_wxr_memory(std::string_view bytes, const std::string& name, const WxrHandlers& handlers);

}  // namespace barometer::wordpress
