// Markdown to HTML for commentary bodies and static pages, via cmark-gfm (CommonMark plus the GFM
// table, strikethrough and autolink extensions).
//
// Safety contract: the output is safe to insert into a page unescaped ({{{ }}}), whatever the
// input. Raw HTML in the source is never passed through (cmark-gfm replaces it with an HTML
// comment, because CMARK_OPT_UNSAFE is not set), and links or images whose URL uses a dangerous
// scheme (javascript:, vbscript:, file:, data: other than images) get an empty URL.
// Thread-safe: no shared state besides cmark-gfm's extension registry, set up once.
#pragma once

#include <string>
#include <string_view>

namespace barometer::render {

// Renders `markdown` (UTF-8; invalid bytes are replaced by U+FFFD) as an HTML fragment.
std::string markdown_to_html(std::string_view markdown);

// The first paragraph's text with all markup removed, cut at a word boundary to at most
// `max_chars` bytes (plus an ellipsis when cut). For meta descriptions and teasers.
std::string markdown_to_plain_excerpt(std::string_view markdown, std::size_t max_chars = 160);

}  // namespace barometer::render
