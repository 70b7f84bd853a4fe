#include "web/views/subscribe_form_view.hpp"

#include <algorithm>

namespace barometer::web::views {

using render::View;

View subscribe_form_view(const routes::PageEnv& env, const std::string& email, const LangCode& lang,
                         const std::vector<Id>& topic_ids, const std::string& email_error) {
  const LangCode& chosen = lang.empty() ? env.lang() : lang;
  View v = View::object();
  v["action"] = "/subscribe";  // the chosen language travels in the form's `lang` field
  v["email"] = email;
  v["email_error"] = email_error.empty() ? View(false) : View(email_error);
  v["languages"] = View::list();
  for (const auto& language : env.snap.site.languages)
    v["languages"].push(View(View::Object{{"code", View(language.code)},
                                          {"name", View(language.name)},
                                          {"selected", View(language.code == chosen)}}));
  v["topics"] = View::list();
  for (const auto& topic : env.snap.topics) {
    auto text = topic.text.find(env.lang());
    if (text == topic.text.end()) continue;
    const bool checked = std::find(topic_ids.begin(), topic_ids.end(), topic.id) != topic_ids.end();
    v["topics"].push(View(View::Object{{"slug", View(topic.slug)},
                                       {"name", View(text->second.name)},
                                       {"checked", View(checked)}}));
  }
  v["has_topics"] = !v["topics"].as_list().empty();
  return v;
}

}  // namespace barometer::web::views
