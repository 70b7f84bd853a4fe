// Slugs: transliterate to Latin, fold to ASCII, then keep [a-z0-9] runs joined by single hyphens.
// Cyrillic goes through our own table first: ICU's generic Any-Latin writes "абараняць" as
// "abaranac'" and "щ" as "s", which readers do not recognise; the table gives "abaranyats", "shch".
#include "i18n/slug.hpp"

#include <algorithm>
#include <memory>

#include <unicode/translit.h>
#include <unicode/parseerr.h>

#include "domain/text.hpp"
#include "i18n/icu_text.hpp"

namespace barometer {
namespace {

// Titles are short; a longer text is cut before transliteration so work stays bounded.
// Bytes, generous enough that max_length slug characters survive dropped symbols and emoji.
constexpr std::size_t kMinInputBytes = 1024;
constexpr std::size_t kInputBytesPerSlugChar = 16;
constexpr std::size_t kMaxValidSlugLength = 200;
constexpr const char* kEmptySlug = "item";

// Lowercase first so the table only needs lowercase letters; Belarusian і/ў and Ukrainian і/ї/є
// are covered too. Hard and soft signs vanish (they mark sounds, not letters, in a URL), and so
// do apostrophes used as letters (Belarusian "сям’я"), so they never split a word.
constexpr const char* kSlugRules = R"(
:: NFC ;
:: Lower ;
а > a ; б > b ; в > v ; г > g ; ґ > g ; д > d ; е > e ; ё > yo ; є > ye ; ж > zh ; з > z ;
и > i ; і > i ; ї > yi ; й > y ; к > k ; л > l ; м > m ; н > n ; о > o ; п > p ; р > r ;
с > s ; т > t ; у > u ; ў > w ; ф > f ; х > kh ; ц > ts ; ч > ch ; ш > sh ; щ > shch ;
ъ > ; ы > y ; ь > ; э > e ; ю > yu ; я > ya ;
\u02BC > ; \u2019 > ;
:: Any-Latin ;
:: Latin-ASCII ;
:: Lower ;
)";

// ICU transliterators keep state while working and must not be shared between threads.
icu::Transliterator* slug_transliterator() {
  thread_local std::unique_ptr<icu::Transliterator> transliterator = [] {
    UParseError parse_error;
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createFromRules(
        "barometer-slug", icu::UnicodeString::fromUTF8(kSlugRules), UTRANS_FORWARD, parse_error, status));
    if (U_FAILURE(status)) t.reset();
    return t;
  }();
  return transliterator.get();
}

bool is_slug_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_apostrophe(char c) { return c == '\'' || c == '`'; }

}  // namespace

std::string slugify(std::string_view utf8_text, std::size_t max_length) {
  std::size_t input_limit = max_length > utf8_text.size() / kInputBytesPerSlugChar
                                ? utf8_text.size()  // also keeps the product below from overflowing
                                : std::max(kMinInputBytes, max_length * kInputBytesPerSlugChar);
  icu::UnicodeString text = i18n_detail::to_unicode(utf8_prefix(utf8_text, input_limit));
  if (icu::Transliterator* t = slug_transliterator()) t->transliterate(text);
  std::string latin = i18n_detail::to_utf8(text);

  // Runs of [a-z0-9] joined by single hyphens; apostrophes inside a word are dropped rather than
  // splitting it ("don't" -> "dont", Belarusian "сям'я" -> "syamya").
  std::string slug;
  bool pending_hyphen = false;
  for (char c : latin) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (is_slug_char(c)) {
      if (pending_hyphen && !slug.empty()) slug += '-';
      pending_hyphen = false;
      slug += c;
    } else if (!is_apostrophe(c)) {
      pending_hyphen = true;
    }
  }

  if (slug.size() > max_length) {
    // Cut at the last word boundary that fits; a single overlong word is cut hard.
    std::size_t cut = slug.rfind('-', max_length);
    slug.resize(cut == std::string::npos || cut == 0 ? max_length : cut);
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
  }
  if (slug.empty()) return kEmptySlug;
  return slug;
}

bool is_valid_slug(std::string_view slug) {
  if (slug.empty() || slug.size() > kMaxValidSlugLength) return false;
  if (slug.front() == '-' || slug.back() == '-') return false;
  char previous = '\0';
  for (char c : slug) {
    if (!is_slug_char(c) && c != '-') return false;
    if (c == '-' && previous == '-') return false;
    previous = c;
  }
  return true;
}

}  // namespace barometer
