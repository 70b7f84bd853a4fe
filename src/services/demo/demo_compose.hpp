// Composition of generated commentaries: the language-neutral choices drawn once per
// commentary, and the text of each language built from the same choices (so translations say
// the same thing). Internal to services/demo.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/commentary.hpp"
#include "services/demo/demo_random.hpp"
#include "services/demo/demo_text.hpp"

namespace barometer::demo {

struct EvidenceChoice {
  int day = 0;            // 0 (Monday) .. 6 (Sunday) of the period
  std::size_t line = 0;   // index into TopicBank::evidence
  std::size_t place = 0;  // slot {p}
  int number = 0;         // slot {n}
  bool has_source = false;
  bool example_org = true;  // which example domain the source URL uses
};

struct Choices {
  std::size_t topic = 0;
  Assessment assessment = Assessment::unchanged;
  Outlook outlook = Outlook::none;
  std::size_t actor_a = 0, actor_b = 1, place = 0;
  int number = 0;
  bool actor_title = false;  // title begins with actor a instead of the topic subject
  std::size_t subject = 0, predicate = 0, lead = 0, opening = 0, development = 0, ending = 0;
  std::optional<std::size_t> bullet_intro;  // set when the body has a bullet list
  std::vector<std::size_t> bullets;
  std::vector<std::size_t> analysis;
  std::optional<std::size_t> quote;
  std::vector<EvidenceChoice> evidence;  // ordered by day
};

// Draws every choice for one commentary of `topic` with the given marker. List sizes come from
// `reference`; all banks are checked to be parallel to it before generation.
Choices draw_choices(DemoRandom& rng, std::size_t topic, Assessment assessment, Outlook outlook,
                     const LanguageBank& reference);

// Title, lead and body (Markdown) in the language of `bank`; the slug is left empty.
Translation compose_translation(const LanguageBank& bank, const Choices& choices);

// The evidence items, dated inside `period`, with a line per language of `banks`
// (language code -> bank) and sources on example.org / example.com.
std::vector<Evidence> compose_evidence(const std::vector<std::pair<LangCode, const LanguageBank*>>& banks,
                                       const Choices& choices, const Period& period,
                                       const std::string& topic_slug);

}  // namespace barometer::demo
