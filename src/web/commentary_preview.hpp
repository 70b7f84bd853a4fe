// CommentaryPreview: a commentary rendered exactly as the public site would show it (the public
// theme's commentary template, its CSS and "Read more" lists), for a Commentary that may not be
// saved yet — the editor's Preview button and live preview use it.
//
// Contract:
//  - Renders through routes::render_commentary, the same function the public route uses, with its
//    own theme snapshot; it never touches the public site's page cache, so a preview cannot be
//    served to readers.
//  - The page says plainly that it is a preview (a banner at the top of <body>, "[banner] " in
//    front of the <title>) and asks robots not to index it.
//  - Errors: not_found when the commentary has no text in `lang` or its topic does not exist,
//    invalid for a language the site does not have, unavailable/io when the store fails.
//  - Thread-safe: render() may be called concurrently. `store` must outlive the object.
#pragma once

#include <memory>
#include <string>

#include "domain/commentary.hpp"
#include "domain/result.hpp"
#include "storage/store.hpp"
#include "web/public_site.hpp"

namespace barometer::web {

namespace routes {
class PublicContext;
}

class CommentaryPreview {
 public:
  // Loads the public theme of `options.theme_dir` (templates, static files; the page links the
  // theme's CSS at the public /static/ URLs). invalid/io like make_public_site.
  static Result<std::unique_ptr<CommentaryPreview>> load(Store& store, const PublicSiteOptions& options);
  ~CommentaryPreview();

  // The complete HTML page of `commentary` in `lang`, with `banner` (plain text, escaped here)
  // announcing the preview.
  Result<std::string> render(const Commentary& commentary, const LangCode& lang, const std::string& banner) const;

 private:
  explicit CommentaryPreview(std::unique_ptr<routes::PublicContext> ctx);
  std::unique_ptr<routes::PublicContext> ctx_;
};

}  // namespace barometer::web
