// The settings table as text for people: the sample site.toml of `barometer init` and the list in
// `barometer serve --help`. Both are generated so that a new setting appears in them by being
// added to the table (settings.cpp).
#include <array>
#include <cctype>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "config/settings.hpp"

namespace barometer {

namespace {

// Comment lines stay readable in a 100-column editor and terminal.
constexpr std::size_t kTextWidth = 100;

// Settings the sample writes as live lines rather than comments: the database pins the file
// `init` has just created (a later change of the default must never orphan a site's data), and
// listen is the one an operator looks for first.
constexpr std::array<std::string_view, 2> kWrittenByInit{"database", "listen"};

// `text` broken into lines of at most kTextWidth at blanks, each starting with `prefix`.
std::string wrap(std::string_view text, std::string_view prefix) {
  std::string out, line(prefix);
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find(' ', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(at, end - at);
    if (line.size() > prefix.size() && line.size() + 1 + word.size() > kTextWidth) {
      out += line + "\n";
      line = prefix;
    }
    if (line.size() > prefix.size()) line += ' ';
    line += word;
    at = end + 1;
  }
  return out + line + "\n";
}

std::string range_text(const Setting& s) {
  if (!std::holds_alternative<int Config::*>(s.target)) return "";
  return std::to_string(s.min) + ".." + std::to_string(s.max);
}

bool written_by_init(const Setting& s) {
  for (auto key : kWrittenByInit)
    if (key == s.key) return true;
  return false;
}

}  // namespace

std::string default_config_text() {
  std::string out = wrap(
      "barometer site configuration. Every setting has an environment variable, named after it, that "
      "overrides this file (BAROMETER_LISTEN for listen); `barometer serve --help` and README.md "
      "(\"Configuration\") list them. A line starting with '# name =' shows a default or an example: remove "
      "the '# ' to set it. Relative paths are resolved against this folder.",
      "# ");
  for (const Setting& s : all_settings()) {
    std::string comment(s.help);
    // Help lines are written to follow a name in --help; here each starts a sentence.
    if (!comment.empty()) comment[0] = char(std::toupper(static_cast<unsigned char>(comment[0])));
    if (auto range = range_text(s); !range.empty()) comment += "; " + range;
    comment += ".";
    const bool shows_example = !s.example.empty();
    if (shows_example) comment += " Default: " + setting_default_text(s) + ".";
    comment += " Environment: " + std::string(s.env) + ".";
    out += "\n" + wrap(comment, "# ");
    const std::string value = shows_example ? std::string(s.example) : setting_default_text(s);
    out += (written_by_init(s) && !shows_example ? "" : "# ") + std::string(s.key) + " = " + value + "\n";
  }
  return out;
}

std::string settings_help_text() {
  std::string out = wrap(
      "Settings: the site.toml key, its environment variable (which overrides the file; --listen overrides "
      "both) and the default. `barometer init` writes them all into DIR/site.toml, commented.",
      "");
  for (const Setting& s : all_settings()) {
    std::string head = "  " + std::string(s.key) + "  " + std::string(s.env) + "  default " +
                       setting_default_text(s);
    if (auto range = range_text(s); !range.empty()) head += ", " + range;
    out += head + "\n" + wrap(s.help, "      ");
  }
  return out;
}

}  // namespace barometer
