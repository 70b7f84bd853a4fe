// A small XML well-formedness check for the SVG the charts emit (and for SVG fragments cut out of
// pages): balanced and properly nested elements, quoted and unique attributes, only the five
// predefined entities and numeric references, no stray '<' or '&'. Returns "" when well-formed,
// else a message with the byte offset. Not a full XML parser (no DTD, CDATA, PIs): the charts
// never emit those, so meeting one is an error too.
#pragma once

#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace barometer::testing {

inline std::string xml_well_formed(std::string_view s) {
  auto fail = [](std::size_t at, const std::string& what) { return "offset " + std::to_string(at) + ": " + what; };
  auto name_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '.';
  };
  auto check_entity = [&](std::size_t& i) -> bool {  // at '&'
    const std::size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) return false;
    const std::string_view ent = s.substr(i + 1, semi - i - 1);
    static const std::set<std::string_view> named = {"amp", "lt", "gt", "quot", "apos"};
    bool ok = named.count(ent) > 0;
    if (!ok && ent.size() > 1 && ent[0] == '#') {
      ok = true;
      for (char c : ent.substr(1)) ok = ok && std::isdigit(static_cast<unsigned char>(c));
    }
    i = semi;
    return ok;
  };
  std::vector<std::string> open;
  std::size_t i = 0;
  bool seen_root = false;
  while (i < s.size()) {
    if (s[i] == '&') {
      const std::size_t at = i;
      if (!check_entity(i)) return fail(at, "bad entity");
      ++i;
      continue;
    }
    if (s[i] == '>') return fail(i, "stray '>'");
    if (s[i] != '<') {
      if (open.empty() && !std::isspace(static_cast<unsigned char>(s[i]))) return fail(i, "text outside the root");
      ++i;
      continue;
    }
    const std::size_t start = i++;
    const bool closing = i < s.size() && s[i] == '/';
    if (closing) ++i;
    std::size_t name_start = i;
    while (i < s.size() && name_char(s[i])) ++i;
    const std::string name(s.substr(name_start, i - name_start));
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])) || name[0] == '-')
      return fail(start, "bad tag name");
    if (closing) {
      while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
      if (i >= s.size() || s[i] != '>') return fail(start, "bad end tag");
      if (open.empty() || open.back() != name) return fail(start, "</" + name + "> closes nothing open");
      open.pop_back();
      ++i;
      continue;
    }
    if (open.empty() && seen_root) return fail(start, "second root element");
    seen_root = true;
    std::set<std::string> attrs;
    for (;;) {
      const std::size_t before = i;
      while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
      if (i >= s.size()) return fail(start, "unterminated tag");
      if (s[i] == '>') {
        open.push_back(name);
        ++i;
        break;
      }
      if (s[i] == '/') {
        if (i + 1 >= s.size() || s[i + 1] != '>') return fail(i, "bad '/'");
        i += 2;
        break;
      }
      if (i == before) return fail(i, "attributes must be separated by space");
      const std::size_t attr_start = i;
      while (i < s.size() && name_char(s[i])) ++i;
      const std::string attr(s.substr(attr_start, i - attr_start));
      if (attr.empty()) return fail(i, "bad attribute name");
      if (!attrs.insert(attr).second) return fail(attr_start, "duplicate attribute " + attr);
      if (i >= s.size() || s[i] != '=') return fail(i, "attribute without value");
      ++i;
      if (i >= s.size() || (s[i] != '"' && s[i] != '\'')) return fail(i, "unquoted attribute value");
      const char quote = s[i++];
      while (i < s.size() && s[i] != quote) {
        if (s[i] == '<') return fail(i, "'<' in attribute value");
        if (s[i] == '&') {
          const std::size_t at = i;
          if (!check_entity(i)) return fail(at, "bad entity in attribute");
        }
        ++i;
      }
      if (i >= s.size()) return fail(attr_start, "unterminated attribute value");
      ++i;
    }
  }
  if (!open.empty()) return fail(s.size(), "<" + open.back() + "> not closed");
  if (!seen_root) return fail(0, "no element");
  return "";
}

}  // namespace barometer::testing
