#include "search/analyser.hpp"

#include <hunspell/hunspell.hxx>
#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <unordered_map>

#include "domain/text.hpp"
#include "search/belarusian.hpp"

namespace barometer::search {

namespace {

// One Hunspell dictionary, loaded once, used under its lock (Hunspell is not thread-safe).
class Dictionary {
 public:
  Dictionary(const std::string& dir, const std::string& name) {
    const std::string aff = dir + "/" + name + ".aff", dic = dir + "/" + name + ".dic";
    std::error_code ec;
    if (std::filesystem::exists(aff, ec) && std::filesystem::exists(dic, ec))
      hunspell_ = std::make_unique<Hunspell>(aff.c_str(), dic.c_str());
  }
  // The dictionary's stems of `word` (empty when it does not know the word).
  std::vector<std::string> stems(const std::string& word) {
    if (!hunspell_) return {};
    std::lock_guard lock(mutex_);
    if (!hunspell_->spell(word)) return {};
    auto found = hunspell_->stem(word);
    if (found.empty()) found.push_back(word);
    return found;
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<Hunspell> hunspell_;  // null: dictionary missing
};

// Snowball stemmers are not thread-safe and cheap: one of each per thread.
class Snowball {
 public:
  explicit Snowball(const char* language) : stemmer_(sb_stemmer_new(language, "UTF_8")) {}
  ~Snowball() {
    if (stemmer_) sb_stemmer_delete(stemmer_);
  }
  Snowball(const Snowball&) = delete;
  Snowball& operator=(const Snowball&) = delete;
  std::string stem(const std::string& word) {
    if (!stemmer_) return word;
    const sb_symbol* out =
        sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
    if (!out) return word;
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(sb_stemmer_length(stemmer_)));
  }

 private:
  sb_stemmer* stemmer_;
};

Snowball& english() {
  thread_local Snowball s("english");
  return s;
}
Snowball& russian() {
  thread_local Snowball s("russian");
  return s;
}

enum class Script { latin, cyrillic_be, cyrillic_ru, cyrillic, other };

// Which rules stem a normalised word, from its letters.
Script script_of(std::string_view word) {
  bool latin = false, cyrillic = false, be = false, ru = false, other = false;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if ((c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0x24F)) latin = true;
    else if (c >= 0x400 && c <= 0x4FF) {
      cyrillic = true;
      if (c == 0x456 || c == 0x45E) be = true;                   // і ў
      if (c == 0x438 || c == 0x449 || c == 0x44A) ru = true;     // и щ ъ
    } else if (c != '\'' && !(c >= '0' && c <= '9')) other = true;
  }
  if (latin && !cyrillic && !other) return Script::latin;
  if (cyrillic && !latin && !other) {
    if (be && !ru) return Script::cyrillic_be;
    if (ru && !be) return Script::cyrillic_ru;
    if (!be && !ru) return Script::cyrillic;
  }
  return Script::other;
}

void add_unique(std::vector<std::string>& to, std::string stem) {
  if (stem.empty() || to.size() >= kMaxStems) return;
  if (std::find(to.begin(), to.end(), stem) == to.end()) to.push_back(std::move(stem));
}

// The word break iterator is not thread-safe and costly to make: one per thread.
icu::BreakIterator* word_breaker() {
  thread_local std::unique_ptr<icu::BreakIterator> breaker = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> b(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) b.reset();
    return b;
  }();
  return breaker.get();
}

}  // namespace

struct Analyser::Impl {
  explicit Impl(const AnalyserOptions& o)
      : options(o), belarusian(o.dictionary_dir, "be_BY"), russian_dictionary(o.dictionary_dir, "ru_RU") {}

