#include "services/demo/demo_site.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "i18n/slug.hpp"
#include "services/demo/demo_compose.hpp"
#include "services/demo/demo_random.hpp"
#include "services/demo/demo_static.hpp"
#include "services/demo/demo_text.hpp"

namespace barometer {

using demo::DemoRandom;

namespace {

// The political weather that drives the marker chains. Weights are per 1000 and ordered
// worse, better, unchanged; rows are the previous week's marker in the same order.
struct Phase {
  std::array<std::array<std::uint32_t, 3>, 3> rows;
  std::uint32_t risk_per_mille_unchanged;         // chance of a risk flag on an unchanged week
  std::uint32_t opportunity_per_mille_unchanged;  // chance of an opportunity flag
};

constexpr std::size_t kSecurityTopic = 2;
constexpr std::size_t kWestTopic = 3;

// Before the August 2020 election: mostly quiet, occasional openings.
constexpr Phase kCalm{{{{350, 150, 500}, {100, 450, 450}, {150, 150, 700}}}, 40, 50};
// Election aftermath, repression and the war: long runs of "worse".
constexpr Phase kCrisis{{{{620, 40, 340}, {350, 150, 500}, {380, 60, 560}}}, 90, 10};
// From autumn 2022: fatigue, some pragmatic thaws, a lot of "unchanged".
constexpr Phase kThaw{{{{300, 200, 500}, {80, 520, 400}, {160, 220, 620}}}, 40, 60};

const Phase& phase_of(const Period& p, std::size_t topic) {
  const bool before_election = p < Period::containing(make_date(2020, 8, 3));
  // Early 2020 was a real thaw between Minsk and the West (ambassadors, high-level visits,
  // confidence-building talks on security).
  if (before_election && (topic == kWestTopic || topic == kSecurityTopic)) return kThaw;
  if (before_election) return kCalm;
  if (p < Period::containing(make_date(2022, 10, 3))) return kCrisis;
  return kThaw;
}

Assessment assessment_at(std::size_t i) {
  static constexpr std::array<Assessment, 3> kOrder{Assessment::worse, Assessment::better, Assessment::unchanged};
  return kOrder[i];
}

std::size_t index_of(Assessment a) {
  return a == Assessment::worse ? 0 : a == Assessment::better ? 1 : 2;
}

// A flag on about one commentary in ten, never contradicting the marker: risk goes with worse
// or unchanged, opportunity with better or unchanged.
Outlook draw_outlook(DemoRandom& rng, Assessment a, const Phase& phase) {
  switch (a) {
    case Assessment::worse: return rng.chance(130) ? Outlook::risk : Outlook::none;
    case Assessment::better: return rng.chance(150) ? Outlook::opportunity : Outlook::none;
    case Assessment::unchanged: {
      std::uint32_t x = rng.below(1000);
      if (x < phase.risk_per_mille_unchanged) return Outlook::risk;
      if (x < phase.risk_per_mille_unchanged + phase.opportunity_per_mille_unchanged) return Outlook::opportunity;
      return Outlook::none;
    }
  }
  return Outlook::none;
}

std::string lower_period_id(const Period& p) {
  std::string id = p.id();
  for (char& c : id)
    if (c == 'W') c = 'w';
  return id;
}

// Everything the transaction writes, built before it starts so the transaction is short.
struct DemoContent {
  Site site;
  std::vector<Topic> topics;
  std::vector<demo::DemoAuthor> authors;
  Page about;
  std::vector<Commentary> commentaries;                 // topic_id holds the topic index
  std::vector<std::vector<std::size_t>> author_indices;  // per commentary, into `authors`
};

struct Bank {
  LangCode lang;
  const demo::LanguageBank* bank;
};

// One or two authors: usually an analyst whose main topic this is, sometimes one who covers it
// occasionally, and now and then a co-author.
std::vector<std::size_t> draw_authors(DemoRandom& rng, std::size_t topic,
                                      const std::vector<demo::DemoAuthor>& authors) {
  std::vector<std::size_t> main_authors, side_authors;
  for (std::size_t i = 0; i < authors.size(); ++i) {
    const auto& ts = authors[i].topics;
    if (!ts.empty() && std::size_t(ts.front()) == topic) main_authors.push_back(i);
    else if (std::find(ts.begin(), ts.end(), int(topic)) != ts.end()) side_authors.push_back(i);
  }
  if (main_authors.empty()) main_authors = side_authors;
  std::vector<std::size_t> out;
  if (!side_authors.empty() && rng.chance(200))
    out.push_back(side_authors[rng.below(std::uint32_t(side_authors.size()))]);
  else if (!main_authors.empty())
    out.push_back(main_authors[rng.below(std::uint32_t(main_authors.size()))]);
  else
    out.push_back(rng.below(std::uint32_t(authors.size())));
  if (rng.chance(180)) {
    std::size_t second = rng.below(std::uint32_t(authors.size()));
    if (second != out.front()) out.push_back(second);
  }
  return out;
}

Result<DemoContent> build_content(const DemoOptions& options, const std::vector<Bank>& banks) {
  DemoContent c;
  c.site = demo::demo_site(options.base_url);
  c.topics = demo::demo_topics();
  c.authors = demo::demo_authors();
  c.about = demo::demo_about_page();

  DemoRandom rng(options.seed);
  const Period seed_period = Period::parse("2022-W09").value();
  std::vector<Assessment> state(c.topics.size(), Assessment::unchanged);
  std::vector<std::map<LangCode, std::set<std::string>>> used_slugs(c.topics.size());
  std::vector<std::pair<LangCode, const demo::LanguageBank*>> bank_list;
  for (const auto& b : banks) bank_list.emplace_back(b.lang, b.bank);

  for (Period p = options.first; p <= options.last; p = p.next()) {
    for (std::size_t t = 0; t < c.topics.size(); ++t) {
      const Phase& phase = phase_of(p, t);
      const auto& row = phase.rows[index_of(state[t])];
      Assessment a = assessment_at(rng.weighted({row[0], row[1], row[2]}));
      Outlook o = draw_outlook(rng, a, phase);
      demo::Choices choices = demo::draw_choices(rng, t, a, o, *banks.front().bank);
      auto authors = draw_authors(rng, t, c.authors);

      Commentary cm;
      const bool is_seed = p == seed_period && t == std::size_t(demo::kSeedTopic);
      if (is_seed) {
        cm = demo::seed_commentary_content();
      } else {
        cm.assessment = a;
        cm.outlook = o;
        for (const auto& b : banks) cm.translations[b.lang] = demo::compose_translation(*b.bank, choices);
        cm.evidence = demo::compose_evidence(bank_list, choices, p, c.topics[t].slug);
      }
      state[t] = cm.assessment;
      cm.topic_id = Id(t);
      cm.period = p;
      cm.status = CommentaryStatus::published;
      cm.published_at = Instant{p.end()} + std::chrono::hours{18};
      cm.updated_at = *cm.published_at;
      for (auto& [lang, tr] : cm.translations) {
        std::string slug = slugify(tr.title);
        if (!used_slugs[t][lang].insert(slug).second) {
          slug += "-" + lower_period_id(p);
          used_slugs[t][lang].insert(slug);
        }
        tr.slug = std::move(slug);
      }
      c.commentaries.push_back(std::move(cm));
      c.author_indices.push_back(std::move(authors));
    }
  }
  return c;
}

Status write_content(Store& tx, const DemoContent& c) {
  auto existing = tx.load_site();
  if (existing) return conflict("the store already has a site; the demo is only seeded into an empty store");
  if (existing.code() != ErrorCode::not_found) return existing.error();

  if (auto s = tx.save_site(c.site); !s) return s;
  std::vector<Id> topic_ids, author_ids;
  for (const auto& topic : c.topics) {
    auto id = tx.add_topic(topic);
    if (!id) return id.error();
    topic_ids.push_back(*id);
  }
  for (const auto& author : c.authors) {
    auto id = tx.add_author(author.author);
    if (!id) return id.error();
    author_ids.push_back(*id);
  }
  if (auto id = tx.add_page(c.about); !id) return id.error();
  for (std::size_t i = 0; i < c.commentaries.size(); ++i) {
    Commentary cm = c.commentaries[i];
    cm.topic_id = topic_ids[std::size_t(cm.topic_id)];
    for (auto a : c.author_indices[i]) cm.author_ids.push_back(author_ids[a]);
    auto id = tx.add_commentary(cm);
    if (!id) return Error{id.code(), "demo commentary " + cm.period.id() + ": " + id.error().message};
  }
  return {};
}

}  // namespace

Status seed_demo_site(Store& store, const DemoOptions& options) {
  if (options.last < options.first) return invalid("demo: last period " + options.last.id() + " precedes first " + options.first.id());
  if ((options.last.start() - options.first.start()).count() / 7 + 1 > kMaxDemoWeeks)
    return invalid("demo: at most " + std::to_string(kMaxDemoWeeks) + " weeks");
  const auto& url = options.base_url;
  if (!(url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) || url.size() < 9 || url.back() == '/')
    return invalid("demo: base_url must be http(s)://host without a trailing slash");

  const std::vector<Bank> banks{{"en", &demo::bank_en()}, {"be", &demo::bank_be()}, {"ru", &demo::bank_ru()}};
  for (std::size_t i = 1; i < banks.size(); ++i)
    if (auto s = demo::check_parallel(*banks[0].bank, *banks[i].bank); !s) return s;

  auto content = build_content(options, banks);
  if (!content) return content.error();
  return store.transact([&](Store& tx) { return write_content(tx, *content); });
}

Result<bool> demo_site_exists(Store& store) {
  auto site = store.load_site();
  if (site) return true;
  if (site.code() == ErrorCode::not_found) return false;
  return site.error();
}

}  // namespace barometer
