// HTML (a WordPress post's content) to the Markdown the editor writes (render/markdown.hpp reads
// it back): paragraphs, headings, lists (nested), links, images, emphasis, code, quotes, rules.
// Parsed by libxml2's HTML parser (HTML_PARSE_NONET, errors recovered silently: post HTML is
// rarely valid), then walked. What has no Markdown or must not survive — script, style, iframe,
// object, embed, form, and WordPress shortcodes ("[gallery ids=…]", "[caption]…[/caption]": the
// tags go, enclosed text stays) — is dropped and named in `dropped`, one entry per kind, so the
// importer's report can say what went. Tables are flattened to their cells' text.
//
// Text is escaped for Markdown, so a literal "*" or "[x](y)" in the post stays literal; link and
// image addresses other than http(s), mailto and site-relative paths are dropped (the text stays).
// WordPress's stored content has no <p> (wpautop adds them when showing): a blank line in text
// starts a new paragraph, as it does there.
//
// Thread-safe (each call has its own parser state). Never throws for any input.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace barometer::render {

struct MarkdownConversion {
  std::string markdown;
  std::vector<std::string> dropped;  // e.g. "script", "style", "shortcode [gallery]": what was removed
};

MarkdownConversion html_to_markdown(std::string_view html);

// The same conversion without the report, for short text (an excerpt, a bio): Markdown-free
// plain text with whitespace collapsed.
std::string html_to_text(std::string_view html);

}  // namespace barometer::render