  std::vector<std::string> compute(const std::string& word) {
    std::vector<std::string> out;
    auto add_all = [&](std::vector<std::string> found) {
      for (auto& s : found) add_unique(out, Analyser::normalise(s));
    };
    auto be_known = [&]() {
      auto found = belarusian.stems(word);
      if (found.empty()) {
        auto official = official_spelling(word);
        if (official != word) found = belarusian.stems(official);
      }
      return found;
    };
    auto be_fallback = [&] { return suffix_stem(official_spelling(word)); };
    switch (script_of(word)) {
      case Script::latin:
        add_unique(out, english().stem(word));
        break;
      case Script::cyrillic_ru:
        add_all(russian_dictionary.stems(word));
        if (out.empty()) add_unique(out, russian().stem(word));
        break;
      case Script::cyrillic_be:
        add_all(be_known());
        if (out.empty()) add_unique(out, be_fallback());
        break;
      case Script::cyrillic:  // either language: whichever dictionaries know it, else both rules
        add_all(russian_dictionary.stems(word));
        add_all(be_known());
        if (out.empty()) {
          add_unique(out, russian().stem(word));
          add_unique(out, be_fallback());
        }
        break;
      case Script::other:
        break;
    }
    if (out.empty()) out.push_back(word);
    return out;
  }

  std::vector<std::string> stems(const std::string& word) {
    {
      std::lock_guard lock(cache_mutex);
      if (auto it = cache.find(word); it != cache.end()) return it->second;
    }
    auto found = compute(word);
    std::lock_guard lock(cache_mutex);
    if (cache.size() >= options.cache_words) cache.clear();  // bounded: start again when full
    cache.emplace(word, found);
    return found;
  }

  AnalyserOptions options;
  Dictionary belarusian;
  Dictionary russian_dictionary;
  std::mutex cache_mutex;
  std::unordered_map<std::string, std::vector<std::string>> cache;  // guarded by cache_mutex
};

Analyser::Analyser(const AnalyserOptions& options) : impl_(std::make_unique<Impl>(options)) {}
Analyser::~Analyser() = default;

const Analyser& Analyser::shared() {
  static const Analyser analyser;
  return analyser;
}

std::string Analyser::normalise(std::string_view word) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  u.foldCase();
  icu::UnicodeString out;
  for (int32_t i = 0; i < u.length(); ++i) {
    char16_t c = u.charAt(i);
    switch (c) {
      case 0x2019: case 0x2018: case 0x02BC: case 0x2032: case 0x0060: case 0x00B4:
        c = '\'';
        break;
      case 0x0451:  // ё
        c = 0x0435;
        break;
      default:
        break;
    }
    out.append(c);
  }
  // An apostrophe only joins letters: one at either end is a quote mark.
  while (out.length() && out.charAt(0) == '\'') out.remove(0, 1);
  while (out.length() && out.charAt(out.length() - 1) == '\'') out.truncate(out.length() - 1);
  std::string utf8;
  out.toUTF8String(utf8);
  return std::string(utf8_prefix(utf8, kMaxWordBytes));
}

std::vector<std::string> Analyser::stems(std::string_view normalised_word) const {
  return impl_->stems(std::string(normalised_word));
}

void Analyser::analyse(std::string_view text, const std::function<void(const Token&)>& sink) const {
  icu::BreakIterator* breaker = word_breaker();
  if (!breaker || text.empty()) return;
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return;
  breaker->setText(ut, status);
  if (U_FAILURE(status)) {
    utext_close(ut);
    return;
  }
  Token token;
  int32_t start = breaker->first();
  for (int32_t end = breaker->next(); end != icu::BreakIterator::DONE; start = end, end = breaker->next()) {
    if (breaker->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation
    // UTF-8 UText: indexes are byte offsets into `text`.
    std::string word = normalise(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start)));
    if (word.empty()) continue;
    token.begin = static_cast<std::size_t>(start);
    token.end = static_cast<std::size_t>(end);
    token.stems = impl_->stems(word);
    sink(token);
    ++token.position;
  }
  breaker->setText(icu::UnicodeString());  // drop the UText before closing it
  utext_close(ut);
}

std::vector<Token> Analyser::tokens(std::string_view text) const {
  std::vector<Token> out;
  analyse(text, [&](const Token& t) { out.push_back(t); });
  return out;
}

}  // namespace barometer::search
