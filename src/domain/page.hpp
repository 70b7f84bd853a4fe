// A static page such as "About monitoring", one per language, reached at /{lang}/{slug}/.
#pragma once

#include <string>

#include "domain/topic.hpp"

namespace barometer {

struct PageText {
  std::string slug;     // unique within its language, ASCII [a-z0-9-]
  std::string title;
  std::string body;     // Markdown
};

struct Page {
  Id id = 0;
  std::string key;      // stable internal name, e.g. "about"
  int position = 0;     // order in the site navigation
  PerLanguage<PageText> text;
};

}  // namespace barometer
