// Belarusian words Hunspell's be_BY does not know: the fallback of the analyser
// (docs/decisions/0017-search.md, "Belarusian fallback").
//   - classical orthography (тарашкевіца) marks assimilative softness with ь where the official
//     orthography does not: сьвятло, зьмена, сьнег. `official_spelling` drops a ь that follows
//     с, з, ц or дз and precedes a consonant, so Hunspell can be asked again;
//   - new words and names (палітвязняў, палітвязні): `suffix_stem` strips the longest
//     inflectional ending of a small table, keeping at least three letters, so the inflected
//     forms of one noun or adjective share a stem. It does not undo fleeting vowels
//     (палітвязень / палітвязня): that is the accepted limit of a rule this small.
// Input: a normalised (case-folded) word. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace barometer::search {

std::string official_spelling(std::string_view word);
std::string suffix_stem(std::string_view word);

}  // namespace barometer::search
