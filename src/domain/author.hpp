// An author: an analyst who signs commentaries.
#pragma once

#include <string>

#include "domain/topic.hpp"

namespace barometer {

struct AuthorText {
  std::string name;  // as written in that language ("Андрэй Казакевіч")
  std::string bio;   // short, plain text
};

struct Author {
  Id id = 0;
  std::string slug;  // unique, ASCII [a-z0-9-]
  PerLanguage<AuthorText> text;
};

}  // namespace barometer
