// Snippets and highlights of search results, made from the stored text by the same Analyser the
// index used, so the marked words are exactly the ones that matched, on either backend
// (PostgreSQL's ts_headline would cut words with its own parser). The result is plain text in
// parts; the theme escapes every part and wraps the marked ones (<mark>), so neither stored nor
// query text ever becomes markup.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "search/analyser.hpp"

namespace barometer::search {

struct TextPart {
  std::string text;
  bool marked = false;  // a word that matched the query
};

inline constexpr std::size_t kSnippetBytes = 240;

// The whole of `text` with the words whose stems are among `stems` marked (titles).
std::vector<TextPart> highlight(std::string_view text, const std::vector<std::string>& stems,
                                const Analyser& analyser);

// At most about `max_bytes` of `text` around its densest run of matching words, "…" where it
// was cut; the opening of the text when nothing matches.
std::vector<TextPart> snippet(std::string_view text, const std::vector<std::string>& stems,
                              const Analyser& analyser, std::size_t max_bytes = kSnippetBytes);

// Markdown source as a reader sees it in a snippet: link targets, emphasis, heading and quote
// marks, code fences and line breaks dropped or made spaces. Not a Markdown parser: good enough
// for a few lines of context.
std::string markdown_to_plain(std::string_view markdown);

}  // namespace barometer::search
