// DkimSigner: its signatures verify with python3-dkim (offline, the public keys served by a stub
// DNS function) on every header layout our mail has and on hand-made awkward ones, for RSA and
// Ed25519, and stop verifying when a signed header or the body changes.
#include "mail/dkim.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "mail/message.hpp"
#include "parsed_message.hpp"

namespace barometer::mail {
namespace {

using testing::read_file;
using testing::run_python;
using testing::source_dir;
using testing::TempDir;
using testing::write_file;

constexpr const char* kDomain = "barometer.example";

std::string unfold(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != '\r' && c != '\n' && c != '\t' && c != ' ') out += c;
  return out;
}

class DkimTest : public ::testing::Test {
 protected:
  // One key pair of each kind for the suite: generating RSA keys is the slow part.
  static void SetUpTestSuite() {
    key_dir_ = new TempDir();
    const std::string rsa = key_dir_->file("rsa.pem"), ed = key_dir_->file("ed.pem");
    const std::string cmd = "openssl genrsa -out " + rsa + " 2048 2>/dev/null && openssl rsa -in " + rsa +
                            " -pubout -out " + key_dir_->file("rsa.pub.pem") +
                            " 2>/dev/null && openssl genpkey -algorithm ed25519 -out " + ed +
                            " 2>/dev/null && openssl pkey -in " + ed + " -pubout -out " + key_dir_->file("ed.pub.pem") +
                            " 2>/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << "openssl is needed for this test";
    rsa_pem_ = read_file(rsa);
    ed_pem_ = read_file(ed);
  }
  static void TearDownTestSuite() {
    delete key_dir_;
    key_dir_ = nullptr;
  }

