#include "web/commentary_preview.hpp"

#include <filesystem>

#include "domain/text.hpp"
#include "web/routes/public_context.hpp"
#include "web/routes/public_pages.hpp"

namespace barometer::web {

namespace {

// Marks the rendered public page as a preview. The theme is not ours to change, so the markers
// go into the finished HTML: after the <title> tag, after <head> and after the <body> tag.
std::string mark_as_preview(std::string html, const std::string& banner) {
  const std::string text = html_escape(banner);
  if (auto title = html.find("<title>"); title != std::string::npos) html.insert(title + 7, text + " — ");
  if (auto head = html.find("</head>"); head != std::string::npos)
    html.insert(head, "<meta name=\"robots\" content=\"noindex, nofollow\">\n");
  const std::string notice = "\n<div class=\"preview-banner\" role=\"status\" data-preview=\"1\"><strong>" + text +
                             "</strong></div>\n";
  auto body = html.find("<body");
  if (body != std::string::npos) body = html.find('>', body);
  if (body != std::string::npos) html.insert(body + 1, notice);
  else html = notice + html;
  return html;
}

}  // namespace

CommentaryPreview::CommentaryPreview(std::unique_ptr<routes::PublicContext> ctx) : ctx_(std::move(ctx)) {}
CommentaryPreview::~CommentaryPreview() = default;

Result<std::unique_ptr<CommentaryPreview>> CommentaryPreview::load(Store& store, const PublicSiteOptions& options) {
  auto theme = render::Theme::load(options.theme_dir);
  if (!theme) return theme.error();
  if (!theme->has("commentary") || !theme->has("error"))
    return invalid("theme " + options.theme_dir + " has no commentary.mustache or error.mustache");
  auto assets = routes::StaticAssets::load((std::filesystem::path(options.theme_dir) / "static").string());
  if (!assets) return assets.error();
  auto ctx = std::make_unique<routes::PublicContext>(store, std::move(*theme), std::move(*assets), options);
  return std::unique_ptr<CommentaryPreview>(new CommentaryPreview(std::move(ctx)));
}

Result<std::string> CommentaryPreview::render(const Commentary& commentary, const LangCode& lang,
                                              const std::string& banner) const {
  auto snap = ctx_->snapshot(ctx_->store().content_version());
  if (!snap) return snap.error();
  const routes::Snapshot& s = **snap;
  const Language* language = s.site.language(lang);
  if (!language) return invalid("lang: the site has no language \"" + lang + "\"");
  const Catalogue* cat = s.catalogues->find(language->code);
  if (!cat) return unavailable("no catalogue for " + lang);
  const Topic* topic = s.topic(commentary.topic_id);
  if (!topic) return not_found("topic: no topic with id " + std::to_string(commentary.topic_id));
  if (!commentary.translations.contains(lang)) return not_found("the commentary has no text in " + lang);
  routes::PageEnv env{*ctx_, s, *language, *cat};
  Response page = routes::render_commentary(env, *topic, commentary);
  if (page.status == 503) return unavailable("the store failed while rendering the preview");
  if (page.status != 200 || !page.body) return io_error("the public theme could not render the preview");
  return mark_as_preview(std::move(*page.body), banner);
}

}  // namespace barometer::web
