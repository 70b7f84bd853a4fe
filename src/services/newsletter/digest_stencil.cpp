#include "services/newsletter/digest_stencil.hpp"

#include <kainjow/mustache.hpp>

#include <mutex>

namespace barometer::newsletter {

namespace {

// Placeholders: strings no template, catalogue or commentary contains, free of every character
// Mustache escapes (so they come out of {{x}} unchanged) and acceptable to compose_digest's checks.
constexpr std::string_view kTo = "stencil-to-8f3e1c@stencil.invalid";
constexpr std::string_view kPreferences = "https://stencil.invalid/preferences-8f3e1c";
constexpr std::string_view kUnsubscribe = "https://stencil.invalid/unsubscribe-8f3e1c";
// The longest common prefix of the three, for a quick scan.
constexpr std::string_view kMark = "stencil";

bool is_http(const std::string& url) { return url.starts_with("https://") || url.starts_with("http://"); }

void add(std::string& key, std::string_view field) {
  key += std::to_string(field.size());
  key += ':';
  key += field;
}

// Two subscribers whose values hold every character {{x}} escapes: a theme that prints one of them
// unescaped, or alters it, makes fill() differ from compose_digest, and create() refuses.
DigestInput probe(const DigestInput& shared, int n) {
  DigestInput in = shared;
  const std::string k = std::to_string(n);
  in.to = "o'neil&co" + k + "@example.org";
  in.preferences_url = "/" + shared.lang + "/newsletter/preferences/?t=" + k + "&x='y'";
  in.unsubscribe_url = "https://probe.example/u?t=" + k + "&x='y'";
  in.message_key = "probe/" + k;
  in.message_id.clear();
  in.date = Instant(std::chrono::seconds(1'600'000'000 + n));
  return in;
}

bool same(const mail::OutgoingMessage& a, const mail::OutgoingMessage& b) {
  return a.from.name == b.from.name && a.from.address == b.from.address && a.to.name == b.to.name &&
         a.to.address == b.to.address && a.subject == b.subject && a.text == b.text && a.html == b.html &&
         a.message_id == b.message_id && a.date == b.date && a.headers == b.headers;
}

}  // namespace

std::string DigestStencil::shared_key(const DigestInput& in) {
  std::string key;
  for (const std::string* s : {&in.site.name, &in.site.subject, &in.site.base_url, &in.site.icu_locale,
                               &in.site.from.name, &in.site.from.address, &in.lang, &in.period_url,
                               &in.unsubscribe_mailto})
    add(key, *s);
  add(key, in.period.id());
  for (const auto& t : in.topics) {
    add(key, t.topic);
    add(key, to_string(t.assessment));
    add(key, to_string(t.outlook));
    add(key, t.title);
    add(key, t.lead);
    add(key, t.url);
  }
  return key;
}

DigestStencil::Pieces DigestStencil::split(const std::string& rendered) {
  Pieces out(1);
  std::size_t at = 0;
  while (true) {
    std::size_t hit = rendered.find(kMark, at);
    if (hit == std::string::npos) break;
    // The mark sits inside each placeholder at a known offset; find which one starts there.
    Slot slot = Slot::none;
    std::size_t start = 0, length = 0;
    for (auto [placeholder, s] : {std::pair{kTo, Slot::to}, std::pair{kPreferences, Slot::preferences},
                                  std::pair{kUnsubscribe, Slot::unsubscribe}}) {
      const std::size_t offset = placeholder.find(kMark);
      if (hit >= offset && rendered.compare(hit - offset, placeholder.size(), placeholder) == 0) {
        slot = s;
        start = hit - offset;
        length = placeholder.size();
        break;
      }
    }
    if (slot == Slot::none || start < at) {  // "stencil" in the text itself
      out.back().literal += rendered.substr(at, hit + kMark.size() - at);
      at = hit + kMark.size();
      continue;
    }
    out.back().literal += rendered.substr(at, start - at);
    out.back().slot = slot;
    out.emplace_back();
    at = start + length;
  }
  out.back().literal += rendered.substr(at);
  return out;
}

std::string DigestStencil::join(const Pieces& pieces, const std::string* values, bool html) {
  std::string out;
  std::size_t size = 0;
  for (const auto& p : pieces) size += p.literal.size() + 96;
  out.reserve(size);
  for (const auto& p : pieces) {
    out += p.literal;
    if (p.slot == Slot::none) continue;
    const std::string& value = values[static_cast<int>(p.slot)];
    if (html)
      out += kainjow::mustache::html_escape(value);
    else
      out += value;
  }
  return out;
}

Result<DigestStencil> DigestStencil::create(const MailTemplates& templates, const Catalogue& catalogue,
                                            const DigestInput& shared) {
  DigestInput in = shared;
  in.to = kTo;
  in.preferences_url = kPreferences;
  in.unsubscribe_url = kUnsubscribe;
  in.message_key = "stencil";
  in.message_id.clear();
  auto composed = compose_digest(templates, catalogue, in);
  if (!composed) return composed.error();
  DigestStencil s;
  s.host_ = url_host(shared.site.base_url);
  s.base_url_ = shared.site.base_url;
  s.subject_ = split(composed->subject);
  s.text_ = split(composed->text);
  s.html_ = split(composed->html);
  for (const auto& [name, value] : composed->headers) s.header_values_.push_back(split(value));
  s.base_ = std::move(*composed);
  s.base_.text.clear();
  s.base_.html.clear();
  for (int n = 1; n <= 2; ++n) {
    DigestInput p = probe(shared, n);
    auto full = compose_digest(templates, catalogue, p);
    auto filled = s.fill(p);
    if (!full || !filled || !same(*full, *filled))
      return invalid("digest stencil: the theme does not render the personal values as plain {{x}}");
  }
  // The MIME stencil: everything before the first personal value of each part is shared.
  if (auto sample = s.fill(probe(shared, 1))) {
    auto mime = mail::MimeStencil::create(*sample, s.text_.front().literal.size(), s.html_.front().literal.size(),
                                          {"List-Unsubscribe"});
    if (mime) s.mime_ = std::make_shared<const mail::MimeStencil>(std::move(*mime));
  }
  return s;
}

Result<std::string> DigestStencil::mime(const mail::OutgoingMessage& filled) const {
  if (mime_) return mime_->build(filled);
  return mail::build_mime(filled);
}

Result<mail::OutgoingMessage> DigestStencil::fill(const DigestInput& in) const {
  // compose_digest's checks of the personal values (the shared ones passed them in create()).
  if (in.to.empty()) return invalid("digest: no recipient");
  if (in.message_key.empty() && in.message_id.empty()) return invalid("digest: no message key or id");
  if (!is_http(in.unsubscribe_url) || in.unsubscribe_url.find_first_of(" \r\n\t<>,\"") != std::string::npos)
    return invalid("digest: bad unsubscribe URL");
  std::string preferences = in.preferences_url;
  if (preferences.find_first_of(" \r\n\t<>\"") != std::string::npos) return invalid("digest: bad preferences URL");
  if (!is_http(preferences)) {
    if (!preferences.starts_with("/") || preferences.starts_with("//")) return invalid("digest: bad preferences URL");
    preferences = base_url_ + preferences;
  }
  // Indexed by Slot.
  const std::string values[] = {std::string(), in.to, preferences, in.unsubscribe_url};
  mail::OutgoingMessage m = base_;
  m.to = {"", in.to};
  m.subject = join(subject_, values, false);
  m.text = join(text_, values, false);
  m.html = join(html_, values, true);
  for (std::size_t i = 0; i < m.headers.size(); ++i) m.headers[i].second = join(header_values_[i], values, false);
  m.message_id = in.message_id.empty() ? mail::make_message_id(host_, in.message_key) : in.message_id;
  m.date = in.date;
  return m;
}

Result<mail::OutgoingMessage> DigestStencilCache::compose(const MailTemplates& templates, const Catalogue& catalogue,
                                                          const DigestInput& in) const {
  if (auto made = stencil(templates, catalogue, in)) {
    if (auto m = made->fill(in)) return m;
  }
  return compose_digest(templates, catalogue, in);
}

std::shared_ptr<const DigestStencil> DigestStencilCache::stencil(const MailTemplates& templates,
                                                                 const Catalogue& catalogue,
                                                                 const DigestInput& in) const {
  const std::string key = DigestStencil::shared_key(in);
  std::shared_ptr<const DigestStencil> stencil;
  bool known = false;
  {
    std::shared_lock lock(mutex_);
    if (auto it = stencils_.find(key); it != stencils_.end()) {
      stencil = it->second;
      known = true;
    }
  }
  if (!known) {
    // Made outside the lock: two threads may both make one; the first stored wins.
    auto made = DigestStencil::create(templates, catalogue, in);
    if (made) stencil = std::make_shared<const DigestStencil>(std::move(*made));
    std::unique_lock lock(mutex_);
    stencil = stencils_.emplace(key, stencil).first->second;
  }
  return stencil;
}

std::size_t DigestStencilCache::size() const {
  std::shared_lock lock(mutex_);
  return stencils_.size();
}

}  // namespace barometer::newsletter
