#include "services/demo/demo_text.hpp"

#include <string>

namespace barometer::demo {

namespace {

std::string_view or_nom(std::string_view form, const Forms& f) { return form.empty() ? f.nom : form; }

Status same_size(std::size_t a, std::size_t b, const std::string& what) {
  if (a == b) return {};
  return invalid("demo text banks differ in " + what + ": " + std::to_string(a) + " vs " +
                 std::to_string(b));
}

}  // namespace

Status check_parallel(const LanguageBank& r, const LanguageBank& o) {
  for (std::size_t t = 0; t < kTopicCount; ++t) {
    const auto& x = r.topics[t];
    const auto& y = o.topics[t];
    const std::string at = " of topic " + std::to_string(t);
    for (auto s : {same_size(x.actors.size(), y.actors.size(), "actors" + at),
                   same_size(x.subjects.size(), y.subjects.size(), "subjects" + at),
                   same_size(x.openings.size(), y.openings.size(), "openings" + at),
                   same_size(x.bullets.size(), y.bullets.size(), "bullets" + at),
                   same_size(x.evidence.size(), y.evidence.size(), "evidence" + at)})
      if (!s) return s;
  }
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string at = " #" + std::to_string(i);
    for (auto s : {same_size(r.predicates[i].size(), o.predicates[i].size(), "predicates" + at),
                   same_size(r.leads[i].size(), o.leads[i].size(), "leads" + at),
                   same_size(r.developments[i].size(), o.developments[i].size(), "developments" + at),
                   same_size(r.outlooks[i].size(), o.outlooks[i].size(), "outlooks" + at)})
      if (!s) return s;
  }
  for (auto s : {same_size(r.places.size(), o.places.size(), "places"),
                 same_size(r.analysis.size(), o.analysis.size(), "analysis"),
                 same_size(r.quotes.size(), o.quotes.size(), "quotes"),
                 same_size(r.bullet_intros.size(), o.bullet_intros.size(), "bullet_intros")})
    if (!s) return s;
  return {};
}

std::string capitalize(std::string_view s) {
  std::string out(s);
  if (out.empty()) return out;
  auto c0 = static_cast<unsigned char>(out[0]);
  if (c0 >= 'a' && c0 <= 'z') {
    out[0] = char(c0 - 'a' + 'A');
    return out;
  }
  if (out.size() < 2) return out;
  // Two-byte UTF-8 Cyrillic: decode, map lower -> upper, re-encode.
  auto c1 = static_cast<unsigned char>(out[1]);
  if ((c0 & 0xE0) != 0xC0) return out;
  unsigned cp = ((c0 & 0x1Fu) << 6) | (c1 & 0x3Fu);
  if (cp >= 0x430 && cp <= 0x44F) cp -= 0x20;       // а..я
  else if (cp >= 0x450 && cp <= 0x45F) cp -= 0x50;  // ѐ..џ incl. ё, і, ў
  else return out;
  out[0] = char(0xC0 | (cp >> 6));
  out[1] = char(0x80 | (cp & 0x3F));
  return out;
}

std::string fill_template(std::string_view text, const Slots& s) {
  std::string out;
  out.reserve(text.size() + 64);
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '{') {
      out += text[i++];
      continue;
    }
    auto close = text.find('}', i);
    if (close == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    auto name = text.substr(i + 1, close - i - 1);
    if (name == "a") out += s.a.nom;
    else if (name == "A") out += capitalize(s.a.nom);
    else if (name == "a_gen") out += or_nom(s.a.gen, s.a);
    else if (name == "b") out += s.b.nom;
    else if (name == "B") out += capitalize(s.b.nom);
    else if (name == "b_gen") out += or_nom(s.b.gen, s.b);
    else if (name == "p") out += s.p.nom;
    else if (name == "p_gen") out += or_nom(s.p.gen, s.p);
    else if (name == "p_loc") out += or_nom(s.p.loc, s.p);
    else if (name == "n") out += std::to_string(s.n);
    else out.append(text.substr(i, close - i + 1));
    i = close + 1;
  }
  return out;
}

}  // namespace barometer::demo
