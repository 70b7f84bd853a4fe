#include "i18n/catalogue.hpp"

#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "i18n/message_format.hpp"

namespace barometer {
namespace {

// Catalogues are small hand-written files; a bigger one is a mistake, not a catalogue.
constexpr std::uintmax_t kMaxCatalogueBytes = 4 * 1024 * 1024;
constexpr std::size_t kMaxInternedMissingKeys = 10'000;

std::string where(const std::string& path, const toml::source_region& source) {
  return path + ":" + std::to_string(source.begin.line);
}

// Flattens nested tables into dotted keys; every leaf must be a string ICU can parse.
Status flatten(const toml::table& table, const std::string& prefix, const std::string& path,
               const std::string& icu_locale, std::map<std::string, std::string, std::less<>>& out) {
  for (const auto& [key, node] : table) {
    std::string name = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const toml::table* child = node.as_table()) {
      if (Status s = flatten(*child, name, path, icu_locale, out); !s) return s;
      continue;
    }
    const auto* text = node.as_string();
    if (text == nullptr)
      return invalid(where(path, node.source()) + ": key '" + name + "' must be a string (a message pattern)");
    if (auto error = i18n_detail::message_pattern_error(text->get(), icu_locale))
      return invalid(where(path, node.source()) + ": key '" + name + "' is not a valid ICU message pattern: " +
                     *error);
    // `"a.b" = …` next to `[a] b = …` would flatten to the same key; keep neither silently.
    if (!out.emplace(name, text->get()).second)
      return invalid(where(path, node.source()) + ": key '" + name + "' is defined twice");
  }
  return {};
}

// A missing key shows as itself. The returned reference must outlive the call, so missing keys
// are interned once for the process (set nodes never move); they are few, as keys come from
// templates, and the bound only guards against a caller passing arbitrary input as keys.
const std::string& missing_key(std::string_view key) {
  static std::mutex mutex;
  static std::set<std::string, std::less<>> interned;
  static const std::string kTooMany = "(missing message)";
  std::lock_guard lock(mutex);
  if (auto it = interned.find(key); it != interned.end()) return *it;
  if (interned.size() >= kMaxInternedMissingKeys) return kTooMany;
  return *interned.emplace(key).first;
}

}  // namespace

Result<Catalogue> Catalogue::load(const std::string& path, const std::string& icu_locale) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return io_error(path + ": cannot read catalogue: " + ec.message());
  if (size > kMaxCatalogueBytes) return invalid(path + ": catalogue is larger than 4 MiB");
  std::ifstream in(path, std::ios::binary);
  if (!in) return io_error(path + ": cannot open catalogue");
  std::ostringstream content;
  content << in.rdbuf();
  return parse(content.str(), path, icu_locale);
}

Result<Catalogue> Catalogue::parse(std::string_view toml_text, const std::string& source_name,
                                   const std::string& icu_locale) {
  if (toml_text.size() > kMaxCatalogueBytes) return invalid(source_name + ": catalogue is larger than 4 MiB");
  toml::table table;
  try {
    table = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    return invalid(source_name + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column) +
                   ": TOML syntax error: " + std::string(e.description()));
  }

  Catalogue catalogue;
  catalogue.icu_locale_ = icu_locale;
  if (Status s = flatten(table, "", source_name, icu_locale, catalogue.entries_); !s) return s.error();
  return catalogue;
}

bool Catalogue::has(std::string_view key) const { return entries_.find(key) != entries_.end(); }

const std::string& Catalogue::text(std::string_view key) const {
  if (auto it = entries_.find(key); it != entries_.end()) return it->second;
  return missing_key(key);
}

std::string Catalogue::format(std::string_view key, const std::map<std::string, std::string>& string_args,
                              const std::map<std::string, long long>& number_args) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::string(key);
  return i18n_detail::format_message(it->second, icu_locale_, string_args, number_args);
}

Result<Catalogues> Catalogues::load(const std::string& dir, const std::vector<Language>& languages) {
  Catalogues catalogues;
  for (const Language& language : languages) {
    auto catalogue = Catalogue::load((std::filesystem::path(dir) / (language.code + ".toml")).string(),
                                     language.icu_locale);
    if (!catalogue) return catalogue.error();
    catalogues.by_code_[language.code] = std::make_shared<const Catalogue>(std::move(catalogue).value());
  }
  return catalogues;
}

const Catalogue* Catalogues::find(const LangCode& code) const {
  auto it = by_code_.find(code);
  return it == by_code_.end() ? nullptr : it->second.get();
}

}  // namespace barometer
