// Accept-Language = #( language-range [ weight ] ), weight = OWS ";" OWS "q=" qvalue.
// Ranges are tried from the highest q down (ties in header order); a range picks the first
// available language it covers (RFC 4647 §3.3.1, "zh" -> "zh-Hant"), else the one its truncation
// names (§3.4 lookup, "be-BY" -> "be"); "*" picks the fallback. q=0 means "not this one".
#include "i18n/negotiate.hpp"

#include <algorithm>
#include <optional>

namespace barometer {
namespace {

// Bounded work on hostile headers: only this much of the header and this many ranges are read.
constexpr std::size_t kMaxHeaderBytes = 4096;
constexpr std::size_t kMaxRanges = 64;
constexpr std::size_t kMaxSubtagLength = 8;
constexpr int kQMax = 1000;  // q-values are kept in thousandths

struct Range {
  std::string tag;  // lowercase; "*" for the wildcard
  int q = kQMax;    // 0..1000
};

bool is_ows(char c) { return c == ' ' || c == '\t'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

// language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*"
bool is_language_range(std::string_view s) {
  if (s == "*") return true;
  std::size_t subtag = 0;
  bool first = true;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '-') {
      if (subtag == 0 || subtag > kMaxSubtagLength) return false;
      subtag = 0;
      first = false;
      continue;
    }
    if (!(is_alpha(s[i]) || (!first && is_digit(s[i])))) return false;
    ++subtag;
  }
  return true;
}

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in thousandths.
std::optional<int> parse_qvalue(std::string_view s) {
  if (s.empty() || s.size() > 5 || (s[0] != '0' && s[0] != '1')) return std::nullopt;
  int whole = s[0] - '0';
  int thousandths = 0;
  if (s.size() > 1) {
    if (s[1] != '.') return std::nullopt;
    int scale = 100;
    for (std::size_t i = 2; i < s.size(); ++i, scale /= 10) {
      if (!is_digit(s[i])) return std::nullopt;
      thousandths += (s[i] - '0') * scale;
    }
  }
  int q = whole * kQMax + thousandths;
  if (q > kQMax) return std::nullopt;
  return q;
}

// One element "ru-RU;q=0.8"; nullopt when malformed (the element is then ignored).
std::optional<Range> parse_element(std::string_view element) {
  std::size_t semicolon = element.find(';');
  std::string_view tag = trim(element.substr(0, semicolon));
  if (!is_language_range(tag)) return std::nullopt;
  Range range{to_lower(tag), kQMax};
  while (semicolon != std::string_view::npos) {
    std::string_view rest = element.substr(semicolon + 1);
    std::size_t next = rest.find(';');
    std::string_view param = trim(rest.substr(0, next));
    semicolon = next == std::string_view::npos ? next : semicolon + 1 + next;
    std::size_t eq = param.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    std::string name = to_lower(trim(param.substr(0, eq)));
    if (name != "q") continue;  // no other parameter is defined; tolerate and ignore it
    auto q = parse_qvalue(trim(param.substr(eq + 1)));
    if (!q) return std::nullopt;
    range.q = *q;
  }
  return range;
}

std::vector<Range> parse_accept_language(std::string_view header) {
  std::vector<Range> ranges;
  if (header.size() > kMaxHeaderBytes) {
    // Keep only whole elements within the bound.
    header = header.substr(0, kMaxHeaderBytes);
    std::size_t last_comma = header.rfind(',');
    header = header.substr(0, last_comma == std::string_view::npos ? 0 : last_comma);
  }
  while (!header.empty() && ranges.size() < kMaxRanges) {
    std::size_t comma = header.find(',');
    std::string_view element = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    if (element.empty()) continue;  // "a,,b" and trailing commas are allowed by the list syntax
    if (auto range = parse_element(element)) ranges.push_back(std::move(*range));
  }
  return ranges;
}

// RFC 4647 basic filtering: the range equals the tag or is a prefix of it ending at a subtag.
bool range_covers(std::string_view range, std::string_view tag) {
  if (range == tag) return true;
  return tag.size() > range.size() && tag.compare(0, range.size(), range) == 0 && tag[range.size()] == '-';
}

}  // namespace

LangCode negotiate_language(std::string_view accept_language, const std::vector<LangCode>& available,
                            const LangCode& fallback) {
  std::vector<Range> ranges = parse_accept_language(accept_language);
  std::vector<std::string> tags;
  tags.reserve(available.size());
  for (const LangCode& code : available) tags.push_back(to_lower(code));

  // q=0 rules a language out: "ru;q=0" excludes ru and ru-RU. It does not exclude a broader
  // language ("be-BY;q=0" leaves "be" alone) and "*;q=0" only means "nothing else".
  std::vector<bool> excluded(available.size(), false);
  for (const Range& range : ranges)
    if (range.q == 0 && range.tag != "*")
      for (std::size_t i = 0; i < tags.size(); ++i)
        if (range_covers(range.tag, tags[i])) excluded[i] = true;

  std::stable_sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) { return a.q > b.q; });
  auto pick = [&](auto&& matches) -> const LangCode* {
    for (std::size_t i = 0; i < tags.size(); ++i)
      if (!excluded[i] && matches(tags[i])) return &available[i];
    return nullptr;
  };
  for (const Range& range : ranges) {
    if (range.q == 0) break;
    if (range.tag == "*") {
      // Anything goes: the site's default if allowed, else the first allowed in site order.
      const std::string lowered_fallback = to_lower(fallback);
      if (const LangCode* hit = pick([&](const std::string& t) { return t == lowered_fallback; })) return *hit;
      if (const LangCode* hit = pick([](const std::string&) { return true; })) return *hit;
      continue;
    }
    // Filtering first ("zh" serves "zh-hant"), then lookup by truncation ("be-by" -> "be").
    if (const LangCode* hit = pick([&](const std::string& t) { return range_covers(range.tag, t); })) return *hit;
    std::string_view truncated = range.tag;
    for (std::size_t dash = truncated.rfind('-'); dash != std::string_view::npos; dash = truncated.rfind('-')) {
      truncated = truncated.substr(0, dash);
      if (const LangCode* hit = pick([&](const std::string& t) { return t == truncated; })) return *hit;
    }
  }
  return fallback;
}

}  // namespace barometer
