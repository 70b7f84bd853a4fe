#include "web/routes/public_context.hpp"

#include <filesystem>

namespace barometer::web::routes {
namespace {

// Turns catalogue entries without arguments into a nested object: "nav.home" -> t.nav.home.
// Entries with arguments are formatted by the page code that knows the values.
render::View ui_strings(const Catalogue& cat) {
  render::View t = render::View::object();
  for (const auto& [key, pattern] : cat.entries()) {
    if (pattern.find('{') != std::string::npos) continue;
    render::View* node = &t;
    std::size_t start = 0;
    for (std::size_t dot; (dot = key.find('.', start)) != std::string::npos; start = dot + 1)
      node = &(*node)[key.substr(start, dot - start)];
    (*node)[key.substr(start)] = cat.format(key, {});
  }
  return t;
}

}  // namespace

const Topic* Snapshot::topic(std::string_view slug) const {
  for (const auto& t : topics)
    if (t.slug == slug) return &t;
  return nullptr;
}
const Topic* Snapshot::topic(Id id) const {
  for (const auto& t : topics)
    if (t.id == id) return &t;
  return nullptr;
}
const Author* Snapshot::author(std::string_view slug) const {
  for (const auto& a : authors)
    if (a.slug == slug) return &a;
  return nullptr;
}
const Author* Snapshot::author(Id id) const {
  for (const auto& a : authors)
    if (a.id == id) return &a;
  return nullptr;
}
std::vector<LangCode> Snapshot::language_codes() const {
  std::vector<LangCode> codes;
  for (const auto& l : site.languages) codes.push_back(l.code);
  return codes;
}

Result<std::shared_ptr<const Snapshot>> PublicContext::snapshot(std::uint64_t version) {
  {
    std::lock_guard lock(mutex_);
    if (current_ && current_->version == version) return current_;
  }
  // Built outside the lock: concurrent misses may build twice, which is harmless.
  auto built = build(version);
  if (!built) return built.error();
  std::lock_guard lock(mutex_);
  current_ = *built;
  return current_;
}

Result<std::shared_ptr<const Snapshot>> PublicContext::build(std::uint64_t version) {
  auto snap = std::make_shared<Snapshot>();
  snap->version = version;
  auto site = store_.load_site();
  if (!site) return site.error();
  if (site->languages.empty()) return invalid("the site has no languages");
  snap->site = std::move(*site);
  if (!options_.base_url.empty()) snap->site.base_url = options_.base_url;
  auto topics = store_.list_topics();
  if (!topics) return topics.error();
  snap->topics = std::move(*topics);
  auto authors = store_.list_authors();
  if (!authors) return authors.error();
  snap->authors = std::move(*authors);
  auto pages = store_.list_pages();
  if (!pages) return pages.error();
  snap->pages = std::move(*pages);

  const std::vector<LangCode> codes = snap->language_codes();
  std::shared_ptr<const Catalogues> catalogues;
  {
    std::lock_guard lock(mutex_);
    if (catalogues_ && catalogue_codes_ == codes) catalogues = catalogues_;
  }
  if (!catalogues) {
    auto loaded = Catalogues::load((std::filesystem::path(options_.theme_dir) / "locales").string(),
                                   snap->site.languages);
    if (!loaded) return loaded.error();
    catalogues = std::make_shared<const Catalogues>(std::move(*loaded));
    std::lock_guard lock(mutex_);
    catalogues_ = catalogues;
    catalogue_codes_ = codes;
  }
  snap->catalogues = catalogues;
  for (const auto& language : snap->site.languages) {
    const Catalogue* cat = catalogues->find(language.code);
    if (!cat) return invalid("no catalogue for language " + language.code);
    snap->ui[language.code]["t"] = ui_strings(*cat);
  }
  return std::shared_ptr<const Snapshot>(std::move(snap));
}

}  // namespace barometer::web::routes
