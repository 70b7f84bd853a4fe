// The public-site fixture plus a few weeks that make the dynamics interesting: a worse streak,
// a week with no commentary, a draft (a gap for readers) and a title that needs CSV quoting.
//   security: 2022-W02..W04 worse, W05 none, W06 unchanged, W07 draft, W08 better, W09 worse+risk
//   west:     2022-W01 better (title with a comma), W09 unchanged, W10 draft
#pragma once

#include "web/public_site_fixture.hpp"

namespace barometer::web::testing_support {

// One commentary in English only, slug "c-2022-w05" for week "2022-W05".
inline void add_commentary(Store& store, Id topic, const std::string& week, Assessment a, CommentaryStatus status,
                           const std::string& title) {
  std::string slug = "c-" + week;
  for (auto& ch : slug) ch = ch == 'W' ? 'w' : ch;
  auto id = store.add_commentary(make_commentary(topic, week, a, status == CommentaryStatus::published ? 1640000000 : 0,
                                                 {{"en", {title, "Lead.", "Body.", slug}}}));
  ASSERT_TRUE(id.ok()) << id.error().message;
}

// seed_public_site, then the weeks above.
inline void seed_dynamics_site(Store& store, SeedIds& ids) {
  seed_public_site(store, ids);
  for (const char* week : {"2022-W02", "2022-W03", "2022-W04"})
    add_commentary(store, ids.security, week, Assessment::worse, CommentaryStatus::published, std::string("Worse in ") + week);
  add_commentary(store, ids.security, "2022-W06", Assessment::unchanged, CommentaryStatus::published, "Flat week");
  add_commentary(store, ids.security, "2022-W07", Assessment::better, CommentaryStatus::draft, "Not yet");
  add_commentary(store, ids.west, "2022-W01", Assessment::better, CommentaryStatus::published, "Talks, at last");
}

class DynamicsSiteTest : public PublicSiteTest {
 protected:
  void seed() override { seed_dynamics_site(*store_, ids_); }

  void add(Id topic, const std::string& week, Assessment a, CommentaryStatus status, const std::string& title) {
    add_commentary(*store_, topic, week, a, status, title);
  }
};

}  // namespace barometer::web::testing_support
