// The subscribe form's view model ({{#subscribe_form}} in partials/subscribe.mustache), shown on
// every public page. With no arguments it is the same for every reader of a language, so pages
// carrying it stay cacheable; the newsletter pages pass the submitted values back to refill it.
#pragma once

#include <string>
#include <vector>

#include "render/view.hpp"
#include "web/routes/public_context.hpp"

namespace barometer::web::views {

// {action, email, email_error, languages: [{code, name, selected}], has_topics,
//  topics: [{slug, name, checked}]}. `lang` "" = the page's language; `email_error` "" = none.
render::View subscribe_form_view(const routes::PageEnv& env, const std::string& email = "",
                                 const LangCode& lang = "", const std::vector<Id>& topic_ids = {},
                                 const std::string& email_error = "");

}  // namespace barometer::web::views
