#include "render/html_to_markdown.hpp"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <set>

namespace barometer::render {
namespace {

constexpr int kMaxDepth = 200;  // libxml2 stops at 256 already; the walk stays below its own stack

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

std::string name_of(const xmlNode* n) { return n->name ? reinterpret_cast<const char*>(n->name) : ""; }

std::string attr(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (!v) return {};
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string collapse(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (is_space(c)) {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (space) out += ' ';
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

// Markdown's punctuation escaped, so that the post's text stays text.
std::string escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::strchr("\\`*_[]<>#|~", c)) out += '\\';
    out += c;
  }
  return out;
}

// A line that would open a block ("- x", "+ x", "1. x", "> x" is escaped already) keeps its text.
std::string guard_line_start(const std::string& line) {
  if (line.empty()) return line;
  if ((line[0] == '-' || line[0] == '+' || line[0] == '=') ) return "\\" + line;
  std::size_t d = 0;
  while (d < line.size() && d < 9 && line[d] >= '0' && line[d] <= '9') ++d;
  if (d > 0 && d < line.size() && (line[d] == '.' || line[d] == ')')) return line.substr(0, d) + "\\" + line.substr(d);
  return line;
}

// Only addresses that cannot run script; spaces and parentheses encoded so the link stays whole.
std::string safe_url(std::string_view raw) {
  std::string url = trim(raw);
  std::string lower = url;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  const bool ok = lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:") ||
                  (lower.starts_with("/") && !lower.starts_with("//")) || lower.starts_with("#");
  if (!ok) return {};
  std::string out;
  for (char c : url) {
    if (c == ' ') out += "%20";
    else if (c == '(') out += "%28";
    else if (c == ')') out += "%29";
    else if (c == '<') out += "%3C";
    else if (c == '>') out += "%3E";
    else if (static_cast<unsigned char>(c) < 0x20) continue;
    else out += c;
  }
  return out;
}

std::string prefix_lines(const std::string& text, const std::string& first, const std::string& rest) {
  std::string out;
  std::size_t start = 0;
  bool first_line = true;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    const std::string& p = first_line ? first : rest;
    if (line.empty() && !first_line) out += trim(p);
    else out += p + line;
    first_line = false;
    if (end == text.size()) break;
    out += '\n';
    start = end + 1;
  }
  return out;
}

class Converter {
 public:
  explicit Converter(std::set<std::string>& dropped) : dropped_(dropped) {}

