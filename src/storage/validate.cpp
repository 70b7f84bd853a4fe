#include "storage/validate.hpp"

#include <algorithm>

namespace barometer::storage {

namespace {

constexpr std::size_t kMaxSlug = 200;
constexpr std::size_t kMaxLangCode = 35;  // BCP 47's practical maximum

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

bool is_lang_code(std::string_view code) {
  if (code.empty() || code.size() > kMaxLangCode) return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

Status check_lang(const std::string& field, const LangCode& code, const KnownLanguages& languages) {
  if (!languages.contains(code))
    return invalid(field + ": unknown language code \"" + code + "\" (not one of the site's languages)");
  return {};
}

Status check_slug(const std::string& field, std::string_view slug) {
  if (!is_storable_slug(slug))
    return invalid(field + ": \"" + std::string(slug) +
                   "\" is not a valid slug (lowercase a-z, 0-9 and single inner hyphens)");
  return {};
}

Status check_text(const std::string& field, std::string_view text) {
  if (is_blank(text)) return invalid(field + ": must not be empty");
  return {};
}

}  // namespace

bool is_storable_slug(std::string_view slug) {
  if (slug.empty() || slug.size() > kMaxSlug || slug.front() == '-' || slug.back() == '-') return false;
  char previous = 0;
  for (char c : slug) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && previous == '-')) return false;
    previous = c;
  }
  return true;
}

Status validate_site(const Site& site) {
  if (site.languages.empty()) return invalid("languages: a site needs at least one language");
  KnownLanguages codes;
  for (std::size_t i = 0; i < site.languages.size(); ++i) {
    const auto& l = site.languages[i];
    std::string field = "languages[" + std::to_string(i) + "]";
    if (!is_lang_code(l.code)) return invalid(field + ".code: \"" + l.code + "\" is not a language code");
    if (!codes.insert(l.code).second) return invalid(field + ".code: \"" + l.code + "\" is listed twice");
    if (auto s = check_text(field + ".name", l.name); !s) return s;
  }
  for (const auto& [lang, name] : site.name)
    if (auto s = check_lang("name[" + lang + "]", lang, codes); !s) return s;
  for (const auto& [lang, subject] : site.subject)
    if (auto s = check_lang("subject[" + lang + "]", lang, codes); !s) return s;
  if (site.time_zone.empty()) return invalid("time_zone: must not be empty");
  return {};
}

Status validate_topic(const Topic& topic, const KnownLanguages& languages) {
  if (auto s = check_slug("slug", topic.slug); !s) return s;
  for (const auto& [lang, text] : topic.text) {
    std::string field = "text[" + lang + "]";
    if (auto s = check_lang(field, lang, languages); !s) return s;
    if (auto s = check_text(field + ".name", text.name); !s) return s;
  }
  return {};
}

Status validate_author(const Author& author, const KnownLanguages& languages) {
  if (auto s = check_slug("slug", author.slug); !s) return s;
  for (const auto& [lang, text] : author.text) {
    std::string field = "text[" + lang + "]";
    if (auto s = check_lang(field, lang, languages); !s) return s;
    if (auto s = check_text(field + ".name", text.name); !s) return s;
  }
  return {};
}

Status validate_page(const Page& page, const KnownLanguages& languages) {
  if (auto s = check_slug("key", page.key); !s) return s;
  for (const auto& [lang, text] : page.text) {
    std::string field = "text[" + lang + "]";
    if (auto s = check_lang(field, lang, languages); !s) return s;
    if (auto s = check_slug(field + ".slug", text.slug); !s) return s;
    if (auto s = check_text(field + ".title", text.title); !s) return s;
  }
  return {};
}

Status validate_commentary(const Commentary& c, const KnownLanguages& languages) {
  if (c.topic_id <= 0) return invalid("topic_id: must name a stored topic");
  for (std::size_t i = 0; i < c.author_ids.size(); ++i) {
    if (c.author_ids[i] <= 0) return invalid("author_ids[" + std::to_string(i) + "]: must name a stored author");
    if (std::find(c.author_ids.begin(), c.author_ids.begin() + static_cast<long>(i), c.author_ids[i]) !=
        c.author_ids.begin() + static_cast<long>(i))
      return invalid("author_ids[" + std::to_string(i) + "]: author listed twice");
  }
  for (const auto& [lang, t] : c.translations) {
    std::string field = "translations[" + lang + "]";
    if (auto s = check_lang(field, lang, languages); !s) return s;
    if (auto s = check_text(field + ".title", t.title); !s) return s;
    if (auto s = check_slug(field + ".slug", t.slug); !s) return s;
  }
  for (std::size_t i = 0; i < c.evidence.size(); ++i) {
    const auto& e = c.evidence[i];
    std::string field = "evidence[" + std::to_string(i) + "]";
    if (!e.source_url.empty() && !e.source_url.starts_with("http://") && !e.source_url.starts_with("https://"))
      return invalid(field + ".source_url: only http(s) URLs are allowed");
    for (const auto& [lang, line] : e.line) {
      if (auto s = check_lang(field + ".line[" + lang + "]", lang, languages); !s) return s;
      if (auto s = check_text(field + ".line[" + lang + "]", line); !s) return s;
    }
  }
  return {};
}

}  // namespace barometer::storage
