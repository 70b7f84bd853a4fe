// A topic (the seed calls them "trends"): one line of the monitor, assessed every period.
#pragma once

#include <cstdint>
#include <string>

#include "domain/site.hpp"

namespace barometer {

using Id = std::int64_t;  // storage identity; 0 means "not stored yet"

struct TopicText {
  std::string name;         // "Security issues"
  std::string description;  // one or two sentences on what the topic covers
};

struct Topic {
  Id id = 0;
  std::string slug;         // "security", unique, ASCII [a-z0-9-]
  int position = 0;         // order on the home page, ascending
  PerLanguage<TopicText> text;
};

}  // namespace barometer