  // A digest as compose.cpp makes it (multipart, List-Id, both unsubscribe headers), in `lang`.
  static OutgoingMessage digest(const std::string& lang) {
    OutgoingMessage m;
    if (lang == "ru") {
      m.from = {"Барометр", "digest@barometer.example"};
      m.subject = "Ситуация в Беларуси: 28 февраля – 6 марта 2022";
      m.text = "Экономика: ситуация ухудшилась.\n";
      m.html = "<p>Экономика: ситуация ухудшилась.</p>";
    } else if (lang == "be") {
      m.from = {"Барометр Беларусі", "digest@barometer.example"};
      m.subject = "Сітуацыя ў Беларусі: 28 лютага – 6 сакавіка 2022";
      m.text = "Эканоміка: сітуацыя пагоршылася.\n";
      m.html = "<p>Эканоміка: сітуацыя пагоршылася.</p>";
    } else {
      m.from = {"Barometer", "digest@barometer.example"};
      m.subject = "The situation in Belarus: 28 February – 6 March 2022";
      m.text = "Economy: the situation worsened.   \n\n\n";
      m.html = "<p>Economy: the situation worsened.</p>";
    }
    m.to = {"", "reader@example.org"};
    m.message_id = make_message_id(kDomain, "digest/2022-W09/" + lang + "/42");
    m.date = from_unix(1646560800);
    m.headers = {{"List-Id", "<digest.barometer.example>"},
                 {"List-Unsubscribe", "<https://barometer.example/" + lang +
                                          "/unsubscribe/tok>, <mailto:unsubscribe@barometer.example?subject=tok>"},
                 {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
    return m;
  }

  static std::string mime(const OutgoingMessage& m) {
    auto bytes = build_mime(m);
    EXPECT_TRUE(bytes.ok()) << bytes.error().message;
    return bytes.ok() ? *bytes : std::string();
  }

  // Every layout our mail has: digests, test sends (a digest to a staff address, "[test]" in the
  // subject, no list headers), confirmations (https one-click, or http: no List-Unsubscribe-Post),
  // and a text-only message, in en/be/ru.
  static std::vector<std::string> our_layouts() {
    std::vector<std::string> out;
    for (const std::string lang : {"en", "be", "ru"}) {
      out.push_back(mime(digest(lang)));
      OutgoingMessage test = digest(lang);
      test.subject = "[test] " + test.subject;
      test.to = {"Рэдактар", "editor@barometer.example"};
      test.headers.clear();
      out.push_back(mime(test));
      OutgoingMessage confirm = digest(lang);
      confirm.headers = {{"List-Unsubscribe", "<http://barometer.example/" + lang + "/unsubscribe/c>"}};
      confirm.html.clear();
      out.push_back(mime(confirm));
    }
    return out;
  }

  std::string verify(const std::string& signed_message) {
    const auto path = dir_.path() / "signed.eml";
    write_file(path, signed_message);
    auto [status, out] = run_python(source_dir() / "tests" / "mail" / "dkim_verify.py",
                                    {path.string(), "mail2026=" + key_dir_->file("rsa.pub.pem"),
                                     "mail2026-ed25519=" + key_dir_->file("ed.pub.pem")});
    EXPECT_EQ(status, 0) << out;
    return out;
  }

  static DkimSigner signer(bool with_ed25519 = false) {
    auto s = DkimSigner::create({kDomain, "mail2026", rsa_pem_, "", with_ed25519 ? ed_pem_ : ""});
    EXPECT_TRUE(s.ok()) << s.error().message;
    return std::move(s).value();
  }

  TempDir dir_;
  static inline TempDir* key_dir_ = nullptr;
  static inline std::string rsa_pem_, ed_pem_;
};

TEST_F(DkimTest, EveryLayoutOfOurMailVerifiesWithRsaAndEd25519) {
  const DkimSigner both = signer(true);
  for (const auto& message : our_layouts()) {
    auto signed_message = both.sign(message);
    ASSERT_TRUE(signed_message.ok()) << signed_message.error().message;
    const std::string out = verify(*signed_message);
    EXPECT_TRUE(out.starts_with("pass")) << out << signed_message->substr(0, 1500);
    EXPECT_NE(out.find("sig 0 rsa-sha256 pass"), std::string::npos) << out;
    EXPECT_NE(out.find("sig 1 ed25519-sha256 pass"), std::string::npos) << out;
    EXPECT_NE(out.find("dns mail2026._domainkey.barometer.example"), std::string::npos) << out;
    EXPECT_NE(out.find("dns mail2026-ed25519._domainkey.barometer.example"), std::string::npos) << out;
  }
}

// Header and body shapes build_mime never writes but a relay, a template or another composer may:
// folded fields (tabs and spaces), raw 8-bit UTF-8 values, encoded-words, odd name case (space
// before the colon is in dkim_canon_test only: python3-dkim refuses to parse it), a field listed twice, whitespace runs and trailing whitespace in the body,
// trailing empty lines, no final CRLF, an empty body.
TEST_F(DkimTest, AwkwardHeadersAndBodiesVerify) {
  const std::string head =
      "From: =?utf-8?b?0JHQsNGA0L7QvNC10YLRgA==?= <digest@barometer.example>\r\n"
      "To: reader@example.org\r\n"
      "SUBJECT:  Сітуацыя ў Беларусі,\r\n"
      "\t\tлюты –  сакавік\t2022   \r\n"
      "Date: Sun, 06 Mar 2022 10:00:00 +0000\r\n"
      "Message-ID: <abc@barometer.example>\r\n"
      "X-Other: not signed\r\n"
      "List-Unsubscribe:\r\n"
      " <https://barometer.example/be/unsubscribe/a-very-long-token-0123456789abcdef0123456789abcdef>,\r\n"
      " <mailto:unsubscribe@barometer.example?subject=tok>\r\n"
      "To: second-to@example.org\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: 8bit\r\n"
      "\r\n";
  const std::vector<std::string> bodies = {
      "Эканоміка:\t  сітуацыя   пагоршылася. \t\r\n  leading space\r\n\r\n \r\n\t\r\n\r\n",
      "no final line break",
      "",
      "\r\n\r\n",
      "one\r\n\r\n\r\ntwo\r\n",
  };
  const DkimSigner both = signer(true);
  for (const auto& body : bodies) {
    auto signed_message = both.sign(head + body);
    ASSERT_TRUE(signed_message.ok()) << signed_message.error().message;
    const std::string out = verify(*signed_message);
    EXPECT_TRUE(out.starts_with("pass")) << out << "body: " << body;
  }
  auto header = both.signature_header(head + bodies[0]);
  ASSERT_TRUE(header.ok());
  // Both To fields are signed (h= names To twice), and the unsigned X-Other is not.
  EXPECT_NE(unfold(*header).find("h=From:From:To:To:Subject:Date:Message-ID:List-Unsubscribe:MIME-Version:"
                                 "Content-Type:Content-Transfer-Encoding;"),
            std::string::npos)
      << *header;
}

TEST_F(DkimTest, TheSignatureFieldIsFoldedAndCoversUnsubscribeAndIdentityHeaders) {
  auto header = signer(true).signature_header(mime(digest("ru")));
  ASSERT_TRUE(header.ok()) << header.error().message;
  ASSERT_TRUE(header->starts_with("DKIM-Signature: "));
  ASSERT_TRUE(header->ends_with("\r\n"));
  // Two fields, each line at most 78 characters, continuation lines starting with a tab, no bare LF.
  std::istringstream lines(*header);
  std::string line;
  int fields = 0;
  while (std::getline(lines, line)) {
    ASSERT_TRUE(line.ends_with("\r")) << "bare LF in " << *header;
    EXPECT_LE(line.size() - 1, 78u) << line;
    if (line.starts_with("DKIM-Signature: "))
      ++fields;
    else
      EXPECT_TRUE(line.starts_with("\t")) << line;
  }
  EXPECT_EQ(fields, 2);
  const std::string rsa = unfold(header->substr(0, header->find("\r\nDKIM-Signature") + 2));
  for (const char* tag : {"v=1;", "a=rsa-sha256;", "c=relaxed/relaxed;", "d=barometer.example;", "s=mail2026;",
                          "h=From:From:To:Subject:Date:Message-ID:List-Id:List-Unsubscribe:List-Unsubscribe-Post:"
                          "MIME-Version:Content-Type;"})
    EXPECT_NE(rsa.find(tag), std::string::npos) << tag << " not in " << rsa;
  EXPECT_EQ(rsa.find("l="), std::string::npos) << "a length tag lets anyone append content";
  const std::string ed = unfold(header->substr(header->find("\r\nDKIM-Signature") + 2));
  EXPECT_NE(ed.find("a=ed25519-sha256;"), std::string::npos) << ed;
  EXPECT_NE(ed.find("s=mail2026-ed25519;"), std::string::npos) << ed;
}

TEST_F(DkimTest, TamperedHeaderOrBodyFailsBothSignatures) {
  auto signed_message = signer(true).sign(mime(digest("be")));
  ASSERT_TRUE(signed_message.ok());
  ASSERT_TRUE(verify(*signed_message).starts_with("pass"));
  auto expect_both_fail = [&](const std::string& tampered, const char* what) {
    const std::string out = verify(tampered);
    EXPECT_TRUE(out.starts_with("fail")) << what << ": " << out;
    EXPECT_NE(out.find("sig 0 rsa-sha256 fail"), std::string::npos) << what << ": " << out;
    EXPECT_NE(out.find("sig 1 ed25519-sha256 fail"), std::string::npos) << what << ": " << out;
  };
  std::string header = *signed_message;
  const auto pos = header.find("List-Unsubscribe: <https://barometer.example/be/unsubscribe/tok>");
  ASSERT_NE(pos, std::string::npos) << header;
  header.replace(pos, 64, "List-Unsubscribe: <https://evil.example/be/unsubscribe/tok>    ");
  expect_both_fail(header, "changed List-Unsubscribe");

  std::string body = *signed_message;
  body.insert(body.size(), "extra line\r\n");
  expect_both_fail(body, "appended body line");

  std::string letter = *signed_message;
  const auto last_base64 = letter.rfind("\r\n\r\n--");
  ASSERT_NE(last_base64, std::string::npos);
  letter[last_base64 - 3] = letter[last_base64 - 3] == 'A' ? 'B' : 'A';
  expect_both_fail(letter, "one body character");

  // From is oversigned: a second From put on top no longer verifies.
  expect_both_fail("From: Someone Else <boss@evil.example>\r\n" + *signed_message, "added From");

  // Relaxed canonicalisation: whitespace changes and refolding of signed headers still verify.
  std::string relaxed = *signed_message;
  const auto list_id = relaxed.find("List-Id: <digest");
  ASSERT_NE(list_id, std::string::npos);
  relaxed.replace(list_id, 9, "list-id:\r\n\t  ");
  EXPECT_TRUE(verify(relaxed).starts_with("pass")) << relaxed.substr(0, 1200);
}

TEST_F(DkimTest, OneSignerSharedByThreadsSignsEveryMessageCorrectly) {
  // The digest sender's workers share one signer and sign at the same time: every signature must
  // still verify, each over its own message (a mix-up between threads would fail the body hash),
  // and pooled contexts are used again and again.
  const DkimSigner shared = signer(true);
  const std::string base = mime(digest("en"));
  constexpr int kThreads = 4, kEach = 25;
  std::vector<std::vector<std::string>> signed_messages(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        std::string m = base + "thread " + std::to_string(t) + " message " + std::to_string(i) + "\r\n";
        auto s = shared.sign(m);
        signed_messages[t].push_back(s.ok() ? *s : "error: " + s.error().message);
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(signed_messages[t].size(), static_cast<std::size_t>(kEach));
    for (const auto& m : signed_messages[t]) ASSERT_TRUE(m.starts_with("DKIM-Signature: ")) << m.substr(0, 200);
    // Python verification is slow: the first and last of each thread.
    EXPECT_TRUE(verify(signed_messages[t].front()).starts_with("pass")) << "thread " << t;
    EXPECT_TRUE(verify(signed_messages[t].back()).starts_with("pass")) << "thread " << t;
  }
}

TEST_F(DkimTest, SignerFromKeyFilesSignsAndAMissingFileIsNamed) {
  auto rsa_only = DkimSigner::from_key_file(kDomain, "mail2026", key_dir_->file("rsa.pem"));
  ASSERT_TRUE(rsa_only.ok()) << rsa_only.error().message;
  auto one = rsa_only->sign(mime(digest("en")));
  ASSERT_TRUE(one.ok());
  const std::string out = verify(*one);
  EXPECT_TRUE(out.starts_with("pass")) << out;
  EXPECT_EQ(out.find("sig 1"), std::string::npos) << "RSA only: " << out;

  auto both = DkimSigner::from_key_file(kDomain, "mail2026", key_dir_->file("rsa.pem"), "mail2026-ed25519",
                                        key_dir_->file("ed.pem"));
  ASSERT_TRUE(both.ok()) << both.error().message;
  auto two = both->sign(mime(digest("ru")));
  ASSERT_TRUE(two.ok());
  EXPECT_NE(verify(*two).find("sig 1 ed25519-sha256 pass"), std::string::npos);

  const std::string missing = dir_.file("no-such-key.pem");
  auto none = DkimSigner::from_key_file(kDomain, "mail2026", missing);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.code(), ErrorCode::invalid);
  EXPECT_NE(none.error().message.find(missing), std::string::npos) << none.error().message;
  auto no_ed = DkimSigner::from_key_file(kDomain, "mail2026", key_dir_->file("rsa.pem"), "", missing);
  ASSERT_FALSE(no_ed.ok());
  EXPECT_NE(no_ed.error().message.find(missing), std::string::npos) << no_ed.error().message;
  const std::string not_a_key = dir_.file("text.pem");
  write_file(not_a_key, "hello");
  EXPECT_EQ(DkimSigner::from_key_file(kDomain, "mail2026", not_a_key).code(), ErrorCode::invalid);
}

TEST_F(DkimTest, BadOptionsKeysAndMessagesAreInvalid) {
  EXPECT_EQ(DkimSigner::create({"", "s", rsa_pem_, "", ""}).code(), ErrorCode::invalid);
  EXPECT_EQ(DkimSigner::create({kDomain, "a.b", rsa_pem_, "", ""}).code(), ErrorCode::invalid);
  EXPECT_EQ(DkimSigner::create({kDomain, "s", "not a key", "", ""}).code(), ErrorCode::invalid);
  EXPECT_EQ(DkimSigner::create({kDomain, "s", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "", ""}).code(),
            ErrorCode::invalid);
  // Each key must be of its kind; the Ed25519 selector must be a label of its own.
  EXPECT_EQ(DkimSigner::create({kDomain, "s", ed_pem_, "", ""}).code(), ErrorCode::invalid);
  EXPECT_EQ(DkimSigner::create({kDomain, "s", rsa_pem_, "", rsa_pem_}).code(), ErrorCode::invalid);
  EXPECT_EQ(DkimSigner::create({kDomain, "s", rsa_pem_, "s", ed_pem_}).code(), ErrorCode::invalid);
  EXPECT_EQ(DkimSigner::create({kDomain, "s", rsa_pem_, "x.y", ed_pem_}).code(), ErrorCode::invalid);
  // RFC 8301: verifiers refuse RSA keys below 1024 bits, so signing with one is a mistake.
  const std::string small = dir_.file("small.pem"), secret = dir_.file("secret.pem");
  ASSERT_EQ(std::system(("openssl genrsa -out " + small + " 768 2>/dev/null").c_str()), 0);
  EXPECT_EQ(DkimSigner::create({kDomain, "s", read_file(small), "", ""}).code(), ErrorCode::invalid);
  // An encrypted key is refused, never a pass-phrase prompt on the terminal.
  ASSERT_EQ(std::system(("openssl pkey -in " + key_dir_->file("rsa.pem") + " -aes256 -passout pass:x -out " + secret +
                         " 2>/dev/null")
                            .c_str()),
            0);
  EXPECT_EQ(DkimSigner::create({kDomain, "s", read_file(secret), "", ""}).code(), ErrorCode::invalid);

  const DkimSigner s = signer();
  EXPECT_EQ(s.sign("no header separator").code(), ErrorCode::invalid);
  EXPECT_EQ(s.sign("From: a@b.example\nTo: c@d.example\r\n\r\nbody\r\n").code(), ErrorCode::invalid);
  EXPECT_EQ(s.sign("From: a@b.example\r\n\r\nbare\nline feed\r\n").code(), ErrorCode::invalid);
  EXPECT_EQ(s.sign("From: a@b.example\r\n\r\nbare\rcarriage return\r\n").code(), ErrorCode::invalid);
  EXPECT_EQ(s.sign(" continued\r\nFrom: a@b.example\r\n\r\n").code(), ErrorCode::invalid);
  EXPECT_EQ(s.sign("no colon here\r\n\r\n").code(), ErrorCode::invalid);
}

}  // namespace
}  // namespace barometer::mail
