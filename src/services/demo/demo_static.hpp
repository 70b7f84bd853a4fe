// The fixed parts of the demo site: site settings, topics, analysts, the "About monitoring"
// page and the seed commentary (2022-W09, security). Internal to services/demo.
#pragma once

#include <string>
#include <vector>

#include "domain/author.hpp"
#include "domain/commentary.hpp"
#include "domain/page.hpp"
#include "domain/site.hpp"
#include "domain/topic.hpp"

namespace barometer::demo {

// Languages en, be, ru in this order; subject in the locative case for be/ru (see .cpp).
Site demo_site(const std::string& base_url);
// The five topics, positions 1..5, slugs ruling-elite, society, security, west, russia.
std::vector<Topic> demo_topics();

struct DemoAuthor {
  Author author;
  std::vector<int> topics;  // indices into demo_topics() the analyst mainly covers
};
std::vector<DemoAuthor> demo_authors();

Page demo_about_page();

inline constexpr int kSeedTopic = 2;  // "Security issues"
// The seed commentary's marker, evidence and translations (without ids, slugs, period, status).
Commentary seed_commentary_content();

}  // namespace barometer::demo
