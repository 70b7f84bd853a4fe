// SmtpTransport::send_stream against a real SMTP server (aiosmtpd on loopback): results in order,
// one per message given, over one connection, with and without PIPELINING advertised; the
// next envelope really rides behind the previous message's end of data; a lost connection in
// the middle of a stream; no relay at all.
#include <gtest/gtest.h>

#include <string>
#include <vector>

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

std::string message_for(int n) {
  OutgoingMessage m;
  m.from = {"Барометр", "digest@barometer.example"};
  m.to = {"", "reader@example.org"};  // the envelope decides where it goes
  m.subject = "Ситуация в Беларуси";
  m.text = "Экономика: ситуация ухудшилась.\n.leading dot\n" + std::to_string(n) + "\n";
  m.message_id = make_message_id("barometer.example", std::to_string(n));
  m.date = from_unix(1646560800);
  auto mime = build_mime(m);
  EXPECT_TRUE(mime.ok());
  return mime.ok() ? *mime : std::string();
}

SmtpTransport transport_for(const SmtpServer& server) {
  SmtpOptions options;
  options.relay = *parse_smtp_url(server.url());
  options.connect_timeout_ms = 5'000;
  options.message_timeout_ms = 10'000;
  return SmtpTransport(options);
}

// Streams `recipients` (message n to recipients[n]); returns the results and logs the order of
// next/done calls ("n0 n1 d0 ...").
struct Stream {
  std::vector<SendResult> results;
  std::string calls;
  std::optional<SendResult> ended;
  int given = 0;
};

Stream stream(MailTransport& transport, const std::vector<std::string>& recipients) {
  Stream s;
  int done = 0;
  s.ended = transport.send_stream(
      [&](Envelope& e, std::string& m) {
        if (s.given == static_cast<int>(recipients.size())) return false;
        e = {"bounces@barometer.example", {recipients[s.given]}};
        m = message_for(s.given);
        s.calls += "n" + std::to_string(s.given++) + " ";
        return true;
      },
      [&](const SendResult& r) {
        s.results.push_back(r);
        s.calls += "d" + std::to_string(done++) + " ";
      });
  return s;
}

class SmtpStream : public ::testing::TestWithParam<bool> {
 protected:
  std::vector<std::string> server_args(std::vector<std::string> args) const {
    if (GetParam()) args.push_back("--pipelining");
    return args;
  }
};

TEST_P(SmtpStream, EveryMessageGetsItsResultInOrderOverOneConnection) {
  TempDir dir;
  SmtpServer server(dir.path() / "server", server_args({"--reject", "nobody@example.org", "--tempfail-data",
                                                        "full@example.org", "--tempfail", "later@example.org"}));
  auto transport = transport_for(server);
  const Stream s = stream(transport, {"r0@example.org", "nobody@example.org", "r2@example.org", "full@example.org",
                                      "bad address@example.org", "later@example.org", "r6@example.org"});
  EXPECT_FALSE(s.ended.has_value());
  ASSERT_EQ(s.results.size(), 7u) << s.calls;
  EXPECT_EQ(s.results[0].outcome, Outcome::accepted) << s.results[0].detail;
  EXPECT_EQ(s.results[1].outcome, Outcome::permanent);
  EXPECT_EQ(s.results[1].smtp_code, 550);
  EXPECT_EQ(s.results[2].outcome, Outcome::accepted) << s.results[2].detail;
  EXPECT_EQ(s.results[3].outcome, Outcome::transient);
  EXPECT_EQ(s.results[3].smtp_code, 452);
  EXPECT_EQ(s.results[4].outcome, Outcome::permanent) << "an address with a space never reaches the relay";
  EXPECT_EQ(s.results[4].smtp_code, 0);
  EXPECT_EQ(s.results[5].outcome, Outcome::transient);
  EXPECT_EQ(s.results[5].smtp_code, 451);
  EXPECT_EQ(s.results[6].outcome, Outcome::accepted) << s.results[6].detail;
  EXPECT_EQ(server.connections(), 1);

  // Exactly the accepted ones arrived, intact (dot-stuffing undone by the server), in order.
  const auto received = server.messages();
  ASSERT_EQ(received.size(), 3u);
  const int expected[] = {0, 2, 6};
  for (std::size_t i = 0; i < received.size(); ++i) {
    const auto parsed = parse_with_python(received[i]);
    EXPECT_EQ(parsed["message_id"], make_message_id("barometer.example", std::to_string(expected[i])));
    EXPECT_EQ(parsed["parts"][0]["content"],
              "Экономика: ситуация ухудшилась.\n.leading dot\n" + std::to_string(expected[i]) + "\n");
  }
}

