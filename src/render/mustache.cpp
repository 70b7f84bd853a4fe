#include "render/mustache.hpp"

#include <cctype>
#include <vector>

namespace barometer::render {

struct Template::Node {
  enum class Kind { text, newline, variable, raw, section, inverted, partial };
  Kind kind = Kind::text;
  std::string text;                 // text, newline: the characters; partial: the name
  std::vector<std::string> path;    // variable, raw, section, inverted: the name split at '.';
                                    // empty for "." (the current item)
  bool dotted = false;              // the name had a '.' (looked up as a whole path)
  std::vector<Node> children;       // section, inverted
};

namespace {

using Node = Template::Node;
constexpr int kMaxPartialDepth = 64;

std::string_view trim(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

void set_name(Node& node, std::string_view name) {
  node.text = std::string(name);
  if (name == ".") return;  // path stays empty: the current item
  node.dotted = name.find('.') != std::string_view::npos;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = name.find('.', start);
    node.path.emplace_back(name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
}

// Parses `source` into nodes; "" on success, else the message.
std::string parse(std::string_view source, std::vector<Node>& root) {
  std::vector<std::vector<Node>*> open{&root};
  std::vector<std::string> open_names;
  std::string text;
  auto flush_text = [&] {
    if (text.empty()) return;
    Node n;
    n.kind = Node::Kind::text;
    n.text = std::move(text);
    open.back()->push_back(std::move(n));
    text.clear();
  };
  std::size_t i = 0;
  const std::size_t size = source.size();
  while (i < size) {
    if (source.compare(i, 2, "{{") != 0) {
      const char c = source[i];
      if (c == '\r' || c == '\n') {
        flush_text();
        Node n;
        n.kind = Node::Kind::newline;
        const std::size_t len = (c == '\r' && i + 1 < size && source[i + 1] == '\n') ? 2 : 1;
        n.text = std::string(source.substr(i, len));
        open.back()->push_back(std::move(n));
        i += len;
      } else {
        text += c;
        ++i;
      }
      continue;
    }
    flush_text();
    const std::size_t start = i;
    std::size_t contents = i + 2;
    const bool triple = start != size - 2 && contents < size && source[contents] == '{';
    if (triple) ++contents;
    const std::string_view end = triple ? "}}}" : "}}";
    const std::size_t close = source.find(end, contents);
    if (close == std::string_view::npos) return "Unclosed tag at " + std::to_string(start);
    const std::string_view tag = trim(source.substr(contents, close - contents));
    i = close + end.size();
    Node n;
    if (triple) {
      n.kind = Node::Kind::raw;
      set_name(n, tag);
      open.back()->push_back(std::move(n));
      continue;
    }
    const char sigil = tag.empty() ? '\0' : tag[0];
    const std::string_view name = sigil ? trim(tag.substr(1)) : tag;
    switch (sigil) {
      case '!':
        break;
      case '=':
        return "Set delimiter tags are not supported, at " + std::to_string(start);
      case '>':
        n.kind = Node::Kind::partial;
        n.text = std::string(name);
        open.back()->push_back(std::move(n));
        break;
      case '&':
        n.kind = Node::Kind::raw;
        set_name(n, name);
        open.back()->push_back(std::move(n));
        break;
      case '#':
      case '^':
        n.kind = sigil == '#' ? Node::Kind::section : Node::Kind::inverted;
        set_name(n, name);
        open.back()->push_back(std::move(n));
        open.push_back(&open.back()->back().children);
        open_names.emplace_back(name);
        break;
      case '/':
        if (open_names.empty()) return "Unopened section \"" + std::string(name) + "\" at " + std::to_string(start);
        if (open_names.back() != name)
          return "Unclosed section \"" + open_names.back() + "\" (closed by \"" + std::string(name) + "\") at " +
                 std::to_string(start);
        open.pop_back();
        open_names.pop_back();
        break;
      default:
        n.kind = Node::Kind::variable;
        set_name(n, tag);
        open.back()->push_back(std::move(n));
        break;
    }
  }
  flush_text();
  if (!open_names.empty()) return "Unclosed section \"" + open_names.back() + "\"";
  return {};
}

void append_escaped(std::string& out, const std::string& s) {
  std::size_t run = 0;  // start of the pending unescaped run
  for (std::size_t k = 0; k < s.size(); ++k) {
    const char* entity = nullptr;
    switch (s[k]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      case '\'': entity = "&apos;"; break;
      default: continue;
    }
    out.append(s, run, k - run);
    out += entity;
    run = k + 1;
  }
  out.append(s, run, std::string::npos);
}

struct Renderer {
  std::string out;
  std::size_t line_start = 0;       // where the current output line began in `out`
  bool line_had_section = false;    // a rendered section tag is on the current line
  std::vector<const View*> stack;   // contexts, innermost last
  const View* globals = nullptr;
  Escape escape = Escape::html;
  const CompiledTemplates* partials = nullptr;
  int depth = 0;
  bool too_deep = false;

  static const View* member(const View* v, const std::string& key) { return v->find(key); }

  const View* walk(const View* v, const Node& n) const {
    for (const auto& key : n.path) {
      v = member(v, key);
      if (!v) return nullptr;
    }
    return v;
  }

  const View* lookup(const Node& n) const {
    if (n.path.empty()) return stack.back();
    if (!n.dotted) {
      for (auto it = stack.rbegin(); it != stack.rend(); ++it)
        if (const View* v = member(*it, n.path.front())) return v;
      return globals ? member(globals, n.path.front()) : nullptr;
    }
    for (auto it = stack.rbegin(); it != stack.rend(); ++it)
      if (const View* v = walk(*it, n)) return v;
    return globals ? walk(globals, n) : nullptr;
  }

  // The end of a line: drop it when it held a section tag and nothing but spaces and tabs.
  void end_line(const std::string* newline) {
    if (line_had_section && out.find_first_not_of(" \t", line_start) == std::string::npos) {
      out.resize(line_start);
    } else if (newline) {
      out += *newline;
    }
    line_start = out.size();
    line_had_section = false;
  }

  void section(const Node& n, const View* v) {
    if (v && v->is_list() && !v->as_list().empty()) {
      for (const View& item : v->as_list()) {
        line_had_section = true;
        stack.push_back(&item);
        nodes(n.children);
        stack.pop_back();
        line_had_section = true;
      }
      return;
    }
    line_had_section = true;
    if (v) stack.push_back(v);
    nodes(n.children);
    if (v) stack.pop_back();
    line_had_section = true;
  }

  static bool falsy(const View* v) {
    return !v || (v->is_bool() && !v->as_bool()) || (v->is_list() && v->as_list().empty());
  }

  void nodes(const std::vector<Node>& list) {
    for (const Node& n : list) {
      if (too_deep) return;
      switch (n.kind) {
        case Node::Kind::text:
          out += n.text;
          break;
        case Node::Kind::newline:
          end_line(&n.text);
          break;
        case Node::Kind::variable:
        case Node::Kind::raw:
          if (const View* v = lookup(n); v && v->is_string()) {
            if (n.kind == Node::Kind::variable && escape == Escape::html) append_escaped(out, v->as_string());
            else out += v->as_string();
          }
          break;
        case Node::Kind::section: {
          const View* v = lookup(n);
          if (!falsy(v)) section(n, v);
          break;
        }
        case Node::Kind::inverted: {
          const View* v = lookup(n);
          if (falsy(v)) section(n, nullptr);
          break;
        }
        case Node::Kind::partial: {
          if (!partials) break;
          auto it = partials->find(n.text);
          if (it == partials->end()) break;
          if (++depth > kMaxPartialDepth) {
            too_deep = true;
            return;
          }
          nodes(it->second.nodes());
          --depth;
          break;
        }
      }
    }
  }
};

}  // namespace

Result<Template> Template::compile(std::string_view label, std::string_view source) {
  auto nodes = std::make_shared<std::vector<Node>>();
  if (std::string message = parse(source, *nodes); !message.empty()) return invalid(std::string(label) + ": " + message);
  Template t;
  t.label_ = std::string(label);
  t.nodes_ = std::move(nodes);
  return t;
}

Result<std::string> Template::render(const View& data, Escape escape, const CompiledTemplates* partials,
                                     const View* globals) const {
  Renderer r;
  r.stack.push_back(&data);
  r.globals = globals;
  r.escape = escape;
  r.partials = partials;
  r.nodes(*nodes_);
  if (r.too_deep) return invalid(label_ + ": partials nest deeper than " + std::to_string(kMaxPartialDepth));
  r.end_line(nullptr);
  return std::move(r.out);
}

const std::vector<Node>& Template::nodes() const { return *nodes_; }

std::vector<std::string> Template::partial_names() const {
  std::vector<std::string> names;
  auto visit = [&](const auto& self, const std::vector<Node>& list) -> void {
    for (const Node& n : list) {
      if (n.kind == Node::Kind::partial) names.push_back(n.text);
      self(self, n.children);
    }
  };
  visit(visit, *nodes_);
  return names;
}

Status check_template(std::string_view label, const std::string& source) {
  auto compiled = Template::compile(label, source);
  if (!compiled) return compiled.error();
  return {};
}

Result<std::string> render_template(std::string_view label, const std::string& source, const View& data,
                                    Escape escape, const TemplateSources& partials) {
  auto compiled = Template::compile(label, source);
  if (!compiled) return compiled.error();
  if (partials.empty()) return compiled->render(data, escape);
  CompiledTemplates parts;
  for (const auto& [name, partial_source] : partials) {
    auto p = Template::compile(name, partial_source);
    if (!p) return invalid(std::string(label) + ": " + p.error().message);
    parts.emplace(name, std::move(*p));
  }
  // Partials used to be found among the data, so a `data` that is not an object rendered as an
  // empty one; kept.
  static const View kEmpty = View::object();
  return compiled->render(data.is_object() ? data : kEmpty, escape, &parts);
}

}  // namespace barometer::render
