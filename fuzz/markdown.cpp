// Markdown of commentary bodies and pages (render/markdown.hpp), written by staff and shown to
// every reader unescaped. Invariants (the header's safety contract): the HTML is valid UTF-8; no
// tag in it is one the input wrote (<script, <iframe, … from raw HTML), carries an event handler
// or style attribute, or a javascript:/vbscript:/file: URL; the plain excerpt is valid UTF-8 and
// keeps its length bound.
#include <algorithm>
#include <cctype>
#include <string>

#include "fuzz_check.hpp"
#include "render/markdown.hpp"

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// cmark writes attributes as name="value" (a '"' inside a value is &quot;): no event handler, no
// style or srcdoc, and no URL with a dangerous scheme (entities in the value are cmark's own
// escaping of '&', so "javascript:" cannot hide behind them).
void check_attributes(std::string_view tag) {
  std::size_t i = tag.find(' ');
  while (i != std::string_view::npos && i < tag.size()) {
    const std::size_t eq = tag.find('=', i);
    if (eq == std::string_view::npos) break;
    std::string_view name = tag.substr(i, eq - i);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    FUZZ_CHECK(eq + 1 < tag.size() && tag[eq + 1] == '"');
    const std::size_t end = tag.find('"', eq + 2);
    FUZZ_CHECK(end != std::string_view::npos);
    const std::string_view value = tag.substr(eq + 2, end - eq - 2);
    FUZZ_CHECK(name.rfind("on", 0) != 0 && name != "style" && name != "srcdoc");
    if (name == "href" || name == "src")
      for (const char* scheme : {"javascript:", "vbscript:", "file:"}) FUZZ_CHECK(value.rfind(scheme, 0) != 0);
    i = end + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = barometer::fuzz::as_text(data, size);
  const std::string html = barometer::render::markdown_to_html(text);
  FUZZ_CHECK(barometer::fuzz::valid_utf8(html));
  // Text is escaped (a literal '<' in the output always opens markup), so the checks look inside
  // tags only: " onerror=" as escaped text is harmless, as an attribute it is not.
  const std::string h = lower(html);
  for (std::size_t open = h.find('<'); open != std::string::npos; open = h.find('<', open + 1)) {
    const std::size_t close = h.find('>', open);
    FUZZ_CHECK(close != std::string::npos);
    const std::string_view tag = std::string_view(h).substr(open, close - open + 1);
    if (tag.rfind("<!--", 0) == 0) continue;  // cmark's "raw HTML omitted" comment
    for (const char* name : {"<script", "<iframe", "<object", "<embed", "<style", "<svg", "<form", "<math", "<base",
                             "<meta", "<link", "<textarea", "<img src=x"})
      FUZZ_CHECK(tag.rfind(name, 0) != 0);
    check_attributes(tag);
  }

  const std::size_t max_chars = 1 + (size % 200);
  const std::string excerpt = barometer::render::markdown_to_plain_excerpt(text, max_chars);
  FUZZ_CHECK(barometer::fuzz::valid_utf8(excerpt));
  FUZZ_CHECK(excerpt.size() <= max_chars + 3);  // + the ellipsis, 3 bytes in UTF-8
  return 0;
}
