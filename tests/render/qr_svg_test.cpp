// The enrolment's QR code: well-formed SVG, one path of dark modules inside a quiet zone, the
// label escaped, and a text too long for any QR code refused.
#include "render/qr_svg.hpp"

#include <gtest/gtest.h>

#include "render/svg_well_formed.hpp"

namespace barometer::render {
namespace {

using barometer::testing::xml_well_formed;

TEST(QrSvg, DrawsTheModulesAsOnePathWithAQuietZone) {
  auto svg = qr_svg("otpauth://totp/Test:ann%40x.org?secret=JBSWY3DPEHPK3PXP&issuer=Test", "QR <code> & key");
  ASSERT_TRUE(svg.ok()) << svg.error().message;
  EXPECT_EQ(xml_well_formed(*svg), "") << *svg;
  EXPECT_EQ(svg->rfind("<svg ", 0), 0u);
  EXPECT_NE(svg->find("aria-label=\"QR &lt;code&gt; &amp; key\""), std::string::npos) << *svg;
  EXPECT_NE(svg->find("<path fill=\"#000\" d=\"M4 4h"), std::string::npos) << *svg;  // the finder pattern's corner
  EXPECT_EQ(svg->find("<code>"), std::string::npos);
}

TEST(QrSvg, TextTooLongForAQrCodeIsRefused) {
  auto svg = qr_svg(std::string(8000, 'x'), "label");
  EXPECT_EQ(svg.code(), ErrorCode::invalid);
}

}  // namespace
}  // namespace barometer::render
