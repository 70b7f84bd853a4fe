// A QR code as inline SVG, drawn server-side from libqrencode's module matrix (the back office's
// two-factor enrolment shows the otpauth:// URI this way: no JavaScript, no image request).
// Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace barometer::render {

// `text` encoded at error correction level M, drawn as one <path> of dark modules with a
// four-module quiet zone; `label` is the image's accessible name (escaped here).
// invalid when the text does not fit in a QR code.
Result<std::string> qr_svg(std::string_view text, std::string_view label);

}  // namespace barometer::render
