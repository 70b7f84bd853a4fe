// SmtpTransport against a real SMTP server (aiosmtpd on loopback, tests/support/smtp_server.py)
// and MaildirTransport on a temporary directory: every outcome of the MailTransport contract.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "mail/maildir_transport.hpp"
#include "mail/message.hpp"
#include "mail/smtp_transport.hpp"
#include "parsed_message.hpp"
#include "test_certificate.hpp"

namespace barometer::mail {
namespace {

using testing::parse_with_python;
using testing::read_file;
using testing::SmtpServer;
using testing::TempDir;

std::string message_to(const std::string& address, const std::string& key = "k") {
  OutgoingMessage m;
  m.from = {"Барометр", "digest@barometer.example"};
  m.to = {"", address};
  m.subject = "Ситуация в Беларуси";
  // A line starting with "." checks that the SMTP dot-stuffing round-trips.
  m.text = "Экономика: ситуация ухудшилась.\n.leading dot\n";
  m.message_id = make_message_id("barometer.example", key);
  m.date = from_unix(1646560800);
  auto mime = build_mime(m);
  EXPECT_TRUE(mime.ok());
  return mime.ok() ? *mime : std::string();
}

Envelope envelope_to(const std::string& address) { return {"bounces@barometer.example", {address}}; }

SmtpTransport transport_for(const SmtpServer& server, const std::string& credentials = "") {
  auto url = parse_smtp_url("smtp://" + credentials + "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_TRUE(url.ok());
  SmtpOptions options;
  options.relay = *url;
  options.connect_timeout_ms = 5'000;
  options.message_timeout_ms = 10'000;
  return SmtpTransport(options);
}

TEST(SmtpTransport, AcceptedMessageArrivesIntact) {
  TempDir dir;
  SmtpServer server(dir.path() / "server");
  auto transport = transport_for(server);
  const std::string message = message_to("reader@example.org");
  const SendResult r = transport.send(envelope_to("reader@example.org"), message);
  EXPECT_EQ(r.outcome, Outcome::accepted) << r.detail;
  EXPECT_EQ(r.smtp_code, 250);
  ASSERT_EQ(server.messages().size(), 1u);
  const auto parsed = parse_with_python(server.messages()[0]);
  EXPECT_EQ(parsed["subject"], "Ситуация в Беларуси");
  EXPECT_EQ(parsed["parts"][0]["content"], "Экономика: ситуация ухудшилась.\n.leading dot\n");
  EXPECT_EQ(parsed["message_id"], make_message_id("barometer.example", "k"));
}

TEST(SmtpTransport, FourHundredsAreTransientFiveHundredsPermanent) {
  TempDir dir;
  SmtpServer server(dir.path() / "server", {"--tempfail", "later@example.org", "--reject", "nobody@example.org",
                                            "--tempfail-data", "full@example.org", "--reject-data", "spam@example.org"});
  auto transport = transport_for(server);
  SendResult r = transport.send(envelope_to("later@example.org"), message_to("later@example.org"));
  EXPECT_EQ(r.outcome, Outcome::transient) << r.detail;
  EXPECT_EQ(r.smtp_code, 451);
  EXPECT_NE(r.detail.find("Try again later"), std::string::npos) << r.detail;

  r = transport.send(envelope_to("nobody@example.org"), message_to("nobody@example.org"));
  EXPECT_EQ(r.outcome, Outcome::permanent) << r.detail;
  EXPECT_EQ(r.smtp_code, 550);

  r = transport.send(envelope_to("full@example.org"), message_to("full@example.org"));
  EXPECT_EQ(r.outcome, Outcome::transient) << r.detail;
  EXPECT_EQ(r.smtp_code, 452);

  r = transport.send(envelope_to("spam@example.org"), message_to("spam@example.org"));
  EXPECT_EQ(r.outcome, Outcome::permanent) << r.detail;
  EXPECT_EQ(r.smtp_code, 554);
  EXPECT_TRUE(server.messages().empty());

  // The transport is still usable after failures.
  r = transport.send(envelope_to("reader@example.org"), message_to("reader@example.org"));
  EXPECT_EQ(r.outcome, Outcome::accepted) << r.detail;
}

TEST(SmtpTransport, ConnectionLostAfterDataIsUncertain) {
  TempDir dir;
  SmtpServer server(dir.path() / "server", {"--drop-after-data", "lost@example.org"});
  auto transport = transport_for(server);
  const SendResult r = transport.send(envelope_to("lost@example.org"), message_to("lost@example.org"));
  EXPECT_EQ(r.outcome, Outcome::uncertain) << r.detail;
  EXPECT_EQ(r.smtp_code, 0);
  // The server did store it: exactly the case where counting it as failed would duplicate.
  EXPECT_EQ(server.messages().size(), 1u);
  // The next message goes over a new connection and is accepted.
  const SendResult next = transport.send(envelope_to("reader@example.org"), message_to("reader@example.org"));
  EXPECT_EQ(next.outcome, Outcome::accepted) << next.detail;
}

TEST(SmtpTransport, NoServerIsTransient) {
  TempDir dir;
  int port = 0;
  {
    SmtpServer server(dir.path() / "server");
    port = server.port();
  }  // stopped: nothing listens on the port now
  SmtpOptions options;
  options.relay = *parse_smtp_url("smtp://127.0.0.1:" + std::to_string(port));
  options.connect_timeout_ms = 2'000;
  SmtpTransport transport(options);
  const SendResult r = transport.send(envelope_to("reader@example.org"), message_to("reader@example.org"));
  EXPECT_EQ(r.outcome, Outcome::transient) << r.detail;
  EXPECT_FALSE(r.detail.empty());
}

TEST(SmtpTransport, ReusesOneConnectionForABatch) {
  TempDir dir;
  SmtpServer server(dir.path() / "server");
  auto transport = transport_for(server);
  for (int i = 0; i < 5; ++i) {
    const std::string to = "reader" + std::to_string(i) + "@example.org";
    const SendResult r = transport.send(envelope_to(to), message_to(to, std::to_string(i)));
    ASSERT_EQ(r.outcome, Outcome::accepted) << r.detail;
  }
  EXPECT_EQ(server.messages().size(), 5u);
  EXPECT_EQ(server.connections(), 1);
}

TEST(SmtpTransport, AuthPlainWithCredentialsFromTheUrl) {
  TempDir dir;
  SmtpServer server(dir.path() / "server", {"--auth", "news@example.org:s3cr@t"});
  auto good = transport_for(server, "news%40example.org:s3cr%40t@");
  SendResult r = good.send(envelope_to("reader@example.org"), message_to("reader@example.org"));
  EXPECT_EQ(r.outcome, Outcome::accepted) << r.detail;
  EXPECT_EQ(read_file(dir.path() / "server" / "auth"), "news@example.org\n");

  auto bad = transport_for(server, "news%40example.org:wrong@");
  r = bad.send(envelope_to("reader@example.org"), message_to("reader@example.org"));
  EXPECT_EQ(r.outcome, Outcome::transient) << "a refused login is the relay's problem, not the recipient's";
  EXPECT_EQ(r.smtp_code, 535) << r.detail;

  auto none = transport_for(server);
  r = none.send(envelope_to("reader@example.org"), message_to("reader@example.org"));
  EXPECT_NE(r.outcome, Outcome::accepted) << r.detail;
  EXPECT_EQ(server.messages().size(), 1u);
}

TEST(SmtpTransport, RequiredStarttlsWithoutTlsFailsTransient) {
  TempDir dir;
  SmtpServer server(dir.path() / "server");
  SmtpOptions options;
  options.relay = *parse_smtp_url(server.url());
  options.require_starttls = true;
  SmtpTransport transport(options);
  const SendResult r = transport.send(envelope_to("reader@example.org"), message_to("reader@example.org"));
  EXPECT_EQ(r.outcome, Outcome::transient) << r.detail;
  EXPECT_TRUE(server.messages().empty());
}

TEST(SmtpTransport, EnvelopeWithoutRecipientsIsPermanent) {
  TempDir dir;
  SmtpServer server(dir.path() / "server");
  auto transport = transport_for(server);
  EXPECT_EQ(transport.send({"bounces@barometer.example", {}}, message_to("x@example.org")).outcome, Outcome::permanent);
  EXPECT_EQ(transport.send({"a@b\r\nRSET", {"x@example.org"}}, message_to("x@example.org")).outcome, Outcome::permanent);
}

TEST(MaildirTransport, WritesAParseableFileIntoNew) {
  TempDir dir;
  auto maildir = MaildirTransport::open((dir.path() / "mail").string());
  ASSERT_TRUE(maildir.ok()) << maildir.error().message;
  const SendResult a = maildir->send(envelope_to("reader@example.org"), message_to("reader@example.org", "a"));
  EXPECT_EQ(a.outcome, Outcome::accepted) << a.detail;
  const std::string first = maildir->last_path();
  const SendResult b = maildir->send(envelope_to("reader@example.org"), message_to("reader@example.org", "b"));
  EXPECT_EQ(b.outcome, Outcome::accepted) << b.detail;
  EXPECT_NE(first, maildir->last_path()) << "every delivery gets its own name";
  EXPECT_EQ(std::filesystem::path(first).parent_path(), dir.path() / "mail" / "new");
  EXPECT_TRUE(std::filesystem::is_empty(dir.path() / "mail" / "tmp"));
  EXPECT_TRUE(std::filesystem::is_directory(dir.path() / "mail" / "cur"));
  int count = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path() / "mail" / "new")) {
    (void)e;
    ++count;
  }
  EXPECT_EQ(count, 2);
  const auto parsed = parse_with_python(first);
  EXPECT_EQ(parsed["subject"], "Ситуация в Беларуси");
  EXPECT_EQ(parsed["message_id"], make_message_id("barometer.example", "a"));
}

TEST(MaildirTransport, UnwritableDirectoryIsAnError) {
  TempDir dir;
  testing::write_file(dir.path() / "file", "x");
  EXPECT_EQ(MaildirTransport::open((dir.path() / "file" / "mail").string()).code(), ErrorCode::io);
  auto maildir = MaildirTransport::open((dir.path() / "mail").string());
  ASSERT_TRUE(maildir.ok());
  std::filesystem::remove_all(dir.path() / "mail");
  const SendResult r = maildir->send(envelope_to("reader@example.org"), message_to("reader@example.org"));
  EXPECT_EQ(r.outcome, Outcome::transient);
  EXPECT_NE(r.detail.find("cannot create"), std::string::npos) << r.detail;
}

}  // namespace
}  // namespace barometer::mail

