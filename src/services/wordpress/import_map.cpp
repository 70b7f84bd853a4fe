#include "services/wordpress/import_map.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

namespace barometer::wordpress {
namespace {

constexpr std::size_t kMaxMapBytes = 1u << 20;

// Stems, folded; checked in this order (so "не змянілася" is not read by a shorter stem first).
const std::vector<std::pair<Assessment, std::vector<std::string_view>>> kAssessmentWords = {
    {Assessment::unchanged,
     {"unchanged", "no change", "not changed", "без змен", "не змянілася", "не змянілась", "без изменений",
      "не изменилась", "не изменилась", "стабільна", "стабильна"}},
    {Assessment::worse, {"worse", "deteriorat", "горш", "ухудш", "хуже"}},
    {Assessment::better, {"improv", "better", "лепш", "улучш", "лучше"}},
};

std::optional<Assessment> parse_assessment_word(std::string_view s) {
  if (s == "improved") return Assessment::better;
  return parse_assessment(s);
}

}  // namespace

std::string fold_term(std::string_view text) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c + 32);
    } else if ((c == 0xD0) && i + 1 < text.size()) {
      // U+0400..U+043F: Ѐ..Џ (D0 80..8F) -> ѐ..џ (D1 90..9F); А..П (D0 90..9F) -> а..п (D0 B0..BF);
      // Р..Я (D0 A0..AF) -> р..я (D1 80..8F).
      unsigned char d = static_cast<unsigned char>(text[++i]);
      if (d >= 0x80 && d <= 0x8F) out += "\xD1", out += static_cast<char>(d + 0x10);
      else if (d >= 0x90 && d <= 0x9F) out += "\xD0", out += static_cast<char>(d + 0x20);
      else if (d >= 0xA0 && d <= 0xAF) out += "\xD1", out += static_cast<char>(d - 0x20);
      else out += static_cast<char>(c), out += static_cast<char>(d);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::optional<Assessment> assessment_from_words(std::string_view folded) {
  for (const auto& [assessment, words] : kAssessmentWords)
    for (auto w : words)
      if (folded.find(w) != std::string_view::npos) return assessment;
  return std::nullopt;
}

Result<ImportMap> parse_import_map(std::string_view text, const std::string& name) {
  if (text.size() > kMaxMapBytes) return invalid(name + ": larger than 1 MiB");
  toml::table table;
  try {
    table = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    return invalid(name + ":" + std::to_string(b.line) + ":" + std::to_string(b.column) +
                   ": TOML syntax error: " + std::string(e.description()));
  }
  ImportMap map;
  auto where = [&](const toml::node& n) { return name + ":" + std::to_string(n.source().begin.line); };
  for (auto&& [section, node] : table) {
    const std::string sec(section.str());
    const toml::table* t = node.as_table();
    if (!t) return invalid(where(node) + ": \"" + sec + "\" must be a table ([topics], [assessments], [options])");
    for (auto&& [k, v] : *t) {
      const std::string key(k.str());
      if (sec == "options" && key == "create_topics") {
        const auto* b = v.as_boolean();
        if (!b) return invalid(where(v) + ": [options] create_topics: must be true or false");
        map.create_topics = b->get();
        continue;
      }
      const auto* s = v.as_string();
      if (!s) return invalid(where(v) + ": [" + sec + "] " + key + ": must be a string");
      const std::string value = s->get();
      if (sec == "topics") {
        if (fold_term(key).empty() || value.empty()) return invalid(where(v) + ": [topics]: empty term or topic");
        map.topics[fold_term(key)] = value;
      } else if (sec == "assessments" || (sec == "options" && key == "default_assessment")) {
        auto a = parse_assessment_word(value);
        if (!a) return invalid(where(v) + ": [" + sec + "] \"" + key + "\": \"" + value +
                               "\" is not worse, better (improved) or unchanged");
        if (sec == "options") map.default_assessment = *a;
        else map.assessments[fold_term(key)] = *a;
      } else {
        return invalid(where(v) + ": unknown setting [" + sec + "] " + key);
      }
    }
  }
  return map;
}

Result<ImportMap> load_import_map(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return io_error(path + ": cannot read the map file");
  std::ostringstream content;
  content << in.rdbuf();
  return parse_import_map(content.str(), path);
}

}  // namespace barometer::wordpress
