#include "services/demo/demo_compose.hpp"

#include <algorithm>

namespace barometer::demo {

namespace {

std::size_t assessment_index(Assessment a) {
  switch (a) {
    case Assessment::worse: return 0;
    case Assessment::better: return 1;
    case Assessment::unchanged: return 2;
  }
  return 2;
}

std::size_t outlook_index(Outlook o) {
  switch (o) {
    case Outlook::none: return 0;
    case Outlook::risk: return 1;
    case Outlook::opportunity: return 2;
  }
  return 0;
}

std::size_t pick(DemoRandom& rng, std::size_t n) { return rng.below(std::uint32_t(n)); }

// `count` distinct indices below `n`, in drawing order (count <= n).
std::vector<std::size_t> pick_distinct(DemoRandom& rng, std::size_t n, std::size_t count) {
  std::vector<std::size_t> out;
  while (out.size() < count && out.size() < n) {
    std::size_t i = pick(rng, n);
    if (std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
  }
  return out;
}

Slots slots_for(const LanguageBank& bank, const Choices& c) {
  const auto& actors = bank.topics[c.topic].actors;
  return Slots{actors[c.actor_a], actors[c.actor_b], bank.places[c.place], c.number};
}

}  // namespace

Choices draw_choices(DemoRandom& rng, std::size_t topic, Assessment assessment, Outlook outlook,
                     const LanguageBank& ref) {
  const auto& t = ref.topics[topic];
  const std::size_t ai = assessment_index(assessment);
  Choices c;
  c.topic = topic;
  c.assessment = assessment;
  c.outlook = outlook;
  c.actor_a = pick(rng, t.actors.size());
  c.actor_b = (c.actor_a + 1 + pick(rng, t.actors.size() - 1)) % t.actors.size();
  c.place = pick(rng, ref.places.size());
  c.number = rng.between(3, 48);
  c.subject = pick(rng, t.subjects.size());
  c.actor_title = rng.chance(350);
  c.predicate = pick(rng, ref.predicates[ai].size());
  c.lead = pick(rng, ref.leads[ai].size());
  c.opening = pick(rng, t.openings.size());
  if (rng.chance(600)) {
    c.bullet_intro = pick(rng, ref.bullet_intros.size());
    c.bullets = pick_distinct(rng, t.bullets.size(), std::size_t(rng.between(3, 4)));
  }
  c.development = pick(rng, ref.developments[ai].size());
  c.analysis = pick_distinct(rng, ref.analysis.size(), std::size_t(rng.between(0, 2)));
  if (rng.chance(250)) c.quote = pick(rng, ref.quotes.size());
  c.ending = pick(rng, ref.outlooks[outlook_index(outlook)].size());

  const auto count = std::size_t(rng.between(2, 5));
  for (std::size_t line : pick_distinct(rng, t.evidence.size(), count)) {
    EvidenceChoice e;
    e.line = line;
    e.day = rng.between(0, 6);
    e.place = pick(rng, ref.places.size());
    e.number = rng.between(3, 48);
    e.has_source = rng.chance(500);
    e.example_org = rng.chance(500);
    c.evidence.push_back(e);
  }
  std::stable_sort(c.evidence.begin(), c.evidence.end(),
                   [](const EvidenceChoice& x, const EvidenceChoice& y) { return x.day < y.day; });
  return c;
}

Translation compose_translation(const LanguageBank& bank, const Choices& c) {
  const auto& t = bank.topics[c.topic];
  const std::size_t ai = assessment_index(c.assessment);
  const Slots slots = slots_for(bank, c);
  auto fill = [&](std::string_view s) { return fill_template(s, slots); };

  Translation tr;
  const std::string head = c.actor_title ? capitalize(t.actors[c.actor_a].nom) : std::string(t.subjects[c.subject]);
  tr.title = head + ": " + fill(bank.predicates[ai][c.predicate]);
  tr.lead = fill(bank.leads[ai][c.lead]);

  std::string body = fill(t.openings[c.opening]);
  if (c.bullet_intro) {
    body += "\n\n" + std::string(bank.bullet_intros[*c.bullet_intro]) + "\n\n";
    for (std::size_t i = 0; i < c.bullets.size(); ++i) {
      std::string item = fill(t.bullets[c.bullets[i]]);
      // Items end with ';' in the banks; the last one closes the list with a full stop.
      if (i + 1 == c.bullets.size() && !item.empty() && item.back() == ';') item.back() = '.';
      body += "- " + item + "\n";
    }
    body.pop_back();
  }
  body += "\n\n" + fill(bank.developments[ai][c.development]);
  if (c.quote) body += "\n\n> " + fill(bank.quotes[*c.quote]);
  for (std::size_t a : c.analysis) body += "\n\n" + fill(bank.analysis[a]);
  body += "\n\n" + fill(bank.outlooks[outlook_index(c.outlook)][c.ending]);
  body += "\n";
  tr.body = std::move(body);
  return tr;
}

std::vector<Evidence> compose_evidence(const std::vector<std::pair<LangCode, const LanguageBank*>>& banks,
                                       const Choices& c, const Period& period, const std::string& topic_slug) {
  std::vector<Evidence> out;
  std::string period_id = period.id();
  std::transform(period_id.begin(), period_id.end(), period_id.begin(),
                 [](char ch) { return ch == 'W' ? 'w' : ch; });
  int n = 0;
  for (const auto& e : c.evidence) {
    Evidence ev;
    ev.date = period.start() + std::chrono::days{e.day};
    ++n;
    if (e.has_source)
      ev.source_url = std::string(e.example_org ? "https://example.org/news/" : "https://example.com/reports/") +
                      topic_slug + "/" + period_id + "/" + std::to_string(n);
    for (const auto& [lang, bank] : banks) {
      const auto& t = bank->topics[c.topic];
      Slots slots{t.actors[c.actor_a], t.actors[c.actor_b], bank->places[e.place], e.number};
      ev.line[lang] = fill_template(t.evidence[e.line], slots);
    }
    out.push_back(std::move(ev));
  }
  return out;
}

}  // namespace barometer::demo
