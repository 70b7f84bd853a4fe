// Analyser: the one text analyser of barometer's search, shared by both database backends (the
// SQLite FTS5 tokenizer and the PostgreSQL tsvector are both built from its output) and by the
// query parser, so a document and a query are always cut and stemmed the same way
// (docs/decisions/0017-search.md).
//
// What it does to a text, word by word:
//   1. ICU word breaking (the root locale's rules): words of letters or digits; spaces and
//      punctuation are dropped. Apostrophes inside a word keep it whole (сям'я, п’еса, don't).
//   2. Normalisation: case folding, every apostrophe (’ ʼ ‘ ′ ') made ', ё made е.
//   3. Stems, chosen by the letters of the word rather than by the document's language (a
//      Belarusian commentary quotes Russian sources and English names): Latin words by Snowball
//      english; Cyrillic words with і or ў by Belarusian rules only, with и, щ or ъ by Russian
//      rules only, any other Cyrillic word by both. Russian: Hunspell ru_RU, Snowball russian
//      when Hunspell does not know the word. Belarusian: Hunspell be_BY, then the classical
//      orthography's assimilative soft sign removed (сьвятло → святло) and Hunspell asked again,
//      then a suffix rule (belarusian_suffix.hpp). Numbers and other scripts: the folded word.
// Every word gives one Token with at least one stem; alternatives are the other stems (FTS5
// indexes them as colocated tokens, the tsvector at the same position).
//
// Thread-safety: const methods may be called from any thread at once. Hunspell is not
// thread-safe: each dictionary is loaded once per process and guarded by its own mutex; stems are
// cached per analyser (bounded), so the lock is rarely taken once the cache is warm.
// Never throws on any input (invalid UTF-8 included; std::bad_alloc aside).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace barometer::search {

// Limits that keep any input bounded.
inline constexpr std::size_t kMaxWordBytes = 64;  // longer words are cut (at a UTF-8 boundary)
inline constexpr std::size_t kMaxStems = 4;       // stems kept per word

struct Token {
  int position = 0;               // 0, 1, 2 … in the analysed text
  std::size_t begin = 0;          // byte offsets of the word in the analysed text
  std::size_t end = 0;
  std::vector<std::string> stems; // never empty; stems[0] is the primary one
};

struct AnalyserOptions {
  // Where the Hunspell dictionaries (be_BY, ru_RU .aff/.dic) are; a missing dictionary only
  // disables that Hunspell (the Snowball or suffix fallback then stems every word).
  std::string dictionary_dir = "/usr/share/hunspell";
  // Stems cached per analyser; the cache is emptied when it reaches this many words.
  std::size_t cache_words = 200'000;
};

class Analyser {
 public:
  explicit Analyser(const AnalyserOptions& options = {});
  ~Analyser();
  Analyser(const Analyser&) = delete;
  Analyser& operator=(const Analyser&) = delete;

  // The process's analyser with the default options, made on first use (dictionaries loaded
  // once). What the storage backends and services use.
  static const Analyser& shared();

  // Calls `sink` for each word of `text`, in order.
  void analyse(std::string_view text, const std::function<void(const Token&)>& sink) const;
  // The same, collected.
  std::vector<Token> tokens(std::string_view text) const;

  // The stems of one normalised word (what analyse() gives a word after normalisation).
  std::vector<std::string> stems(std::string_view normalised_word) const;

  // Case folding and apostrophe / ё normalisation of one word (step 2).
  static std::string normalise(std::string_view word);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace barometer::search