namespace barometer::mail {
namespace {

using testing::Certificate;

std::string tls_log(const TempDir& dir) { return read_file(dir.path() / "server" / "tls"); }

TEST(SmtpTransport, StartTlsWhenOfferedAndVerified) {
  TempDir dir;
  Certificate c(dir);
  ASSERT_TRUE(c.ok) << "openssl is needed for this test";
  SmtpServer server(dir.path() / "server", {"--tls-cert", c.cert, "--tls-key", c.key});
  SmtpOptions options;
  options.relay = *parse_smtp_url(server.url());
  options.require_starttls = true;
  options.ca_file = c.cert;
  SmtpTransport transport(options);
  for (int i = 0; i < 2; ++i) {
    const SendResult r = transport.send(envelope_to("reader@example.org"), message_to("reader@example.org"));
    EXPECT_EQ(r.outcome, Outcome::accepted) << r.detail;
  }
  EXPECT_EQ(tls_log(dir), "yes\nyes\n");
  EXPECT_EQ(server.connections(), 1) << "TLS connections are reused too";

  // Without the CA the certificate is not trusted: nothing is sent in the clear instead.
  options.ca_file.clear();
  SmtpTransport untrusted(options);
  const SendResult r = untrusted.send(envelope_to("reader@example.org"), message_to("reader@example.org"));
  EXPECT_EQ(r.outcome, Outcome::transient) << r.detail;
  EXPECT_EQ(server.messages().size(), 2u);
}

TEST(SmtpTransport, ImplicitTlsWithSmtps) {
  TempDir dir;
  Certificate c(dir);
  ASSERT_TRUE(c.ok);
  SmtpServer server(dir.path() / "server", {"--tls-cert", c.cert, "--tls-key", c.key, "--implicit-tls"});
  SmtpOptions options;
  options.relay = *parse_smtp_url("smtps://127.0.0.1:" + std::to_string(server.port()));
  options.ca_file = c.cert;
  SmtpTransport transport(options);
  const SendResult r = transport.send(envelope_to("reader@example.org"), message_to("reader@example.org"));
  EXPECT_EQ(r.outcome, Outcome::accepted) << r.detail;
  EXPECT_EQ(tls_log(dir), "yes\n");
}

// A relay (or a man in the middle) that sends a reply in the clear right behind its 220 to
// STARTTLS: the client must not carry it over into the TLS session. Scripted with a raw socket,
// since a real server does not misbehave this way.
TEST(SmtpTransport, RepliesInjectedBehindTheStarttlsReplyAreRefused) {
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(listener, 1), 0);
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
  std::string heard;
  std::thread relay([&] {
    const int c = ::accept(listener, nullptr, nullptr);
    if (c < 0) return;
    auto say = [&](const std::string& text) { (void)!::write(c, text.data(), text.size()); };
    auto hear_line = [&] {
      std::string line;
      char ch = 0;
      while (::read(c, &ch, 1) == 1 && ch != '\n') line += ch;
      heard += line + "\n";
    };
    say("220 relay.test ESMTP\r\n");
    hear_line();  // EHLO
    say("250-relay.test\r\n250 STARTTLS\r\n");
    hear_line();  // STARTTLS
    say("220 Ready to start TLS\r\n250 injected\r\n");
    char rest[256];
    while (::read(c, rest, sizeof rest) > 0) {  // until the client closes
    }
    ::close(c);
  });
  SmtpOptions options;
  options.relay = *parse_smtp_url("smtp://127.0.0.1:" + std::to_string(ntohs(address.sin_port)));
  options.connect_timeout_ms = 5'000;
  options.message_timeout_ms = 5'000;
  SendResult r;
  {
    SmtpTransport transport(options);
    r = transport.send(envelope_to("reader@example.org"), message_to("reader@example.org"));
  }
  relay.join();
  ::close(listener);
  EXPECT_EQ(r.outcome, Outcome::transient) << r.detail;
  EXPECT_NE(r.detail.find("after its reply to STARTTLS"), std::string::npos) << r.detail;
  EXPECT_EQ(heard.find("MAIL FROM"), std::string::npos) << heard;
}

TEST(SmtpTransport, PlainWhenStartTlsIsNotOfferedAndNotRequired) {
  TempDir dir;
  SmtpServer server(dir.path() / "server");
  auto transport = transport_for(server);
  EXPECT_EQ(transport.send(envelope_to("reader@example.org"), message_to("reader@example.org")).outcome, Outcome::accepted);
  EXPECT_EQ(tls_log(dir), "no\n");
}

}  // namespace
}  // namespace barometer::mail
