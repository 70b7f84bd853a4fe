// The demo's sentence banks: one LanguageBank per language (demo_text_en.cpp / _be.cpp /
// _ru.cpp). The banks are parallel: entry i of any list says the same thing in every language,
// so a commentary composed from one set of choices reads the same in en, be and ru.
// check_parallel() verifies this at run time; seed_demo_site refuses to run on a mismatch.
//
// Templates contain slots filled by fill_template():
//   {a} {A} {a_gen}  the first actor of the topic (nominative, capitalised, genitive)
//   {b} {B} {b_gen}  a second, different actor of the topic
//   {p} {p_gen} {p_loc}  a place (nominative, genitive; locative without the preposition, which the template
//                    writes itself so Belarusian can choose у/ў by the preceding word)
//   {n}              a number, only where no noun has to agree with it
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace barometer::demo {

inline constexpr std::size_t kTopicCount = 5;  // ruling-elite, society, security, west, russia

// A noun phrase in the grammatical forms the templates use. English leaves gen/loc empty
// (they fall back to nom).
struct Forms {
  std::string_view nom;
  std::string_view gen = {};
  std::string_view loc = {};
};

using Lines = std::vector<std::string_view>;

struct TopicBank {
  std::vector<Forms> actors;   // institutions and states active in the topic (>= 2)
  Lines subjects;              // first half of a title, before ": "
  Lines openings;              // first paragraph: what happened this week
  Lines bullets;               // items for a bullet list of the week's developments
  Lines evidence;              // one-line dated events behind the marker
};

struct LanguageBank {
  std::array<TopicBank, kTopicCount> topics;
  std::vector<Forms> places;                 // Belarusian towns
  std::array<Lines, 3> predicates;           // by Assessment: second half of a title
  std::array<Lines, 3> leads;                // by Assessment: the sentence explaining the marker
  std::array<Lines, 3> developments;         // by Assessment: the paragraph on the marker
  Lines analysis;                            // context paragraphs, any topic and marker
  std::array<Lines, 3> outlooks;             // by Outlook (none, risk, opportunity): the ending
  Lines quotes;                              // a quoted remark with its attribution
  Lines bullet_intros;                       // the sentence before the bullet list
};

const LanguageBank& bank_en();
const LanguageBank& bank_be();
const LanguageBank& bank_ru();

// ok when every list of `other` has the same length as in `reference`; invalid naming the
// first list that differs.
Status check_parallel(const LanguageBank& reference, const LanguageBank& other);

struct Slots {
  Forms a, b, p;
  int n = 0;
};

// The template with its slots replaced. Unknown {names} are left as they are.
std::string fill_template(std::string_view text, const Slots& slots);
// First letter upper-cased (ASCII, Cyrillic incl. і, ў, ё); the rest unchanged.
std::string capitalize(std::string_view utf8);

}  // namespace barometer::demo
