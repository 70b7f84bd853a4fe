// make_transport_factory: the configured relay, with smtp_require_tls turned into a transport
// that will not send over a relay without STARTTLS (aiosmtpd on loopback, offering no TLS).
#include "app/digest_delivery.hpp"

#include <gtest/gtest.h>

#include "support/python_tool.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

const std::string kMessage = "From: digest@barometer.example\r\nTo: reader@example.org\r\nSubject: x\r\n\r\nbody\r\n";

mail::SendResult send_through(const Config& config) {
  auto factory = make_transport_factory(config);
  EXPECT_TRUE(factory.ok()) << factory.error().message;
  auto transport = (*factory)();
  return transport->send({"digest@barometer.example", {"reader@example.org"}}, kMessage);
}

TEST(TransportFactory, RequireTlsRefusesARelayWithoutStarttls) {
  testing::TempDir dir;
  testing::SmtpServer server(dir.path() / "server");
  Config config;
  config.smtp_url = server.url();
  config.smtp_require_tls = true;
  const mail::SendResult refused = send_through(config);
  EXPECT_EQ(refused.outcome, mail::Outcome::transient) << refused.detail;
  EXPECT_NE(refused.detail.find("STARTTLS"), std::string::npos) << refused.detail;
  EXPECT_TRUE(server.messages().empty());

  config.smtp_require_tls = false;  // the default: plain when the relay has no TLS
  const mail::SendResult sent = send_through(config);
  EXPECT_EQ(sent.outcome, mail::Outcome::accepted) << sent.detail;
  EXPECT_EQ(server.messages().size(), 1u);
}

}  // namespace
}  // namespace barometer
