#include "search/belarusian.hpp"

#include <array>
#include <cstddef>

namespace barometer::search {

namespace {

// UTF-8 code point boundaries of `word` (offsets, with word.size() at the end).
std::basic_string<std::size_t> boundaries(std::string_view word) {
  std::basic_string<std::size_t> out;
  for (std::size_t i = 0; i < word.size(); ++i)
    if ((static_cast<unsigned char>(word[i]) & 0xC0) != 0x80) out.push_back(i);
  out.push_back(word.size());
  return out;
}

bool is_consonant(std::string_view letter) {
  static constexpr std::array<std::string_view, 21> kConsonants = {
      "б", "в", "г", "ґ", "д", "ж", "з", "й", "к", "л", "м", "н", "п", "р", "с", "т", "ф", "х", "ц", "ч", "ш"};
  for (auto c : kConsonants)
    if (letter == c) return true;
  return letter == "ў";
}

// Inflectional endings of nouns and adjectives (official orthography), longest first.
constexpr std::array<std::string_view, 43> kEndings = {
    "ямі", "амі", "ага", "яга", "аму", "яму", "ога", "ому", "ымі", "імі", "ая", "яя", "ую", "юю", "ое", "ае",
    "яе", "ых", "іх", "ым", "ім", "ах", "ях", "аў", "яў", "оў", "ёў", "ой", "ей", "ай", "яй", "ою", "ею", "ам", "ям",
    "ом", "ем", "ы", "і", "а", "я", "у", "ю"};

}  // namespace

std::string official_spelling(std::string_view word) {
  auto at = boundaries(word);
  std::string out;
  out.reserve(word.size());
  for (std::size_t k = 0; k + 1 < at.size(); ++k) {
    std::string_view letter = word.substr(at[k], at[k + 1] - at[k]);
    if (letter == "ь" && k > 0 && k + 2 < at.size()) {
      std::string_view before = word.substr(at[k - 1], at[k] - at[k - 1]);
      std::string_view after = word.substr(at[k + 1], at[k + 2] - at[k + 1]);
      bool softening = before == "с" || before == "з" || before == "ц";  // дз ends in з
      if (softening && is_consonant(after)) continue;
    }
    out.append(letter);
  }
  return out;
}

std::string suffix_stem(std::string_view word) {
  auto at = boundaries(word);
  const std::size_t letters = at.size() - 1;
  for (auto ending : kEndings) {
    if (word.size() <= ending.size() || word.substr(word.size() - ending.size()) != ending) continue;
    std::size_t kept = 0;  // letters left once the ending is gone
    while (kept < letters && at[kept + 1] <= word.size() - ending.size()) ++kept;
    if (kept >= 3) return std::string(word.substr(0, word.size() - ending.size()));
  }
  if (word.size() >= 2 && word.substr(word.size() - 2) == "ь" && letters > 3)  // ь closes many stems
    return std::string(word.substr(0, word.size() - 2));
  return std::string(word);
}

}  // namespace barometer::search
