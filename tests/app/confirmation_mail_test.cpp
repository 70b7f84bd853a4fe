// The confirmation composer `serve` uses follows the site's settings: a rename in the back office
// shows in the next confirmation, without a restart (app/confirmation_mail.hpp).
#include <gtest/gtest.h>

#include "app/app.hpp"
#include "app/confirmation_mail.hpp"
#include "app/database.hpp"
#include "domain/clock.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

newsletter::ConfirmationMail mail_in(const LangCode& lang) {
  newsletter::ConfirmationMail m;
  m.to = m.display_to = "reader@example.org";
  m.lang = lang;
  m.confirm_url = "https://monitor.example/confirm/c.x";
  m.preferences_url = "https://monitor.example/preferences/m.x";
  m.unsubscribe_url = "https://monitor.example/unsubscribe/m.x";
  m.list_unsubscribe = "<" + m.unsubscribe_url + ">";
  return m;
}

TEST(LiveConfirmationComposer, ARenamedSiteShowsInTheNextConfirmation) {
  testing::TempDir dir;
  auto config = load_config_from_dir(dir.path().string(), [](const std::string&) -> std::optional<std::string> {
    return std::nullopt;
  });
  ASSERT_TRUE(config.ok()) << config.error().message;
  ASSERT_TRUE(ensure_demo_site(*config).ok());
  auto db = open_database(*config);
  ASSERT_TRUE(db.ok()) << db.error().message;
  Store* store = &(*db)->content();
  SystemClock clock;
  auto composer = make_live_confirmation_composer(*config, *store, clock);
  ASSERT_TRUE(composer.ok()) << composer.error().message;

  auto site = store->load_site();
  ASSERT_TRUE(site.ok());
  const std::string old_name = site->name.at("en");
  auto before = (*composer)(mail_in("en"));
  ASSERT_TRUE(before.ok()) << before.error().message;
  EXPECT_NE(before->find(old_name), std::string::npos) << *before;

  site->name["en"] = "Renamed Weekly Monitor";
  ASSERT_TRUE(store->save_site(*site).ok());
  auto after = (*composer)(mail_in("en"));
  ASSERT_TRUE(after.ok()) << after.error().message;
  EXPECT_NE(after->find("Renamed Weekly Monitor"), std::string::npos) << *after;
  EXPECT_EQ(after->find(old_name), std::string::npos) << *after;

  // Nothing changed since: the composer it made is used again, with the same result.
  auto again = (*composer)(mail_in("en"));
  ASSERT_TRUE(again.ok());
  EXPECT_NE(again->find("Renamed Weekly Monitor"), std::string::npos);
}

}  // namespace
}  // namespace barometer
