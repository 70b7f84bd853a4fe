#include "render/markdown.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>
#include <mutex>

#include "domain/text.hpp"

namespace barometer::render {
namespace {

// Deliberately no CMARK_OPT_UNSAFE: raw HTML and dangerous link schemes are neutralised.
constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART;
constexpr const char* kExtensions[] = {"table", "strikethrough", "autolink"};

struct ParserFree {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeFree {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct CharFree {
  void operator()(char* s) const { std::free(s); }  // cmark's default allocator is malloc
};
struct IterFree {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};

void register_extensions_once() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

struct Parsed {
  std::unique_ptr<cmark_parser, ParserFree> parser;
  std::unique_ptr<cmark_node, NodeFree> document;
};

Parsed parse(std::string_view markdown) {
  register_extensions_once();
  Parsed out;
  out.parser.reset(cmark_parser_new(kOptions));
  for (const char* name : kExtensions) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(out.parser.get(), ext);
  }
  cmark_parser_feed(out.parser.get(), markdown.data(), markdown.size());
  out.document.reset(cmark_parser_finish(out.parser.get()));
  return out;
}

}  // namespace

std::string markdown_to_html(std::string_view markdown) {
  Parsed parsed = parse(markdown);
  if (!parsed.document) return {};
  std::unique_ptr<char, CharFree> html(cmark_render_html(
      parsed.document.get(), kOptions, cmark_parser_get_syntax_extensions(parsed.parser.get())));
  return html ? std::string(html.get()) : std::string();
}

std::string markdown_to_plain_excerpt(std::string_view markdown, std::size_t max_chars) {
  Parsed parsed = parse(markdown);
  if (!parsed.document) return {};
  // Collect literal text of the first paragraph only.
  std::string text;
  std::unique_ptr<cmark_iter, IterFree> iter(cmark_iter_new(parsed.document.get()));
  bool in_paragraph = false;
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    const cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_PARAGRAPH) {
      if (ev == CMARK_EVENT_ENTER) {
        in_paragraph = true;
      } else if (!text.empty()) {
        break;
      } else {
        in_paragraph = false;
      }
      continue;
    }
    if (!in_paragraph || ev != CMARK_EVENT_ENTER) continue;
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
      if (const char* lit = cmark_node_get_literal(node)) text += lit;
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
      text += ' ';
    }
  }
  if (text.size() <= max_chars) return text;
  std::size_t cut = text.rfind(' ', max_chars);
  if (cut == std::string::npos || cut == 0) cut = utf8_prefix(text, max_chars).size();
  text.resize(cut);
  return text + "…";
}

}  // namespace barometer::render