  // The children of `parent` as Markdown blocks separated by blank lines.
  std::string blocks(const xmlNode* parent, int depth) {
    std::vector<std::string> parts;
    std::string para;
    auto flush = [&] {
      std::string t = trim(para);
      para.clear();
      if (t.empty()) return;
      // Lines of a paragraph (hard breaks) each guarded.
      parts.push_back(prefix_lines_guarded(t));
    };
    for (const xmlNode* n = parent->children; n; n = n->next) {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        // A blank line in WordPress's stored text is a paragraph break (wpautop).
        std::string_view text(reinterpret_cast<const char*>(n->content ? n->content : BAD_CAST ""));
        std::size_t start = 0;
        while (true) {
          auto brk = find_blank_line(text, start);
          para += escape(collapse(text.substr(start, brk == std::string_view::npos ? std::string_view::npos : brk - start)));
          if (brk == std::string_view::npos) break;
          flush();
          start = brk + 2;
        }
        continue;
      }
      if (n->type != XML_ELEMENT_NODE) continue;
      const std::string name = name_of(n);
      if (is_dropped(name)) {
        dropped_.insert(name);
        continue;
      }
      if (!is_block(name)) {
        inline_(n, para, depth + 1);
        continue;
      }
      flush();
      std::string b = block(n, name, depth + 1);
      if (!trim(b).empty()) parts.push_back(std::move(b));
    }
    flush();
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "\n\n") + p;
    return out;
  }

 private:
  static std::size_t find_blank_line(std::string_view text, std::size_t from) {
    for (auto p = text.find('\n', from); p != std::string_view::npos; p = text.find('\n', p + 1)) {
      std::size_t q = p + 1;
      while (q < text.size() && (text[q] == ' ' || text[q] == '\t' || text[q] == '\r')) ++q;
      if (q < text.size() && text[q] == '\n') return p;  // the caller skips two bytes: enough, spaces collapse
    }
    return std::string_view::npos;
  }

  static std::string prefix_lines_guarded(const std::string& text) {
    std::string out;
    std::size_t start = 0;
    while (true) {
      auto end = text.find('\n', start);
      std::string line = trim(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
      if (line.ends_with("\\") && end != std::string::npos) {
        line.pop_back();
        line = trim(line) + "\\";
      }
      out += guard_line_start(line);
      if (end == std::string::npos) break;
      out += '\n';
      start = end + 1;
    }
    return out;
  }

  static bool is_dropped(const std::string& n) {
    static const std::set<std::string> kDropped = {"script", "style", "iframe", "object", "embed", "form",
                                                    "noscript", "template", "svg", "math", "head", "button",
                                                    "input", "select", "textarea", "video", "audio", "canvas"};
    return kDropped.count(n) > 0;
  }
  static bool is_block(const std::string& n) {
    static const std::set<std::string> kBlocks = {
        "p", "div", "section", "article", "aside", "header", "footer", "main", "nav", "figure", "figcaption",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "hr", "table", "thead", "tbody",
        "tfoot", "tr", "td", "th", "dl", "dt", "dd", "address", "center", "body", "html", "caption"};
    return kBlocks.count(n) > 0;
  }

  std::string block(const xmlNode* n, const std::string& name, int depth) {
    if (depth > kMaxDepth) return {};
    if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') {
      std::string text;
      inline_children(n, text, depth);
      text = trim(collapse(text));
      if (text.empty()) return {};
      return std::string(static_cast<std::size_t>(name[1] - '0'), '#') + " " + text;
    }
    if (name == "ul" || name == "ol") return list(n, name == "ol", depth);
    if (name == "blockquote") {
      std::string inner = blocks(n, depth);
      return inner.empty() ? std::string{} : prefix_lines(inner, "> ", "> ");
    }
    if (name == "pre") {
      std::string code = raw_text(n);
      while (!code.empty() && code.back() == '\n') code.pop_back();
      std::size_t run = 0, longest = 0;
      for (char c : code) longest = std::max(longest, run = (c == '`' ? run + 1 : 0));
      const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
      return fence + "\n" + code + "\n" + fence;
    }
    if (name == "hr") return "* * *";
    if (name == "table") dropped_.insert("table (flattened)");
    return blocks(n, depth);
  }

  std::string list(const xmlNode* n, bool ordered, int depth) {
    std::string out;
    int number = 0;
    for (const xmlNode* li = n->children; li; li = li->next) {
      if (li->type != XML_ELEMENT_NODE) continue;
      std::string item = blocks(li, depth + 1);
      if (name_of(li) != "li" && trim(item).empty()) continue;
      const std::string marker = ordered ? std::to_string(++number) + ". " : "- ";
      out += (out.empty() ? "" : "\n") + prefix_lines(item, marker, std::string(marker.size(), ' '));
    }
    return out;
  }

  static std::string raw_text(const xmlNode* n) {
    xmlChar* c = xmlNodeGetContent(n);
    if (!c) return {};
    std::string s(reinterpret_cast<const char*>(c));
    xmlFree(c);
    return s;
  }

  void inline_children(const xmlNode* n, std::string& out, int depth) {
    for (const xmlNode* c = n->children; c; c = c->next) inline_(c, out, depth + 1);
  }

  // Emphasis markers hug their text: "** bold **" is no emphasis in CommonMark.
  static void wrap(std::string& out, const std::string& inner, const std::string& mark) {
    std::string t = trim(inner);
    if (t.empty()) {
      out += inner.empty() ? "" : " ";
      return;
    }
    if (!inner.empty() && is_space(inner.front())) out += ' ';
    out += mark + t + mark;
    if (is_space(inner.back())) out += ' ';
  }

  void inline_(const xmlNode* n, std::string& out, int depth) {
    if (depth > kMaxDepth) return;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      out += escape(collapse(reinterpret_cast<const char*>(n->content ? n->content : BAD_CAST "")));
      return;
    }
    if (n->type != XML_ELEMENT_NODE) return;
    const std::string name = name_of(n);
    if (is_dropped(name)) {
      dropped_.insert(name);
      return;
    }
    if (name == "br") {
      out += "\\\n";
      return;
    }
    std::string inner;
    if (name == "code") {
      std::string code = collapse(raw_text(n));
      const std::string ticks = code.find('`') == std::string::npos ? "`" : "``";
      if (!trim(code).empty()) out += ticks + (code.front() == '`' ? " " : "") + code + (code.back() == '`' ? " " : "") + ticks;
      return;
    }
    if (name == "img") {
      const std::string src = safe_url(attr(n, "src"));
      if (!src.empty()) out += "![" + escape(collapse(attr(n, "alt"))) + "](" + src + ")";
      return;
    }
    inline_children(n, inner, depth);
    if (name == "strong" || name == "b") return wrap(out, inner, "**");
    if (name == "em" || name == "i" || name == "cite") return wrap(out, inner, "*");
    if (name == "del" || name == "s" || name == "strike") return wrap(out, inner, "~~");
    if (name == "a") {
      const std::string href = safe_url(attr(n, "href"));
      const std::string text = trim(inner);
      if (href.empty() || text.empty()) {
        out += inner;
        return;
      }
      out += "[" + text + "](" + href + ")";
      return;
    }
    if (is_block(name)) {
      out += " " + inner + " ";
      return;
    }
    out += inner;  // span, font, abbr, sup, …: their text
  }

  std::set<std::string>& dropped_;
};

