// DkimSigner: signatures made with libopendkim verify with python3-dkim (offline, the public key
// served by a stub DNS function) and stop verifying when a signed header or the body changes.
#include "mail/dkim.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
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

class DkimTest : public ::testing::Test {
 protected:
  // One key for the suite: generating RSA keys is the slow part.
  static void SetUpTestSuite() {
    key_dir_ = new TempDir();
    const std::string key = key_dir_->file("key.pem"), pub = key_dir_->file("pub.pem");
    const std::string cmd = "openssl genrsa -out " + key + " 2048 2>/dev/null && openssl rsa -in " + key +
                            " -pubout -out " + pub + " 2>/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << "openssl is needed for this test";
    private_pem_ = read_file(key);
    public_pem_path_ = pub;
  }
  static void TearDownTestSuite() {
    delete key_dir_;
    key_dir_ = nullptr;
  }

  std::string message() {
    OutgoingMessage m;
    m.from = {"Барометр", "digest@barometer.example"};
    m.to = {"", "reader@example.org"};
    m.subject = "Ситуация в Беларуси";
    m.text = "Экономика: ситуация ухудшилась.\n";
    m.html = "<p>Экономика: ситуация ухудшилась.</p>";
    m.message_id = make_message_id("barometer.example", "k");
    m.date = from_unix(1646560800);
    m.headers = {{"List-Id", "<digest.barometer.example>"},
                 {"List-Unsubscribe", "<https://barometer.example/ru/unsubscribe/tok>, <mailto:unsubscribe@barometer.example?subject=tok>"},
                 {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
    auto mime = build_mime(m);
    EXPECT_TRUE(mime.ok());
    return mime.ok() ? *mime : std::string();
  }

  std::string verify(const std::string& signed_message) {
    const auto path = dir_.path() / "signed.eml";
    write_file(path, signed_message);
    auto [status, out] = run_python(source_dir() / "tests" / "mail" / "dkim_verify.py", {path.string(), public_pem_path_});
    EXPECT_EQ(status, 0) << out;
    return out;
  }

  DkimSigner signer() {
    auto s = DkimSigner::create({"barometer.example", "mail2026", private_pem_});
    EXPECT_TRUE(s.ok()) << s.error().message;
    return std::move(s).value();
  }

  TempDir dir_;
  static inline TempDir* key_dir_ = nullptr;
  static inline std::string private_pem_;
  static inline std::string public_pem_path_;
};

TEST_F(DkimTest, SignatureVerifiesWithPythonDkim) {
  auto signed_message = signer().sign(message());
  ASSERT_TRUE(signed_message.ok()) << signed_message.error().message;
  const std::string out = verify(*signed_message);
  EXPECT_TRUE(out.starts_with("pass")) << out;
  EXPECT_NE(out.find("dns mail2026._domainkey.barometer.example"), std::string::npos) << out;
}

TEST_F(DkimTest, OneSignerSharedByThreadsSignsEveryMessageCorrectly) {
  // The digest sender's workers share one signer and sign at the same time: every signature must
  // still verify, each over its own message (a mix-up between threads would fail the body hash).
  const DkimSigner shared = signer();
  const std::string base = message();
  const std::size_t body = base.find("\r\n\r\n");
  ASSERT_NE(body, std::string::npos);
  constexpr int kThreads = 4, kEach = 25;
  std::vector<std::vector<std::string>> signed_messages(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        // A different body per message, so each signature is over its own body hash.
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

TEST_F(DkimTest, SignerFromTheKeyFileSignsAndAMissingFileIsNamed) {
  auto from_file = DkimSigner::from_key_file("barometer.example", "mail2026", key_dir_->file("key.pem"));
  ASSERT_TRUE(from_file.ok()) << from_file.error().message;
  auto signed_message = from_file->sign(message());
  ASSERT_TRUE(signed_message.ok()) << signed_message.error().message;
  EXPECT_TRUE(verify(*signed_message).starts_with("pass"));
  const std::string missing = dir_.file("no-such-key.pem");
  auto none = DkimSigner::from_key_file("barometer.example", "mail2026", missing);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.code(), ErrorCode::invalid);
  EXPECT_NE(none.error().message.find(missing), std::string::npos) << none.error().message;
  const std::string not_a_key = dir_.file("text.pem");
  write_file(not_a_key, "hello");
  EXPECT_EQ(DkimSigner::from_key_file("barometer.example", "mail2026", not_a_key).code(), ErrorCode::invalid);
}

TEST_F(DkimTest, SignatureCoversUnsubscribeAndIdentityHeaders) {
  auto header = signer().signature_header(message());
  ASSERT_TRUE(header.ok()) << header.error().message;
  EXPECT_TRUE(header->starts_with("DKIM-Signature: "));
  EXPECT_TRUE(header->ends_with("\r\n"));
  // h= lists the signed headers (possibly folded): unfold before looking.
  std::string unfolded;
  for (char c : *header)
    if (c != '\r' && c != '\n' && c != '\t' && c != ' ') unfolded += c;
  const auto h = unfolded.find(";h=");
  ASSERT_NE(h, std::string::npos) << *header;
  const std::string list = unfolded.substr(h + 3, unfolded.find(';', h + 3) - h - 3);
  for (const char* name : {"From", "To", "Subject", "Date", "Message-I", "List-Id", "List-Unsubscribe",
                           "List-Unsubscribe-Post", "MIME-Version", "Content-Type"})
    EXPECT_NE(list.find(name), std::string::npos) << name << " not in h=" << list;
  EXPECT_NE(unfolded.find("a=rsa-sha256"), std::string::npos);
  EXPECT_NE(unfolded.find("c=relaxed/relaxed"), std::string::npos);
  EXPECT_NE(unfolded.find("d=barometer.example"), std::string::npos);
  EXPECT_NE(unfolded.find("s=mail2026"), std::string::npos);
}

TEST_F(DkimTest, TamperedSignedHeaderOrBodyFailsVerification) {
  auto signed_message = signer().sign(message());
  ASSERT_TRUE(signed_message.ok());
  std::string tampered = *signed_message;
  const auto pos = tampered.find("List-Unsubscribe: <https://barometer.example/ru/unsubscribe/tok>");
  ASSERT_NE(pos, std::string::npos) << tampered;
  tampered.replace(pos, 64, "List-Unsubscribe: <https://evil.example/ru/unsubscribe/tok>    ");
  EXPECT_TRUE(verify(tampered).starts_with("fail"));

  std::string body_changed = *signed_message;
  body_changed.insert(body_changed.size(), "extra line\r\n");
  EXPECT_TRUE(verify(body_changed).starts_with("fail"));

  // Relaxed canonicalisation: whitespace changes in a signed header still verify.
  std::string relaxed = *signed_message;
  const auto list_id = relaxed.find("List-Id: <digest");
  ASSERT_NE(list_id, std::string::npos);
  relaxed.replace(list_id, 9, "List-Id:   ");
  EXPECT_TRUE(verify(relaxed).starts_with("pass"));
}

TEST_F(DkimTest, BadOptionsAndMessagesAreInvalid) {
  EXPECT_EQ(DkimSigner::create({"", "s", private_pem_}).code(), ErrorCode::invalid);
  EXPECT_EQ(DkimSigner::create({"barometer.example", "a.b", private_pem_}).code(), ErrorCode::invalid);
  EXPECT_EQ(DkimSigner::create({"barometer.example", "s", "not a key"}).code(), ErrorCode::invalid);
  auto garbage_key = DkimSigner::create({"barometer.example", "s", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"});
  ASSERT_TRUE(garbage_key.ok());
  EXPECT_EQ(garbage_key->sign(message()).code(), ErrorCode::invalid);
  EXPECT_EQ(signer().sign("no header separator").code(), ErrorCode::invalid);
}

}  // namespace
}  // namespace barometer::mail
