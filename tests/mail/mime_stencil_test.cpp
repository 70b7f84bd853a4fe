// MimeStencil: the bytes it splices must be build_mime's bytes for the same message (with the
// stencil's boundary), byte for byte, whatever the personal values: every transfer encoding GMime
// picks (quoted-printable, base64, 7-bit), values whose lengths put lines just below, at and above
// 76 characters, lines starting with ".", long URLs, non-ASCII values (which may change the
// encoding: then it falls back) and build_mime's errors. Also build_mime's explicit boundary.
#include "mail/mime_stencil.hpp"

#include <gtest/gtest.h>

#include <random>

#include "parsed_message.hpp"

namespace barometer::mail {
namespace {

using testing::parse_with_python;
using testing::TempDir;

enum class Kind { quoted_printable, base64, seven_bit };

// A digest-like body: many shared lines, then the footer with the personal values.
std::string shared_body(Kind kind) {
  std::string body;
  for (int i = 0; i < 40; ++i) {
    switch (kind) {
      case Kind::quoted_printable: body += "▼ Economy — the situation got worse, line " + std::to_string(i) + " of the digest\n"; break;
      case Kind::base64: body += "Эканоміка — сітуацыя пагоршылася, радок " + std::to_string(i) + "\n"; break;
      case Kind::seven_bit: body += "Economy: the situation got worse, line " + std::to_string(i) + " of the digest\n"; break;
    }
  }
  return body;
}

struct Personal {
  std::string to = "stencil@stencil.invalid";
  std::string token = "PLACEHOLDER";
  std::string id = "<placeholder@barometer.example>";
  Instant date = from_unix(1646560800);
};

OutgoingMessage digest(Kind kind, const Personal& p) {
  const std::string body = shared_body(kind);
  OutgoingMessage m;
  m.from = {"Барометр Беларусі", "digest@barometer.example"};
  m.to = {"", p.to};
  m.subject = "Situation in Belarus: 28 February – 6 March 2022";
  const std::string unsubscribe = "https://barometer.example/unsubscribe/?token=" + p.token;
  m.text = body + "\n--\nYou subscribed at " + p.to + ".\n.A line starting with a dot " + p.token +
           "\nPreferences: https://barometer.example/en/newsletter/preferences/?token=" + p.token +
           "\nUnsubscribe: " + unsubscribe + "\n";
  m.html = "<html><body>\n" + body + "<p>You subscribed at " + p.to + ".</p>\n<p><a href=\"" + unsubscribe +
           "\">Unsubscribe</a></p>\n</body></html>\n";
  m.message_id = p.id;
  m.date = p.date;
  m.headers = {{"List-Id", "<digest.barometer.example>"},
               {"List-Unsubscribe", "<" + unsubscribe + ">, <mailto:unsubscribe@barometer.example?subject=" + p.token + ">"},
               {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
  return m;
}

Result<MimeStencil> stencil_for(Kind kind, bool html = true) {
  OutgoingMessage sample = digest(kind, {});
  if (!html) sample.html.clear();
  const std::size_t text_shared = shared_body(kind).size();
  const std::size_t html_shared = std::string("<html><body>\n").size() + shared_body(kind).size();
  return MimeStencil::create(sample, text_shared, html_shared, {"List-Unsubscribe"});
}

// build_mime of `m` with the stencil's boundary: what the stencil must give.
Result<std::string> expected(const MimeStencil& stencil, OutgoingMessage m) {
  m.boundary = stencil.boundary();
  return build_mime(m);
}

void expect_same(const Result<std::string>& spliced, const Result<std::string>& built, const std::string& what) {
  ASSERT_EQ(spliced.ok(), built.ok()) << what << ": " << (spliced.ok() ? built.error().message : spliced.error().message);
  if (!built.ok()) {
    EXPECT_EQ(spliced.error().message, built.error().message) << what;
    return;
  }
  ASSERT_EQ(*spliced, *built) << what;
}

std::string random_string(std::mt19937& rng, std::size_t n, std::string_view alphabet) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
  return s;
}

constexpr std::string_view kToken = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kLocal = "abcdefghijklmnopqrstuvwxyz0123456789.+_=-";

class RandomizedSplice : public ::testing::TestWithParam<Kind> {};

TEST_P(RandomizedSplice, EqualsBuildMimeByteForByte) {
  auto stencil = stencil_for(GetParam());
  ASSERT_TRUE(stencil.ok()) << stencil.error().message;
  EXPECT_FALSE(stencil->boundary().empty());
  std::mt19937 rng(20220306 + static_cast<int>(GetParam()));
  int spliced = 0;
  for (int i = 0; i < 150; ++i) {
    Personal p;
    // Lengths from 1 to ~150: footer lines land below, at and above 76 characters (soft breaks),
    // the List-Unsubscribe field folds or not, the To line grows.
    p.to = random_string(rng, 1 + rng() % 64, kLocal) + "@" + random_string(rng, 1 + rng() % 40, "abcdefghij") + ".org";
    p.token = random_string(rng, 1 + rng() % 150, kToken);
    p.id = make_message_id("barometer.example", "digest/" + std::to_string(i));
    p.date = from_unix(1600000000 + static_cast<long>(rng() % 100000000));
    const OutgoingMessage m = digest(GetParam(), p);
    if (stencil->splices(m)) ++spliced;
    expect_same(stencil->build(m), expected(*stencil, m), "message " + std::to_string(i));
  }
  EXPECT_EQ(spliced, 150) << "every one of these fits the stencil";
}

INSTANTIATE_TEST_SUITE_P(Encodings, RandomizedSplice,
                         ::testing::Values(Kind::quoted_printable, Kind::base64, Kind::seven_bit));

TEST(MimeStencil, PartsGetTheEncodingGmimePicksForTheLanguage) {
  const std::pair<Kind, std::string> cases[] = {{Kind::quoted_printable, "quoted-printable"},
                                                {Kind::base64, "base64"}};
  for (const auto& [kind, encoding] : cases) {
    auto stencil = stencil_for(kind);
    ASSERT_TRUE(stencil.ok());
    auto bytes = stencil->build(digest(kind, {"reader@example.org", "T0k3n", "<a@b.example>", from_unix(1)}));
    ASSERT_TRUE(bytes.ok());
    EXPECT_NE(bytes->find("Content-Transfer-Encoding: " + encoding), std::string::npos) << encoding;
  }
  auto ascii = stencil_for(Kind::seven_bit);
  ASSERT_TRUE(ascii.ok());
  auto bytes = ascii->build(digest(Kind::seven_bit, {"reader@example.org", "T0k3n", "<a@b.example>", from_unix(1)}));
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes->find("Content-Transfer-Encoding"), std::string::npos) << "7-bit text is written as it is";
}

TEST(MimeStencil, ValuesThatChangeThePartsEncodingFallBackToBuildMime) {
  auto stencil = stencil_for(Kind::seven_bit);
  ASSERT_TRUE(stencil.ok());
  Personal p;
  p.token = "токен";  // 8-bit bytes in a 7-bit part: GMime now picks quoted-printable
  p.to = "reader@example.org";
  OutgoingMessage m = digest(Kind::seven_bit, p);
  EXPECT_TRUE(stencil->splices(m)) << "the shared parts fit; the encoding check decides";
  auto spliced = stencil->build(m);
  expect_same(spliced, expected(*stencil, m), "non-ASCII token");
  EXPECT_NE(spliced->find("Content-Transfer-Encoding: quoted-printable"), std::string::npos);
  // A line longer than 998 characters also makes a 7-bit part quoted-printable.
  p.token = std::string(1200, 'x');
  m = digest(Kind::seven_bit, p);
  spliced = stencil->build(m);
  expect_same(spliced, expected(*stencil, m), "long line");
  EXPECT_NE(spliced->find("Content-Transfer-Encoding: quoted-printable"), std::string::npos);
  // A line starting with "From " too.
  m = digest(Kind::seven_bit, {});
  m.text += "From here on\n";
  expect_same(stencil->build(m), expected(*stencil, m), "From line");
}

TEST(MimeStencil, NonAsciiValuesInEncodedPartsSpliceAndStayEqual) {
  for (Kind kind : {Kind::quoted_printable, Kind::base64}) {
    auto stencil = stencil_for(kind);
    ASSERT_TRUE(stencil.ok());
    for (int n = 0; n < 20; ++n) {
      Personal p;
      p.token = "токен-" + std::string(static_cast<std::size_t>(n * 7), 'x') + "-ž";
      p.to = std::string(static_cast<std::size_t>(1 + n * 3), 'r') + "@example.org";
      const OutgoingMessage m = digest(kind, p);
      EXPECT_TRUE(stencil->splices(m));
      expect_same(stencil->build(m), expected(*stencil, m), "non-ASCII token " + std::to_string(n));
    }
  }
}

TEST(MimeStencil, NonAsciiAddressesAndBadValuesGiveBuildMimesErrors) {
  auto stencil = stencil_for(Kind::quoted_printable);
  ASSERT_TRUE(stencil.ok());
  Personal p;
  p.to = "читатель@пример.бел";  // an IDN address not in A-labels: build_mime refuses it
  OutgoingMessage m = digest(Kind::quoted_printable, p);
  auto spliced = stencil->build(m);
  ASSERT_FALSE(spliced.ok());
  expect_same(spliced, expected(*stencil, m), "IDN address");
  m = digest(Kind::quoted_printable, {});
  m.text += std::string("\xff broken", 8);
  expect_same(stencil->build(m), expected(*stencil, m), "bad UTF-8 in the tail");
  m = digest(Kind::quoted_printable, {});
  m.headers[1].second += "\r\nBcc: victim@example.org";
  expect_same(stencil->build(m), expected(*stencil, m), "header injection");
  m = digest(Kind::quoted_printable, {});
  m.to.name = "Чытач Беларускі";  // a display name: still GMime's encoded-word, via header_fields
  expect_same(stencil->build(m), expected(*stencil, m), "display name");
}

TEST(MimeStencil, MessagesThatDoNotShareThePrefixAreBuiltInFull) {
  auto stencil = stencil_for(Kind::base64);
  ASSERT_TRUE(stencil.ok());
  OutgoingMessage m = digest(Kind::base64, {});
  m.text = "Другі пачатак\n" + m.text;
  EXPECT_FALSE(stencil->splices(m));
  expect_same(stencil->build(m), expected(*stencil, m), "other text");
  m = digest(Kind::base64, {});
  m.subject = "Another subject";
  EXPECT_FALSE(stencil->splices(m));
  expect_same(stencil->build(m), expected(*stencil, m), "other subject");
  m = digest(Kind::base64, {});
  m.headers[0].second = "<other.barometer.example>";
  EXPECT_FALSE(stencil->splices(m));
  expect_same(stencil->build(m), expected(*stencil, m), "other shared header");
  m = digest(Kind::base64, {});
  m.html.clear();
  EXPECT_FALSE(stencil->splices(m));
  expect_same(stencil->build(m), expected(*stencil, m), "text only");
}

TEST(MimeStencil, TextOnlyMessagesSpliceToo) {
  auto stencil = stencil_for(Kind::quoted_printable, false);
  ASSERT_TRUE(stencil.ok()) << stencil.error().message;
  EXPECT_EQ(stencil->boundary(), "");
  std::mt19937 rng(7);
  for (int i = 0; i < 30; ++i) {
    Personal p;
    p.to = random_string(rng, 1 + rng() % 70, kLocal) + "@example.org";
    p.token = random_string(rng, 1 + rng() % 100, kToken);
    OutgoingMessage m = digest(Kind::quoted_printable, p);
    m.html.clear();
    EXPECT_TRUE(stencil->splices(m));
    expect_same(stencil->build(m), expected(*stencil, m), "text only " + std::to_string(i));
  }
}

TEST(MimeStencil, TheBoundaryInTheNewBytesIsRefusedAsBuildMimeRefusesIt) {
  auto stencil = stencil_for(Kind::seven_bit);
  ASSERT_TRUE(stencil.ok());
  OutgoingMessage m = digest(Kind::seven_bit, {});
  m.text += "--" + stencil->boundary() + "\n";
  auto spliced = stencil->build(m);
  ASSERT_FALSE(spliced.ok());
  EXPECT_EQ(spliced.code(), ErrorCode::invalid);
  expect_same(spliced, expected(*stencil, m), "boundary in the text");
}

TEST(MimeStencil, ASplicedDigestReadsBackInPythonAsBuildMimesDoes) {
  TempDir dir;
  for (Kind kind : {Kind::quoted_printable, Kind::base64, Kind::seven_bit}) {
    auto stencil = stencil_for(kind);
    ASSERT_TRUE(stencil.ok());
    const OutgoingMessage m = digest(kind, {"reader.42@example.org", std::string(90, 'Q'), "<x@barometer.example>", from_unix(5)});
    auto spliced = stencil->build(m);
    ASSERT_TRUE(spliced.ok()) << spliced.error().message;
    auto parsed = parse_with_python(dir, *spliced);
    EXPECT_TRUE(parsed["defects"].empty()) << parsed["defects"];
    EXPECT_FALSE(parsed["bare_lf"].get<bool>());
    EXPECT_EQ(parsed["to_address"], "reader.42@example.org");
    ASSERT_EQ(parsed["parts"].size(), 2u);
    auto unix_lines = [](std::string s) {
      for (auto at = s.find("\r\n"); at != std::string::npos; at = s.find("\r\n", at)) s.erase(at, 1);
      return s;
    };
    EXPECT_EQ(unix_lines(parsed["parts"][0]["content"]), m.text);
    EXPECT_EQ(unix_lines(parsed["parts"][1]["content"]), m.html);
    EXPECT_EQ(parsed["headers"]["list-unsubscribe"], m.headers[1].second);
    auto built = expected(*stencil, m);
    ASSERT_TRUE(built.ok());
    EXPECT_EQ(parsed["parts"], parse_with_python(dir, *built)["parts"]);
  }
}

TEST(MimeStencil, RefusesPersonalHeadersItCannotFind) {
  OutgoingMessage sample = digest(Kind::quoted_printable, {});
  EXPECT_FALSE(MimeStencil::create(sample, 100, 100, {"X-Missing"}).ok());
  sample.headers.push_back({"List-Unsubscribe", "<https://b.example/x>"});
  EXPECT_FALSE(MimeStencil::create(sample, 100, 100, {"List-Unsubscribe"}).ok()) << "twice";
  sample = digest(Kind::quoted_printable, {});
  sample.to.address = "not an address";
  EXPECT_FALSE(MimeStencil::create(sample, 100, 100, {}).ok());
}

TEST(BuildMimeBoundary, AnExplicitBoundaryIsUsedAndChecked) {
  OutgoingMessage m = digest(Kind::quoted_printable, {});
  m.boundary = "=-barometer-test-boundary";
  auto a = build_mime(m);
  auto b = build_mime(m);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b) << "the same message with the same boundary gives the same bytes";
  EXPECT_NE(a->find("boundary=\"=-barometer-test-boundary\""), std::string::npos);
  m.boundary = std::string(71, 'a');
  EXPECT_EQ(build_mime(m).code(), ErrorCode::invalid);
  m.boundary = "bad\"quote";
  EXPECT_EQ(build_mime(m).code(), ErrorCode::invalid);
  m = digest(Kind::seven_bit, {});
  m.boundary = "plain-boundary";
  m.text += "--plain-boundary\n";
  EXPECT_EQ(build_mime(m).code(), ErrorCode::invalid) << "the boundary occurs in the 7-bit text";
  m.boundary.clear();
  auto random = build_mime(m);
  ASSERT_TRUE(random.ok()) << "GMime's random boundary does not occur in it";
}

}  // namespace
}  // namespace barometer::mail