TEST_P(SmtpStream, ALostConnectionMakesThatMessageUncertainAndTheRestGoOn) {
  TempDir dir;
  SmtpServer server(dir.path() / "server", server_args({"--drop-after-data", "lost@example.org"}));
  auto transport = transport_for(server);
  const Stream s = stream(transport, {"r0@example.org", "lost@example.org", "r2@example.org", "r3@example.org"});
  ASSERT_EQ(s.results.size(), 4u) << s.calls;
  EXPECT_EQ(s.results[0].outcome, Outcome::accepted);
  EXPECT_EQ(s.results[1].outcome, Outcome::uncertain) << s.results[1].detail;
  EXPECT_EQ(s.results[2].outcome, Outcome::accepted) << s.results[2].detail;
  EXPECT_EQ(s.results[3].outcome, Outcome::accepted) << s.results[3].detail;
  EXPECT_EQ(server.messages().size(), 4u) << "the lost one was stored: re-sending it is the receiver's duplicate";
  EXPECT_EQ(server.connections(), 2);
  // Messages are built ahead (while the relay answers); each one given still gets one result.
  EXPECT_EQ(s.given, 4) << s.calls;
}

INSTANTIATE_TEST_SUITE_P(Relay, SmtpStream, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Pipelining" : "NoPipelining"; });

TEST(SmtpStreamWire, TheNextEnvelopeRidesBehindTheEndOfData) {
  TempDir dir;
  SmtpServer server(dir.path() / "server", {"--pipelining", "--log-pipelining"});
  auto transport = transport_for(server);
  const Stream s = stream(transport, {"r0@example.org", "r1@example.org", "r2@example.org"});
  ASSERT_EQ(s.results.size(), 3u);
  for (const auto& r : s.results) EXPECT_EQ(r.outcome, Outcome::accepted) << r.detail;
  // The last message has no next one; the others' next MAIL FROM came before their 250.
  EXPECT_EQ(read_file(dir.path() / "server" / "pipelined"), "yes\nyes\nno\n");
}

TEST(SmtpStreamWire, PipelinesUnderStarttlsToo) {
  TempDir dir;
  testing::Certificate c(dir);
  ASSERT_TRUE(c.ok) << "openssl is needed for this test";
  SmtpServer server(dir.path() / "server",
                    {"--pipelining", "--log-pipelining", "--tls-cert", c.cert, "--tls-key", c.key});
  SmtpOptions options;
  options.relay = *parse_smtp_url(server.url());
  options.require_starttls = true;
  options.ca_file = c.cert;
  SmtpTransport transport(options);
  const Stream s = stream(transport, {"r0@example.org", "r1@example.org", "r2@example.org"});
  ASSERT_EQ(s.results.size(), 3u);
  for (const auto& r : s.results) EXPECT_EQ(r.outcome, Outcome::accepted) << r.detail;
  EXPECT_EQ(read_file(dir.path() / "server" / "tls"), "yes\nyes\nyes\n");
  EXPECT_EQ(read_file(dir.path() / "server" / "pipelined"), "yes\nyes\nno\n");
  EXPECT_EQ(server.connections(), 1);
}

TEST(SmtpStreamWire, WithoutPipeliningTheClientWaitsForEachReply) {
  TempDir dir;
  SmtpServer server(dir.path() / "server", {"--log-pipelining"});
  auto transport = transport_for(server);
  const Stream s = stream(transport, {"r0@example.org", "r1@example.org"});
  ASSERT_EQ(s.results.size(), 2u);
  EXPECT_EQ(read_file(dir.path() / "server" / "pipelined"), "no\nno\n");
}

TEST(SmtpStreamWire, NoRelayEndsTheStreamAtTheFirstMessage) {
  TempDir dir;
  int port = 0;
  {
    SmtpServer server(dir.path() / "server");
    port = server.port();
  }
  SmtpOptions options;
  options.relay = *parse_smtp_url("smtp://127.0.0.1:" + std::to_string(port));
  options.connect_timeout_ms = 2'000;
  SmtpTransport transport(options);
  const Stream s = stream(transport, {"r0@example.org", "r1@example.org", "r2@example.org"});
  ASSERT_TRUE(s.ended.has_value());
  EXPECT_EQ(s.ended->outcome, Outcome::transient);
  EXPECT_EQ(s.given, 1) << "the messages after the first were not asked for: " << s.calls;
  ASSERT_EQ(s.results.size(), 1u);
  EXPECT_EQ(s.results[0].outcome, Outcome::transient);
}

}  // namespace
}  // namespace barometer::mail