// "[name attrs]" and "[/name]" removed; the names go to `dropped`. Only lowercase names of
// WordPress's shape ([a-z_][a-z0-9_-]*), so "[1]" or "[Editor's note]" stay.
std::string strip_shortcodes(std::string_view html, std::set<std::string>& dropped) {
  std::string out;
  out.reserve(html.size());
  std::size_t i = 0;
  while (i < html.size()) {
    if (html[i] == '[') {
      std::size_t j = i + 1;
      if (j < html.size() && html[j] == '/') ++j;
      const std::size_t name_start = j;
      if (j < html.size() && ((html[j] >= 'a' && html[j] <= 'z') || html[j] == '_')) {
        while (j < html.size() && ((html[j] >= 'a' && html[j] <= 'z') || (html[j] >= '0' && html[j] <= '9') ||
                                   html[j] == '_' || html[j] == '-'))
          ++j;
        const std::string name(html.substr(name_start, j - name_start));
        if (j < html.size() && (html[j] == ']' || html[j] == ' ')) {
          const auto close = html.find(']', j);
          const auto next_open = html.find('[', j);
          if (close != std::string_view::npos && (next_open == std::string_view::npos || close < next_open) &&
              close - i < 4096) {
            dropped.insert("shortcode [" + name + "]");
            i = close + 1;
            continue;
          }
        }
      }
    }
    out += html[i++];
  }
  return out;
}

}  // namespace

MarkdownConversion html_to_markdown(std::string_view html) {
  MarkdownConversion result;
  std::set<std::string> dropped;
  const std::string cleaned = strip_shortcodes(html, dropped);
  if (trim(cleaned).empty()) return result;
  if (cleaned.size() > static_cast<std::size_t>(INT32_MAX / 2)) {
    result.dropped.push_back("body (too large)");
    return result;
  }
  // A wrapper so that a fragment starting with text still parses into <body>.
  const std::string doc = "<html><head><meta charset=\"utf-8\"></head><body>" + cleaned + "</body></html>";
  std::unique_ptr<xmlDoc, DocFree> parsed(htmlReadMemory(doc.data(), static_cast<int>(doc.size()), nullptr, "UTF-8",
                                                         HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING));
  if (!parsed) {
    result.markdown = escape(collapse(cleaned));
    return result;
  }
  const xmlNode* root = xmlDocGetRootElement(parsed.get());
  const xmlNode* body = nullptr;
  for (const xmlNode* n = root ? root->children : nullptr; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE && name_of(n) == "body") body = n;
  if (body) {
    Converter converter(dropped);
    result.markdown = converter.blocks(body, 0);
  }
  result.dropped.assign(dropped.begin(), dropped.end());
  return result;
}

std::string html_to_text(std::string_view html) {
  auto converted = html_to_markdown(html);
  // The Markdown's own escapes are not wanted in plain text: undo them.
  std::string out;
  const std::string& md = converted.markdown;
  for (std::size_t i = 0; i < md.size(); ++i) {
    if (md[i] == '\\' && i + 1 < md.size() && std::strchr("\\`*_[]<>#|~-+=.)", md[i + 1])) continue;
    out += md[i];
  }
  return trim(collapse(out));
}

}  // namespace barometer::render
